//! The sums under the schedule's total and beside an amount due: what a year's due dates hold
//! besides that year (a regularisation, a micro-entrepreneur's fourth quarter, a debt), and
//! the CSG-CRDS and CFP inside an amount.

use crate::domain::calls::Parts;
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::persistence::repo::ledger::DueRow;
use chrono::Datelike;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// "dont CSG-CRDS 242,08 € et formation professionnelle 139,00 €" for a row carrying them.
pub(super) fn breakdown(p: Parts) -> Option<String> {
    let mut parts = Vec::new();
    if p.csg_crds != Cents::ZERO {
        parts.push(format!("CSG-CRDS {}", p.csg_crds.format_fr()));
    }
    if p.cfp != Cents::ZERO {
        parts.push(format!("formation professionnelle {}", p.cfp.format_fr()));
    }
    (!parts.is_empty()).then(|| format!("dont {}", parts.join(" et ")))
}

/// The year's due rows by what they are for, when some are for another year.
pub(super) fn schedule_parts(rows: &[DueRow], year: i32) -> Vec<(String, String)> {
    let due = || rows.iter().filter(|r| r.line.due_on.year() == year);
    if due().all(|r| r.period_start.year() == year) {
        return vec![];
    }
    // Newest year first; a micro-entrepreneur's fourth quarter, due in January, is that
    // quarter's contributions, not a regularisation.
    let mut parts: BTreeMap<(Reverse<i32>, &str), Cents> = BTreeMap::new();
    for r in due() {
        let kind = match r.line.kind {
            DueKind::CurrentContribution => "cotisations",
            DueKind::Regularisation => "régularisation",
            DueKind::Debt => "montants impayés de",
            DueKind::Instalment => "délai de paiement",
        };
        let sum = parts
            .entry((Reverse(r.period_start.year()), kind))
            .or_default();
        *sum = *sum + r.line.amount;
    }
    parts
        .into_iter()
        .map(|((Reverse(y), kind), sum)| (format!("dont {kind} {y}"), sum.format_fr()))
        .collect()
}
