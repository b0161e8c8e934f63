//! `ferrograd::data::datasets::digits` against scikit-learn's `load_digits()`: counts, a few
//! images and labels, and checksums recorded by `data/digits/gen_digits.py` into
//! `tests/data/digits.json`.

use ferrograd::data::datasets::{digits, DIGITS_BYTES, DIGITS_LEN};
use ferrograd::DType;
use serde_json::Value;

fn recorded() -> Value {
    serde_json::from_str(include_str!("data/digits.json")).expect("valid JSON")
}

/// The pixel counts (0..=16) back from the scaled images, and the labels.
fn counts_and_labels() -> (Vec<i64>, Vec<i64>) {
    let d = digits();
    let pixels = d.images.to_vec::<f32>();
    let counts = pixels
        .iter()
        .map(|&p| {
            let c = p * 16.0;
            assert_eq!(c, c.round(), "a pixel is a count divided by 16");
            c as i64
        })
        .collect();
    (counts, d.labels.to_vec::<i64>())
}

#[test]
fn shapes_dtypes_and_class_counts_are_scikit_learns() {
    let r = recorded();
    let d = digits();
    assert_eq!(DIGITS_LEN as u64, r["n_samples"].as_u64().unwrap());
    assert_eq!(DIGITS_BYTES.len(), DIGITS_LEN * 65);
    assert_eq!(d.images.shape(), &[DIGITS_LEN, 64]);
    assert_eq!(d.images.dtype(), DType::Float32);
    assert_eq!(d.labels.shape(), &[DIGITS_LEN]);
    assert_eq!(d.labels.dtype(), DType::Int64);
    let mut classes = vec![0u64; 10];
    for l in d.labels.to_vec::<i64>() {
        classes[l as usize] += 1;
    }
    let want: Vec<u64> = serde_json::from_value(r["class_counts"].clone()).unwrap();
    assert_eq!(classes, want);
}

#[test]
fn known_images_and_labels_are_scikit_learns() {
    let r = recorded();
    let (counts, labels) = counts_and_labels();
    let known = r["known"].as_object().unwrap();
    assert!(known.len() >= 5);
    for (i, v) in known {
        let i: usize = i.parse().unwrap();
        let image: Vec<i64> = serde_json::from_value(v["image"].clone()).unwrap();
        assert_eq!(&counts[i * 64..(i + 1) * 64], &image[..], "image {i}");
        assert_eq!(labels[i], v["label"].as_i64().unwrap(), "label {i}");
    }
}

#[test]
fn checksums_match_scikit_learns_array() {
    let r = recorded();
    let (counts, labels) = counts_and_labels();
    assert_eq!(counts.iter().sum::<i64>(), r["pixel_sum"].as_i64().unwrap());
    let mut histogram = vec![0i64; 17];
    for &c in &counts {
        histogram[c as usize] += 1;
    }
    let want: Vec<i64> = serde_json::from_value(r["pixel_value_counts"].clone()).unwrap();
    assert_eq!(histogram, want);
    // (position + 1) * value over the rows flattened as pixels then label: catches any
    // reordering of rows or pixels that the sums above would not
    let mut weighted = 0i64;
    let mut k = 1i64;
    for (img, &label) in counts.chunks_exact(64).zip(&labels) {
        for &c in img.iter().chain(std::iter::once(&label)) {
            weighted += k * c;
            k += 1;
        }
    }
    assert_eq!(weighted, r["weighted_sum"].as_i64().unwrap());
}
