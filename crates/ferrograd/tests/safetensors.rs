//! State dicts in the safetensors format against a file written by PyTorch's
//! `safetensors.torch.save_file` (`data/gen_safetensors.py`): every tensor reads back with its
//! values, and writing PyTorch's float32/float64/int64/bool tensors again gives its bytes.

use ferrograd::serialize::{from_safetensors, load_safetensors, save_safetensors, to_safetensors};
use ferrograd::{DType, Tensor};
use serde_json::Value;

const FILE: &[u8] = include_bytes!("data/torch_state.safetensors");
const CORE: &[u8] = include_bytes!("data/torch_state_core.safetensors");

fn expected() -> Value {
    serde_json::from_str(include_str!("data/torch_state.json")).expect("valid JSON")
}

#[test]
fn pytorchs_file_reads_with_its_values() {
    let sd = from_safetensors(FILE).unwrap();
    let want = expected();
    assert_eq!(sd.len(), want.as_object().unwrap().len());
    for (name, t) in &sd {
        let w = &want[name];
        let shape: Vec<usize> = serde_json::from_value(w["shape"].clone()).unwrap();
        assert_eq!(t.shape(), shape.as_slice(), "{name}");
        let dtype = match w["dtype"].as_str().unwrap() {
            "float32" => DType::Float32,
            "float64" => DType::Float64,
            "bool" => DType::Bool,
            _ => DType::Int64, // int64, and the smaller integers, which load as int64
        };
        assert_eq!(t.dtype(), dtype, "{name}");
        let values: Vec<f64> = w["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                v.as_f64()
                    .unwrap_or_else(|| f64::from(u8::from(v.as_bool().unwrap())))
            })
            .collect();
        assert_eq!(t.to_f64_vec(), values, "{name}");
    }
}

#[test]
fn writing_pytorchs_tensors_again_gives_its_bytes() {
    // the file without the tensors ferrograd widens (int32, uint8), written by us and by
    // safetensors from the same tensors, must be byte-identical: PyTorch reads what we write
    let sd: Vec<(String, Tensor)> = from_safetensors(FILE)
        .unwrap()
        .into_iter()
        .filter(|(n, _)| n != "small_ints" && n != "bytes")
        .collect();
    let ours = to_safetensors(&sd).unwrap();
    assert_eq!(
        ours, CORE,
        "the bytes safetensors.torch writes for the same tensors"
    );
    let again = from_safetensors(&ours).unwrap();
    for ((n1, a), (n2, b)) in sd.iter().zip(&again) {
        assert_eq!(n1, n2);
        assert_eq!(a.to_f64_vec(), b.to_f64_vec());
        assert_eq!(a.dtype(), b.dtype());
    }
    let path =
        std::env::temp_dir().join(format!("ferrograd_st_{}.safetensors", std::process::id()));
    save_safetensors(&sd, &path).unwrap();
    assert_eq!(load_safetensors(&path).unwrap().len(), sd.len());
    std::fs::remove_file(&path).ok();
}

#[test]
fn bad_files_and_names_are_errors() {
    assert!(from_safetensors(&FILE[..20]).is_err());
    let t = Tensor::new(1.0);
    let e = to_safetensors(&[("a".into(), t.clone()), ("a".into(), t)]).unwrap_err();
    assert_eq!(e.to_string(), "the name 'a' is given twice");
}
