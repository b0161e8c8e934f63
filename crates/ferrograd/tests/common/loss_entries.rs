//! OpInfo entries of the losses and nn functions: each reduction and option, the target
//! differentiated too where PyTorch differentiates it.

use super::op_info::{fixed, Domain, OpInfo};
use ferrograd::{ClassLossOptions, DType, Reduction, Tensor};

use Domain::Range;

const ANY: Domain = Range(-1.5, 1.5);
const PROB: Domain = Range(0.1, 0.9);
const REDUCTIONS: [(Reduction, &str); 3] = [
    (Reduction::None, "none"),
    (Reduction::Mean, "mean"),
    (Reduction::Sum, "sum"),
];

/// The loss entries.
pub fn entries(v: &mut Vec<OpInfo>) {
    let pair: &[&[usize]] = &[&[3, 4], &[3, 4]];
    for (r, rn) in REDUCTIONS {
        v.push(OpInfo::new(
            format!("mse_loss {rn}"),
            move |x| x[0].try_mse_loss_with(&x[1], r).unwrap(),
            fixed(pair, ANY),
        ));
        v.push(OpInfo::new(
            format!("l1_loss {rn}"),
            move |x| x[0].try_l1_loss(&x[1], r).unwrap(),
            fixed(pair, ANY),
        ));
        for beta in [1.0, 0.4] {
            v.push(OpInfo::new(
                format!("smooth_l1_loss {rn} beta={beta}"),
                move |x| x[0].try_smooth_l1_loss(&x[1], r, beta).unwrap(),
                fixed(pair, ANY),
            ));
            v.push(OpInfo::new(
                format!("huber_loss {rn} delta={beta}"),
                move |x| x[0].try_huber_loss(&x[1], r, beta).unwrap(),
                fixed(pair, ANY),
            ));
        }
        v.push(OpInfo::new(
            format!("binary_cross_entropy {rn}"),
            move |x| x[0].try_binary_cross_entropy(&x[1], None, r).unwrap(),
            fixed(pair, PROB),
        ));
        let w = Tensor::new([0.5, 1.0, 2.0, 0.25]);
        v.push(OpInfo::new(
            format!("binary_cross_entropy {rn} weight"),
            move |x| {
                let w = w.to_dtype(x[0].dtype());
                x[0].try_binary_cross_entropy(&x[1], Some(&w), r).unwrap()
            },
            fixed(pair, PROB),
        ));
        v.push(OpInfo::new(
            format!("binary_cross_entropy_with_logits {rn}"),
            move |x| {
                x[0].try_binary_cross_entropy_with_logits(&x[1].sigmoid(), None, None, r)
                    .unwrap()
            },
            fixed(pair, ANY),
        ));
        let pw = Tensor::new([0.5, 1.0, 2.0, 3.0]);
        v.push(OpInfo::new(
            format!("binary_cross_entropy_with_logits {rn} pos_weight"),
            move |x| {
                let (w, pw) = (pw.to_dtype(x[0].dtype()), pw.to_dtype(x[0].dtype()) * 2.0);
                x[0].try_binary_cross_entropy_with_logits(&x[1].sigmoid(), Some(&w), Some(&pw), r)
                    .unwrap()
            },
            fixed(pair, ANY),
        ));
        v.push(OpInfo::new(
            format!("kl_div {rn}"),
            move |x| x[0].kl_div(&x[1].softmax(1), rn, false),
            fixed(pair, ANY),
        ));
        v.push(OpInfo::new(
            format!("kl_div {rn} log_target"),
            move |x| x[0].kl_div(&x[1].log_softmax(1), rn, true),
            fixed(pair, ANY),
        ));
        let t = Tensor::new([0i64, 3, 2]);
        let opts = ClassLossOptions::new()
            .reduction(r)
            .weight(Tensor::new([0.2, 1.0, 2.5, 0.7]))
            .ignore_index(2);
        let o = opts.clone();
        let tt = t.clone();
        v.push(OpInfo::new(
            format!("nll_loss {rn} weight ignore_index"),
            move |x| {
                let o = with_dtype(&o, x[0].dtype());
                x[0].log_softmax(1).try_nll_loss_opts(&tt, &o).unwrap()
            },
            fixed(&[&[3, 4]], ANY),
        ));
        let o = opts.clone().label_smoothing(0.2);
        let tt = t.clone();
        v.push(OpInfo::new(
            format!("cross_entropy {rn} label_smoothing weight"),
            move |x| {
                let o = with_dtype(&o, x[0].dtype());
                x[0].try_cross_entropy_opts(&tt, &o).unwrap()
            },
            fixed(&[&[3, 4]], ANY),
        ));
        let o = ClassLossOptions::new().reduction(r).label_smoothing(0.1);
        v.push(OpInfo::new(
            format!("cross_entropy {rn} probabilities"),
            move |x| x[0].try_cross_entropy_opts(&x[1].softmax(1), &o).unwrap(),
            fixed(pair, ANY),
        ));
    }
    let idx = Tensor::new([[0i64, 2], [2, 1]]);
    v.push(
        OpInfo::new(
            "embedding",
            move |x| {
                // (padding_idx zeroes a row's gradient on purpose: not a derivative to check)
                let e = Tensor::try_embedding(&x[0], &idx, None).unwrap();
                &e * &e
            },
            fixed(&[&[3, 2]], ANY),
        )
        // the lookup is linear; squared so that second order runs through it
        .f64_only(),
    );
    v.push(OpInfo::new(
        "bilinear",
        |x| Tensor::try_bilinear(&x[0], &x[1], &x[2], Some(&x[3])).unwrap(),
        fixed(&[&[2, 3], &[2, 2], &[4, 3, 2], &[4]], ANY),
    ));
}

fn with_dtype(o: &ClassLossOptions, dt: DType) -> ClassLossOptions {
    let mut o = o.clone();
    o.weight = o.weight.map(|w| w.to_dtype(dt));
    o
}
