//! Money in integer euro cents, and how French screens write it.

use serde::{Deserialize, Serialize};

/// Euro cents, signed: credits and refunds are negative.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn get(self) -> i64 {
        self.0
    }

    /// `1 234,56 €` with a narrow no-break space between thousands, as French typography wants.
    pub fn format_fr(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('\u{202F}');
            }
            grouped.push(c);
        }
        format!(
            "{}{},{:02}\u{00A0}€",
            if negative { "−" } else { "" },
            grouped,
            abs % 100
        )
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_amounts_the_french_way() {
        assert_eq!(Cents(123456).format_fr(), "1\u{202F}234,56\u{00A0}€");
        assert_eq!(Cents(5).format_fr(), "0,05\u{00A0}€");
        assert_eq!(
            Cents(-100_000_00).format_fr(),
            "−100\u{202F}000,00\u{00A0}€"
        );
        assert_eq!(Cents(99_999).format_fr(), "999,99\u{00A0}€");
    }
}
