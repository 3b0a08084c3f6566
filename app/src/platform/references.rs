//! References people read over the phone (declarations, delays, debits, telepayments,
//! appointments): one generator for every feature.

/// A new reference: `DEC-2026-7K4Q9M` (no 0/O, 1/I to read it over the phone).
pub fn new_reference(prefix: &str, year: i32) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let tail: String = (0..6)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{prefix}-{year}-{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_readable_and_distinct() {
        let a = new_reference("DEC", 2026);
        assert!(a.starts_with("DEC-2026-") && a.len() == 15, "{a}");
        assert!(!a[9..].contains(['0', 'O', '1', 'I']));
        assert_ne!(a, new_reference("DEC", 2026));
    }
}
