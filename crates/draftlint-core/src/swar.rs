//! Eight bytes at a time: tests on the bytes of a `u64` with plain integer
//! arithmetic ("SIMD within a register"), for the scans that look at every
//! byte of a draft (folding, words, sentences). Each test leaves the high
//! bit of a byte set where the byte passes.

/// 0x01 in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at`, the first in the lowest byte; `None`
/// when fewer than eight are left.
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(<[u8; 8]>::try_from(eight).ok()?))
}

/// For eight bytes below 0x80: the high bit of each byte set when the byte
/// is within `lo..=hi`. Adding `0x80 - lo` sets a byte's high bit when it is
/// at least `lo`, adding `0x7F - hi` when it is above `hi`; neither carries
/// into the next byte.
pub fn between(ascii: u64, lo: u8, hi: u8) -> u64 {
    debug_assert!(ascii & HIGH == 0 && lo <= hi && hi < 0x80);
    (ascii + ONES * u64::from(0x80 - lo)) & !(ascii + ONES * u64::from(0x7F - hi)) & HIGH
}

/// The high bits of the eight bytes of `high` (a test's result), as the
/// low eight bits: bit `k` for byte `k`.
pub fn gather(high: u64) -> u64 {
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_agree_with_byte_by_byte_ones() {
        let bytes: Vec<u8> = (0u8..0x80).chain((0u8..0x80).rev()).collect();
        for at in 0..bytes.len() - 8 {
            let x = load(&bytes, at).unwrap();
            for (lo, hi) in [
                (0, 0x0D),
                (b'a', b'z'),
                (b'_', b'_'),
                (0, 0x7F),
                (b'!', b'!'),
            ] {
                let expected = (0..8)
                    .filter(|&k| (lo..=hi).contains(&bytes[at + k]))
                    .fold(0, |m, k| m | 1 << k);
                assert_eq!(gather(between(x, lo, hi)), expected, "{at} {lo}..={hi}");
            }
        }
        assert_eq!(load(&bytes, bytes.len() - 7), None);
        assert_eq!(load(&bytes, usize::MAX), None);
    }
}
