//! The Box–Muller transforms of ATen's CPU `normal_` kernel, reproduced operation by operation.
//!
//! A contiguous tensor of at least 16 elements is filled with uniforms first, then transformed
//! in blocks of 16 (the first 8 give the radii, the last 8 the angles). For float32, PyTorch
//! runs the block through AVX2 code whose `log` and `sincos` are Cephes polynomials
//! (`avx_mathfun.h`); the float32 functions below are those polynomials lane by lane, in
//! the same order of roundings, so the results are the same bits. Float64 uses the C library's
//! `log`, `cos` and `sin`, as PyTorch's scalar block does.
//!
//! PyTorch's CPU kernels are compiled with floating-point contraction: a product whose only
//! use is an addition becomes one fused multiply-add. The `mul_add` calls below sit exactly
//! where the compiler fuses, because each fusion changes the last bit of some results.

// Cephes single-precision constants, written as in avx_mathfun.h and rounded to float there.
#![allow(clippy::excessive_precision)]
const SQRTHF: f32 = std::f64::consts::FRAC_1_SQRT_2 as f32;
const LOG_P: [f32; 9] = [
    7.0376836292E-2_f64 as f32,
    -1.1514610310E-1_f64 as f32,
    1.1676998740E-1_f64 as f32,
    -1.2420140846E-1_f64 as f32,
    1.4249322787E-1_f64 as f32,
    -1.6668057665E-1_f64 as f32,
    2.0000714765E-1_f64 as f32,
    -2.4999993993E-1_f64 as f32,
    3.3333331174E-1_f64 as f32,
];
const LOG_Q1: f32 = -2.12194440e-4_f64 as f32;
const LOG_Q2: f32 = 0.693359375;
const DP1: f32 = -0.78515625;
const DP2: f32 = -2.4187564849853515625e-4;
const DP3: f32 = -3.77489497744594108e-8_f64 as f32;
const SINCOF: [f32; 3] = [
    -1.9515295891E-4_f64 as f32,
    8.3321608736E-3_f64 as f32,
    -1.6666654611E-1_f64 as f32,
];
const COSCOF: [f32; 3] = [
    2.443315711809948E-005_f64 as f32,
    -1.388731625493765E-003_f64 as f32,
    4.166664568298827E-002_f64 as f32,
];
const FOPI: f32 = 1.27323954473516_f64 as f32; // 4 / pi

/// `log256_ps` for one lane: natural logarithm, NaN for `x <= 0`.
#[inline(always)]
pub(crate) fn cephes_logf(x: f32) -> f32 {
    let invalid = x <= 0.0;
    let x = x.max(f32::from_bits(0x0080_0000));
    let bits = x.to_bits();
    let mut e = ((bits >> 23) as i32 - 0x7f) as f32 + 1.0;
    let mut x = f32::from_bits((bits & !0x7f80_0000) | 0.5f32.to_bits());
    let small = x < SQRTHF;
    let tmp = if small { x } else { 0.0 };
    x -= 1.0;
    if small {
        e -= 1.0;
    }
    x += tmp;
    let z = x * x;
    let mut y = LOG_P[0];
    for &p in &LOG_P[1..] {
        y = y.mul_add(x, p);
    }
    y *= x;
    y = y.mul_add(z, e * LOG_Q1);
    y = (-z).mul_add(0.5, y);
    x += y;
    x = e.mul_add(LOG_Q2, x);
    if invalid {
        f32::NAN
    } else {
        x
    }
}

/// `sincos256_ps` for one lane: `(sin x, cos x)`.
#[inline(always)]
pub(crate) fn cephes_sincosf(x: f32) -> (f32, f32) {
    let sign_in = x.to_bits() & 0x8000_0000;
    let mut x = x.abs();
    let mut j = (x * FOPI) as i32; // truncation, as cvttps
    j = (j + 1) & !1;
    let y = j as f32;
    let swap_sin = ((j & 4) as u32) << 29;
    let poly_mask = j & 2 == 0;
    x = y.mul_add(DP1, x);
    x = y.mul_add(DP2, x);
    x = y.mul_add(DP3, x);
    let sign_cos = ((!(j - 2) & 4) as u32) << 29;
    let sign_sin = sign_in ^ swap_sin;
    let z = x * x;
    let mut c = COSCOF[0].mul_add(z, COSCOF[1]);
    c = c.mul_add(z, COSCOF[2]);
    c *= z;
    c = c.mul_add(z, -(z * 0.5));
    c += 1.0;
    let mut s = SINCOF[0].mul_add(z, SINCOF[1]);
    s = s.mul_add(z, SINCOF[2]);
    s *= z;
    s = s.mul_add(x, x);
    let (sin, cos) = if poly_mask { (s, c) } else { (c, s) };
    (
        f32::from_bits(sin.to_bits() ^ sign_sin),
        f32::from_bits(cos.to_bits() ^ sign_cos),
    )
}

/// One block of 16 float32 uniforms turned into 16 normals (`normal_fill_16_AVX2`).
#[inline(always)]
pub(crate) fn normal_block_f32(d: &mut [f32], mean: f32, std: f32) {
    let two_pi = (2.0 * std::f64::consts::PI) as f32;
    for j in 0..8 {
        let u1 = 1.0 - d[j];
        let u2 = d[j + 8];
        let radius = (-2.0 * cephes_logf(u1)).sqrt();
        let (sin, cos) = cephes_sincosf(two_pi * u2);
        d[j] = (radius * cos).mul_add(std, mean);
        d[j + 8] = (radius * sin).mul_add(std, mean);
    }
}

/// One block of 16 float64 uniforms turned into 16 normals (`normal_fill_16<double>`).
#[inline(always)]
pub(crate) fn normal_block_f64(d: &mut [f64], mean: f64, std: f64) {
    for j in 0..8 {
        let u1 = 1.0 - d[j];
        let u2 = d[j + 8];
        let radius = (-2.0 * u1.ln()).sqrt();
        let theta = 2.0 * std::f64::consts::PI * u2;
        d[j] = (radius * theta.cos()).mul_add(std, mean);
        d[j + 8] = (radius * theta.sin()).mul_add(std, mean);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polynomials_are_accurate() {
        for i in 1..2000 {
            let x = i as f32 / 1000.0;
            assert!((cephes_logf(x) as f64 - (x as f64).ln()).abs() < 3e-7);
            let (s, c) = cephes_sincosf(x * 3.0);
            assert!((s as f64 - (x as f64 * 3.0).sin()).abs() < 3e-7);
            assert!((c as f64 - (x as f64 * 3.0).cos()).abs() < 3e-7);
        }
        assert!(cephes_logf(0.0).is_nan());
        assert_eq!(cephes_logf(1.0), 0.0);
    }
}
