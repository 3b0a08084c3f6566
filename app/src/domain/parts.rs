//! The three lines an amount due carries (contributions, CSG-CRDS, CFP), and how they follow
//! an amount that is partly replaced or split over instalments.

use super::money::Cents;
use serde::{Deserialize, Serialize};

/// The three lines a year is called for: the social contributions, the CSG-CRDS and the
/// training contribution (CFP). Signed: a credit has negative parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Parts {
    pub contributions: Cents,
    pub csg_crds: Cents,
    pub cfp: Cents,
}

impl Parts {
    pub const ZERO: Parts = Parts {
        contributions: Cents::ZERO,
        csg_crds: Cents::ZERO,
        cfp: Cents::ZERO,
    };

    /// What is called: the three lines together.
    pub fn total(self) -> Cents {
        self.contributions + self.csg_crds + self.cfp
    }

    /// A row recorded as one amount, without a breakdown (a delay instalment, a debt).
    pub fn whole(amount: Cents) -> Parts {
        Parts {
            contributions: amount,
            ..Parts::ZERO
        }
    }

    fn map2(self, o: Parts, f: impl Fn(Cents, Cents) -> Cents) -> Parts {
        Parts {
            contributions: f(self.contributions, o.contributions),
            csg_crds: f(self.csg_crds, o.csg_crds),
            cfp: f(self.cfp, o.cfp),
        }
    }

    /// The parts of `self` scaled to `amount` (a row partly replaced keeps the share of each
    /// line it had); the rounding remainder goes to the contributions.
    pub fn scaled_to(self, amount: Cents) -> Parts {
        let whole = self.total().get();
        if whole == 0 || amount.get() == whole {
            return if whole == 0 {
                Parts::whole(amount)
            } else {
                self
            };
        }
        let share = |c: Cents| {
            Cents(((i128::from(c.get()) * i128::from(amount.get())) / i128::from(whole)) as i64)
        };
        let (csg_crds, cfp) = (share(self.csg_crds), share(self.cfp));
        Parts {
            contributions: amount - csg_crds - cfp,
            csg_crds,
            cfp,
        }
    }

    /// `self` split over `amounts` (which add up to its total): each part is the difference of
    /// two cumulative shares, so the lines of the parts add up to the lines of `self` exactly
    /// (a payment plan's instalments carry the replaced amount's CSG-CRDS and CFP to the cent).
    pub fn split(self, amounts: &[Cents]) -> Vec<Parts> {
        let mut called = Cents::ZERO;
        let mut before = Parts::ZERO;
        amounts
            .iter()
            .map(|a| {
                called = called + *a;
                let upto = self.scaled_to(called);
                let part = upto - before;
                before = upto;
                part
            })
            .collect()
    }
}

impl std::ops::Add for Parts {
    type Output = Parts;
    fn add(self, o: Parts) -> Parts {
        self.map2(o, |a, b| a + b)
    }
}

impl std::ops::Sub for Parts {
    type Output = Parts;
    fn sub(self, o: Parts) -> Parts {
        self.map2(o, |a, b| a - b)
    }
}

impl std::iter::Sum for Parts {
    fn sum<I: Iterator<Item = Parts>>(iter: I) -> Parts {
        iter.fold(Parts::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_keeps_each_line_to_the_cent() {
        let p = Parts {
            contributions: Cents(200_00),
            csg_crds: Cents(100_00),
            cfp: Cents(3_00),
        };
        let amounts = [Cents(101_00); 3];
        let parts = p.split(&amounts);
        assert_eq!(parts.iter().copied().sum::<Parts>(), p);
        for (part, amount) in parts.iter().zip(amounts) {
            assert_eq!(part.total(), amount);
            assert!(part.csg_crds.get() >= 0 && part.cfp.get() >= 0, "{part:?}");
        }
        // Rounded one instalment at a time, the CSG-CRDS would lose a cent.
        let rounded: Cents = amounts.iter().map(|a| p.scaled_to(*a).csg_crds).sum();
        assert_ne!(rounded, p.csg_crds);
    }
}
