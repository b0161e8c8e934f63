//! The 32-bit Mersenne Twister exactly as ATen's CPU generator runs it (`at::mt19937`): the
//! 2002 initialisation of Matsumoto and Nishimura from the low 32 bits of a 64-bit seed, a
//! state refreshed lazily on the first draw, and the standard tempering. The whole state,
//! including the position in the block, round-trips through [`Mt19937::to_bytes`] in the
//! layout of PyTorch's `torch.get_rng_state()`.

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER: u32 = 0x8000_0000;
const LOWER: u32 = 0x7fff_ffff;

/// The size in bytes of PyTorch's serialised CPU generator state.
pub(crate) const STATE_BYTES: usize = 5056;

/// A Mersenne Twister with PyTorch's bookkeeping (`left`, `next`, the 64-bit seed).
#[derive(Clone)]
pub(crate) struct Mt19937 {
    seed: u64,
    left: i32,
    next: u32,
    state: [u32; N],
}

impl Mt19937 {
    /// The engine for `seed` (only its low 32 bits enter the state; all 64 are remembered).
    pub(crate) fn new(seed: u64) -> Mt19937 {
        let mut state = [0u32; N];
        state[0] = seed as u32;
        for j in 1..N {
            let prev = state[j - 1];
            state[j] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(j as u32);
        }
        Mt19937 {
            seed,
            left: 1,
            next: 0,
            state,
        }
    }

    /// The seed this engine was created from.
    pub(crate) fn seed(&self) -> u64 {
        self.seed
    }

    fn twist(u: u32, v: u32) -> u32 {
        (((u & UPPER) | (v & LOWER)) >> 1) ^ if v & 1 == 1 { MATRIX_A } else { 0 }
    }

    fn refill(&mut self) {
        self.left = N as i32;
        self.next = 0;
        let s = &mut self.state;
        for i in 0..N - M {
            s[i] = s[i + M] ^ Self::twist(s[i], s[i + 1]);
        }
        for i in N - M..N - 1 {
            s[i] = s[i + M - N] ^ Self::twist(s[i], s[i + 1]);
        }
        s[N - 1] = s[M - 1] ^ Self::twist(s[N - 1], s[0]);
    }

    /// The next 32 random bits (`CPUGeneratorImpl::random`).
    #[inline]
    pub(crate) fn next_u32(&mut self) -> u32 {
        self.left -= 1;
        if self.left == 0 {
            self.refill();
        }
        let mut y = self.state[self.next as usize];
        self.next += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// 64 bits from two draws, the first one high (`CPUGeneratorImpl::random64`).
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32() as u64;
        let lo = self.next_u32() as u64;
        (hi << 32) | lo
    }

    /// The engine and the cached normal samples in PyTorch's byte layout
    /// (`CPUGeneratorImplState`: the legacy state with 64-bit words, then the float cache).
    pub(crate) fn to_bytes(&self, next_double: Option<f64>, next_float: Option<f32>) -> Vec<u8> {
        let mut b = Vec::with_capacity(STATE_BYTES);
        b.extend(self.seed.to_le_bytes());
        b.extend(self.left.to_le_bytes());
        b.extend(1i32.to_le_bytes()); // seeded
        b.extend((self.next as u64).to_le_bytes());
        for w in &self.state {
            b.extend((*w as u64).to_le_bytes());
        }
        b.extend(0f64.to_le_bytes()); // normal_x, unused
        b.extend(next_double.unwrap_or(0.0).to_le_bytes()); // normal_y
        b.extend(0f64.to_le_bytes()); // normal_rho, unused
        b.extend((next_double.is_some() as i32).to_le_bytes());
        b.extend([0u8; 4]); // padding
        b.extend(next_float.unwrap_or(0.0).to_le_bytes());
        b.push(next_float.is_some() as u8);
        b.resize(STATE_BYTES, 0);
        b
    }

    /// The inverse of [`Mt19937::to_bytes`]; `None` if the engine state is not valid
    /// (PyTorch's `Invalid mt19937 state`). The caller checks the length.
    pub(crate) fn from_bytes(b: &[u8]) -> Option<(Mt19937, Option<f64>, Option<f32>)> {
        let u64_at = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().expect("8 bytes"));
        let i32_at = |o: usize| i32::from_le_bytes(b[o..o + 4].try_into().expect("4 bytes"));
        let seed = u64_at(0);
        let left = i32_at(8);
        let seeded = i32_at(12);
        // PyTorch narrows the 64-bit fields to the engine's 32-bit ones.
        let next = u64_at(16) as u32;
        let mut state = [0u32; N];
        for (i, w) in state.iter_mut().enumerate() {
            *w = u64_at(24 + 8 * i) as u32;
        }
        // `seeded` is read into a C++ bool: any non-zero value is true.
        if seeded == 0 || left <= 0 || left > N as i32 || next > N as u32 {
            return None;
        }
        let normal_y = f64::from_le_bytes(b[5024..5032].try_into().expect("8 bytes"));
        let double_valid = i32_at(5040) != 0;
        let float = f32::from_le_bytes(b[5048..5052].try_into().expect("4 bytes"));
        let float_valid = b[5052] != 0;
        Some((
            Mt19937 {
                seed,
                left,
                next,
                state,
            },
            double_valid.then_some(normal_y),
            float_valid.then_some(float),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_outputs_of_the_2002_generator() {
        // mt19937ar.c's init_genrand(5489): the first outputs of std::mt19937.
        let mut g = Mt19937::new(5489);
        assert_eq!(g.next_u32(), 3_499_211_612);
        assert_eq!(g.next_u32(), 581_869_302);
        let mut g = Mt19937::new(5489);
        let last = (0..10_000).map(|_| g.next_u32()).last();
        assert_eq!(last, Some(4_123_659_995)); // C++11 [rand.predef]
    }

    #[test]
    fn bytes_round_trip_mid_block() {
        let mut g = Mt19937::new(42);
        for _ in 0..1000 {
            g.next_u32();
        }
        let bytes = g.to_bytes(Some(0.25), None);
        assert_eq!(bytes.len(), STATE_BYTES);
        let (mut h, d, f) = Mt19937::from_bytes(&bytes).unwrap();
        assert_eq!((d, f), (Some(0.25), None));
        assert_eq!(h.seed(), 42);
        assert_eq!(
            (0..700).map(|_| g.next_u32()).collect::<Vec<_>>(),
            (0..700).map(|_| h.next_u32()).collect::<Vec<_>>()
        );
    }
}
