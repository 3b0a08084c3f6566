//! The contribution ledger: amounts due, payments and their allocations, and the statuses
//! derived from them (never stored on their own).

use super::money::Cents;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// What an amount due is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DueKind {
    CurrentContribution,
    Regularisation,
    Debt,
    Instalment,
}

impl DueKind {
    pub const ALL: [DueKind; 4] = [
        DueKind::CurrentContribution,
        DueKind::Regularisation,
        DueKind::Debt,
        DueKind::Instalment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DueKind::CurrentContribution => "current",
            DueKind::Regularisation => "regularisation",
            DueKind::Debt => "debt",
            DueKind::Instalment => "instalment",
        }
    }

    pub fn from_code(code: &str) -> Option<DueKind> {
        DueKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DueKind::CurrentContribution => "Cotisation courante",
            DueKind::Regularisation => "Régularisation",
            DueKind::Debt => "Dette",
            DueKind::Instalment => "Échéance de délai de paiement",
        }
    }
}

/// How a payment reached the fund.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    Cheque,
    Transfer,
    DirectDebit,
    Telepayment,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::Cheque,
        PaymentMethod::Transfer,
        PaymentMethod::DirectDebit,
        PaymentMethod::Telepayment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cheque => "cheque",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::DirectDebit => "direct_debit",
            PaymentMethod::Telepayment => "telepayment",
        }
    }

    pub fn from_code(code: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentMethod::Cheque => "Chèque",
            PaymentMethod::Transfer => "Virement",
            PaymentMethod::DirectDebit => "Prélèvement automatique",
            PaymentMethod::Telepayment => "Télépaiement",
        }
    }
}

/// The status of an amount due, derived from the ledger and the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueStatus {
    Paid,
    ToPay,
    Overdue,
    Debt,
    /// A negative amount: what the fund owes back (a regularisation in the person's favour),
    /// still to be deducted from the next amounts due.
    Credit,
    /// A credit wholly deducted from later amounts due.
    CreditUsed,
}

impl DueStatus {
    pub fn label(self) -> &'static str {
        match self {
            DueStatus::Paid => "Payé",
            DueStatus::ToPay => "À payer",
            DueStatus::Overdue => "En retard",
            DueStatus::Debt => "Dette",
            DueStatus::Credit => "Trop-perçu à déduire",
            DueStatus::CreditUsed => "Trop-perçu déduit",
        }
    }
}

/// Days after the due date when the formal reminder (mise en demeure) turns an unpaid
/// current contribution into a debt (`domain.md` §2).
pub const DAYS_UNTIL_DEBT: u64 = 30;

/// An amount due as recorded, with what has been allocated to it so far: payments and credits
/// deducted from it; on a credit (a negative amount), minus what of it was deducted elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueLine {
    pub id: i64,
    pub kind: DueKind,
    pub due_on: NaiveDate,
    pub amount: Cents,
    pub allocated: Cents,
}

impl DueLine {
    /// What is still to be paid on this line (never negative).
    pub fn remaining(&self) -> Cents {
        Cents((self.amount.0 - self.allocated.0).max(0))
    }

    /// What is left of a credit to deduct from later amounts (zero on an amount to pay).
    pub fn credit_left(&self) -> Cents {
        Cents((self.allocated.0 - self.amount.0).max(0))
    }

    /// Paid once fully allocated; otherwise to pay until the due date, overdue after it, and a
    /// debt when its kind says so or 30 days after the due date of a current contribution.
    pub fn status(&self, today: NaiveDate) -> DueStatus {
        if self.amount.get() < 0 {
            return if self.credit_left() == Cents::ZERO {
                DueStatus::CreditUsed
            } else {
                DueStatus::Credit
            };
        }
        if self.remaining() == Cents::ZERO {
            return DueStatus::Paid;
        }
        if self.kind == DueKind::Debt {
            return DueStatus::Debt;
        }
        if today <= self.due_on {
            return DueStatus::ToPay;
        }
        let becomes_debt = self
            .due_on
            .checked_add_days(Days::new(DAYS_UNTIL_DEBT))
            .unwrap_or(self.due_on);
        if self.kind == DueKind::CurrentContribution && today > becomes_debt {
            DueStatus::Debt
        } else {
            DueStatus::Overdue
        }
    }
}

/// What the dashboard says about an account: the next amount to pay and what is late.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub next_due_on: Option<NaiveDate>,
    pub next_due_amount: Cents,
    pub overdue: Cents,
    pub debt: Cents,
    /// Amounts due minus payments received: negative when the fund owes the person.
    pub balance: Cents,
}

/// Summarises the lines of one account on `today`; `payments_total` is everything received.
pub fn summarise(lines: &[DueLine], payments_total: Cents, today: NaiveDate) -> AccountSummary {
    let next_due_on = lines
        .iter()
        .filter(|l| l.status(today) == DueStatus::ToPay)
        .map(|l| l.due_on)
        .min();
    let next_due_amount = lines
        .iter()
        .filter(|l| Some(l.due_on) == next_due_on && l.status(today) == DueStatus::ToPay)
        .map(DueLine::remaining)
        .sum();
    let sum_status = |s: DueStatus| {
        lines
            .iter()
            .filter(|l| l.status(today) == s)
            .map(DueLine::remaining)
            .sum()
    };
    AccountSummary {
        next_due_on,
        next_due_amount,
        overdue: sum_status(DueStatus::Overdue),
        debt: sum_status(DueStatus::Debt),
        balance: lines.iter().map(|l| l.amount).sum::<Cents>() - payments_total,
    }
}

/// A part of a credit deducted from a later amount due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditUse {
    pub credit_id: i64,
    pub due_id: i64,
    pub amount: Cents,
}

/// Where the credits of an account go (`domain.md` §2: "a credit applied to the next amounts
/// due"): the oldest credit first, to the amounts due from `today` on, the earliest first, each
/// up to what is neither paid nor already promised by a scheduled payment (`scheduled`, by
/// amount-due id). `held` are amounts awaiting a payment-delay decision: they keep their amount
/// until the agency decides. A credit with nothing left to go to stays, to be refunded.
pub fn credit_uses(
    lines: &[DueLine],
    scheduled: &[(i64, Cents)],
    held: &[i64],
    today: NaiveDate,
) -> Vec<CreditUse> {
    let mut credits: Vec<(&DueLine, i64)> = lines
        .iter()
        .filter(|l| l.credit_left() != Cents::ZERO)
        .map(|l| (l, l.credit_left().get()))
        .collect();
    credits.sort_by_key(|(l, _)| (l.due_on, l.id));
    let mut targets: Vec<(&DueLine, i64)> = lines
        .iter()
        .filter(|l| l.amount.get() > 0 && l.due_on >= today && !held.contains(&l.id))
        .map(|l| {
            let promised: i64 = scheduled
                .iter()
                .filter(|(id, _)| *id == l.id)
                .map(|(_, c)| c.get())
                .sum();
            (l, l.remaining().get() - promised)
        })
        .filter(|(_, open)| *open > 0)
        .collect();
    targets.sort_by_key(|(l, _)| (l.due_on, l.id));
    let mut uses = Vec::new();
    let mut next = targets.iter_mut();
    let mut target = next.next();
    for (credit, left) in &mut credits {
        while *left > 0 {
            let Some((due, open)) = target.as_mut() else {
                return uses;
            };
            let amount = (*left).min(*open);
            uses.push(CreditUse {
                credit_id: credit.id,
                due_id: due.id,
                amount: Cents(amount),
            });
            *left -= amount;
            *open -= amount;
            if *open == 0 {
                target = next.next();
            }
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn line(kind: DueKind, due_on: NaiveDate, amount: i64, allocated: i64) -> DueLine {
        DueLine {
            id: 1,
            kind,
            due_on,
            amount: Cents(amount),
            allocated: Cents(allocated),
        }
    }

    #[test]
    fn a_fully_allocated_line_is_paid_whatever_the_date() {
        let l = line(DueKind::CurrentContribution, d(2026, 2, 5), 100_00, 100_00);
        assert_eq!(l.status(d(2027, 1, 1)), DueStatus::Paid);
    }

    #[test]
    fn a_partial_payment_leaves_the_rest_to_pay() {
        let l = line(DueKind::CurrentContribution, d(2026, 5, 5), 100_00, 40_00);
        assert_eq!(l.remaining(), Cents(60_00));
        assert_eq!(l.status(d(2026, 5, 5)), DueStatus::ToPay);
    }

    #[test]
    fn an_unpaid_contribution_is_overdue_the_day_after_and_a_debt_after_thirty_days() {
        let l = line(DueKind::CurrentContribution, d(2026, 5, 5), 100_00, 0);
        assert_eq!(l.status(d(2026, 5, 6)), DueStatus::Overdue);
        assert_eq!(l.status(d(2026, 6, 4)), DueStatus::Overdue);
        assert_eq!(l.status(d(2026, 6, 5)), DueStatus::Debt);
    }

    #[test]
    fn an_overdue_instalment_never_becomes_a_debt_by_itself() {
        let l = line(DueKind::Instalment, d(2026, 5, 5), 100_00, 0);
        assert_eq!(l.status(d(2026, 9, 1)), DueStatus::Overdue);
    }

    #[test]
    fn summary_gives_next_due_date_overdue_debt_and_balance() {
        let today = d(2026, 6, 10);
        let lines = vec![
            line(
                DueKind::CurrentContribution,
                d(2026, 2, 5),
                1000_00,
                1000_00,
            ),
            line(DueKind::CurrentContribution, d(2026, 5, 5), 1000_00, 0),
            line(DueKind::CurrentContribution, d(2026, 6, 5), 500_00, 0),
            line(DueKind::CurrentContribution, d(2026, 8, 5), 1000_00, 0),
            line(DueKind::CurrentContribution, d(2026, 11, 5), 1000_00, 0),
        ];
        let s = summarise(&lines, Cents(1200_00), today);
        assert_eq!(s.next_due_on, Some(d(2026, 8, 5)));
        assert_eq!(s.next_due_amount, Cents(1000_00));
        assert_eq!(s.overdue, Cents(500_00));
        assert_eq!(s.debt, Cents(1000_00));
        assert_eq!(s.balance, Cents(4500_00 - 1200_00));
    }

    #[test]
    fn a_negative_regularisation_is_a_credit_to_deduct() {
        let l = line(DueKind::Regularisation, d(2026, 5, 1), -250_00, 0);
        assert_eq!(l.status(d(2026, 9, 1)), DueStatus::Credit);
        assert_eq!(l.remaining(), Cents::ZERO);
        assert_eq!(l.credit_left(), Cents(250_00));
        let partly = line(DueKind::Regularisation, d(2026, 5, 1), -250_00, -100_00);
        assert_eq!(partly.credit_left(), Cents(150_00));
        assert_eq!(partly.status(d(2026, 9, 1)), DueStatus::Credit);
        let used = line(DueKind::Regularisation, d(2026, 5, 1), -250_00, -250_00);
        assert_eq!(used.status(d(2026, 9, 1)), DueStatus::CreditUsed);
        let s = summarise(
            &[
                line(DueKind::CurrentContribution, d(2026, 5, 5), 100_00, 0),
                l,
            ],
            Cents::ZERO,
            d(2026, 5, 1),
        );
        assert_eq!(s.balance, Cents(-150_00));
        assert_eq!(s.next_due_amount, Cents(100_00));
    }

    #[test]
    fn an_overpayment_shows_as_a_credit() {
        let lines = vec![line(
            DueKind::CurrentContribution,
            d(2026, 2, 5),
            100_00,
            100_00,
        )];
        assert_eq!(
            summarise(&lines, Cents(150_00), d(2026, 3, 1)).balance,
            Cents(-50_00)
        );
    }

    fn with_id(id: i64, l: DueLine) -> DueLine {
        DueLine { id, ..l }
    }

    #[test]
    fn a_credit_goes_to_the_next_amounts_due_earliest_first_up_to_what_is_open() {
        let today = d(2026, 5, 10);
        let lines = vec![
            // Overdue: not a next amount due.
            with_id(
                1,
                line(DueKind::CurrentContribution, d(2026, 5, 5), 100_00, 0),
            ),
            with_id(2, line(DueKind::Regularisation, d(2026, 5, 10), -250_00, 0)),
            with_id(
                3,
                line(DueKind::CurrentContribution, d(2026, 7, 5), 100_00, 0),
            ),
            // Half scheduled by a telepayment, a quarter paid: 25 € open.
            with_id(
                4,
                line(DueKind::CurrentContribution, d(2026, 6, 5), 100_00, 25_00),
            ),
            with_id(
                5,
                line(DueKind::CurrentContribution, d(2026, 8, 5), 100_00, 0),
            ),
            with_id(
                6,
                line(DueKind::CurrentContribution, d(2026, 9, 5), 100_00, 0),
            ),
        ];
        let uses = credit_uses(&lines, &[(4, Cents(50_00))], &[5], today);
        let got: Vec<(i64, i64, i64)> = uses
            .iter()
            .map(|u| (u.credit_id, u.due_id, u.amount.get()))
            .collect();
        assert_eq!(got, vec![(2, 4, 25_00), (2, 3, 100_00), (2, 6, 100_00)]);
        // Nothing left open for the rest: 25 € of the credit stays, to be refunded.
        let left: i64 = 250_00 - uses.iter().map(|u| u.amount.get()).sum::<i64>();
        assert_eq!(left, 25_00);
    }

    #[test]
    fn a_used_credit_is_not_used_twice() {
        let lines = vec![
            with_id(
                1,
                line(DueKind::Regularisation, d(2026, 5, 1), -80_00, -80_00),
            ),
            with_id(
                2,
                line(DueKind::CurrentContribution, d(2026, 7, 5), 100_00, 80_00),
            ),
        ];
        assert!(credit_uses(&lines, &[], &[], d(2026, 5, 1)).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn credit_uses_never_exceed_a_credit_nor_what_is_open(
            credits in proptest::collection::vec(1i64..50_000, 0..4),
            dues in proptest::collection::vec((0i64..50_000, 0i64..50_000, 0u32..60), 0..8),
        ) {
            let today = d(2026, 5, 1);
            let mut lines = Vec::new();
            for (i, c) in credits.iter().enumerate() {
                lines.push(with_id(i as i64, line(DueKind::Regularisation, today, -c, 0)));
            }
            for (i, (amount, paid, days)) in dues.iter().enumerate() {
                let due_on = today + Days::new(u64::from(*days)) - Days::new(10);
                lines.push(with_id(100 + i as i64, line(DueKind::CurrentContribution, due_on, *amount, (*paid).min(*amount))));
            }
            let uses = credit_uses(&lines, &[], &[], today);
            for l in &lines {
                let given: i64 = uses.iter().filter(|u| u.credit_id == l.id).map(|u| u.amount.get()).sum();
                let got: i64 = uses.iter().filter(|u| u.due_id == l.id).map(|u| u.amount.get()).sum();
                proptest::prop_assert!(given <= l.credit_left().get());
                proptest::prop_assert!(got <= l.remaining().get());
                proptest::prop_assert!(got == 0 || l.due_on >= today);
            }
            proptest::prop_assert!(uses.iter().all(|u| u.amount.get() > 0));
            // Either every credit is used up or every next amount due is covered.
            let credit: i64 = credits.iter().sum();
            let open: i64 = lines.iter().filter(|l| l.amount.get() > 0 && l.due_on >= today).map(|l| l.remaining().get()).sum();
            let used: i64 = uses.iter().map(|u| u.amount.get()).sum();
            proptest::prop_assert_eq!(used, credit.min(open));
        }
    }
}
