//! Stable UUID-shaped ids for formats that require them (Threat Dragon cells, Threat Composer
//! entities). The same model gives the same ids on every export, so exported files diff cleanly.

/// A version-4-shaped UUID derived from `seed` (two FNV-1a hashes; not random, by design).
pub fn stable_uuid(seed: &str) -> String {
    let hash = |offset: u64| {
        seed.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let hi = hash(0xcbf2_9ce4_8422_2325);
    let lo = hash(0x6c62_272e_07bb_0142) ^ hi.rotate_left(29);
    let hi = (hi & !0xf000) | 0x4000; // version 4
    let lo = (lo & !(0xc << 60)) | (0x8 << 60); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// Whether `s` looks like a UUID (36 characters, hex digits and dashes in the usual places).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_well_formed() {
        let a = stable_uuid("model/T01");
        assert_eq!(a, stable_uuid("model/T01"));
        assert_ne!(a, stable_uuid("model/T02"));
        assert!(is_uuid(&a), "{a}");
        assert_eq!(&a[14..15], "4");
    }
}
