//! The sums under the schedule's total and beside an amount due: what a year's due dates hold
//! besides that year (a regularisation, a micro-entrepreneur's fourth quarter, a debt), and
//! the CSG-CRDS and CFP inside an amount.

use crate::domain::calls::Parts;
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::persistence::repo::ledger::DueRow;
use chrono::Datelike;

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

/// The year's due rows by the year they are for, when some are for another year.
pub(super) fn schedule_parts(rows: &[DueRow], year: i32) -> Vec<(String, String)> {
    let due: Vec<&DueRow> = rows
        .iter()
        .filter(|r| r.line.due_on.year() == year)
        .collect();
    let mut years: Vec<i32> = due.iter().map(|r| r.period_start.year()).collect();
    years.sort_unstable();
    years.dedup();
    if years.iter().all(|y| *y == year) {
        return vec![];
    }
    // What each part is: a micro-entrepreneur's fourth quarter, due in January, is that
    // quarter's contributions, not a regularisation.
    let label = |r: &DueRow| {
        let y = r.period_start.year();
        match r.line.kind {
            DueKind::CurrentContribution => format!("dont cotisations {y}"),
            DueKind::Regularisation => format!("dont régularisation {y}"),
            DueKind::Debt => format!("dont montants impayés de {y}"),
            DueKind::Instalment => format!("dont délai de paiement ({y})"),
        }
    };
    let mut parts: Vec<(i32, String, Cents)> = Vec::new();
    for r in &due {
        let (y, l) = (r.period_start.year(), label(r));
        match parts.iter_mut().find(|(py, pl, _)| *py == y && *pl == l) {
            Some(part) => part.2 = part.2 + r.line.amount,
            None => parts.push((y, l, r.line.amount)),
        }
    }
    parts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    parts
        .into_iter()
        .map(|(_, l, sum)| (l, sum.format_fr()))
        .collect()
}
