//! "Revenus et calcul des cotisations" on the contribution account: for each year the basis in
//! force and each line the engine computes on it, or for a micro-entrepreneur each declared
//! turnover; what is called, and the instalments of the schedule that call it.

use super::simulator::{base_note, line as sim_line};
use crate::api::contributions::IncomeYearView;
use crate::domain::calendar::date_fr;
use crate::domain::calls::{self, Parts};
use crate::domain::contributions::{self, Activity, MicroKind};
use crate::domain::money::Cents;
use crate::domain::reader::Reader;
use crate::persistence::recompute;
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::ledger::{DeclarationRow, DueRow};
use chrono::Datelike;

/// The rows of the schedule that make up `year`, for "Pourquoi ce montant ?".
fn instalments_of(
    rows: &[DueRow],
    keep: impl Fn(&DueRow) -> bool,
) -> Vec<(String, String, String)> {
    rows.iter()
        .filter(|r| keep(r))
        .map(|r| {
            (
                date_fr(r.line.due_on),
                r.label.clone(),
                r.line.amount.format_fr(),
            )
        })
        .collect()
}

/// For an artisan or commerçant: each year of the schedule, the basis in force, each line the
/// engine computes on it, what the year is called for, and the amounts of the schedule.
pub(super) fn income_years(
    a: &AccountRow,
    declarations: &[DeclarationRow],
    rows: &[DueRow],
    year: i32,
    reader: Reader,
) -> Vec<IncomeYearView> {
    let Some(activity) = recompute::yearly_activity(a) else {
        return vec![];
    };
    let declared = recompute::annual(declarations);
    let last = if rows.iter().any(|r| r.period_start.year() > year) {
        year + 1
    } else {
        year
    };
    (year - 2..=last)
        .filter_map(|y| {
            let (basis, income) = calls::basis_in_force(y, &declared)?;
            let (params, provisional_params) = contributions::params_for(y).ok()?;
            let c = calls::year_computation(y, activity, income).ok()?;
            let called = Parts::from(&c);
            let scheduled = recompute::called_for(rows, y);
            let mut why = reader.basis_why(basis, y);
            if provisional_params {
                why.push_str(&format!(" Les paramètres de {y} (plafond de la sécurité sociale) ne sont pas encore publiés : le calcul utilise ceux de {}.", contributions::YEARS[contributions::YEARS.len() - 1].year));
            }
            if scheduled != called {
                why.push_str(&reader.scheduled_differs(&scheduled.total().format_fr(), y));
            }
            Some(IncomeYearView {
                year: y,
                basis: reader.basis_label(basis, y),
                amount: income.format_fr(),
                base_note: Some(base_note(
                    calls::decimal(income),
                    &c,
                    params.reformed_base,
                )),
                lines: c.lines.iter().map(sim_line).collect(),
                total: called.contributions.format_fr(),
                csg_crds: Some(called.csg_crds.format_fr()),
                cfp: called.cfp.format_fr(),
                called: called.total().format_fr(),
                called_label: format!("Total appelé pour {y}"),
                scheduled: scheduled.total().format_fr(),
                instalments: instalments_of(rows, |r| r.period_start.year() == y),
                why,
            })
        })
        .rev()
        .collect()
}

/// For a micro-entrepreneur: each turnover declaration of the last two years and what it costs.
pub(super) fn turnover_declarations(
    (kind, nature): (MicroKind, Activity),
    declarations: &[DeclarationRow],
    rows: &[DueRow],
    year: i32,
) -> Vec<IncomeYearView> {
    declarations
        .iter()
        .rev()
        .filter(|d| d.kind == "turnover" && d.year >= year - 1)
        .filter_map(|d| {
            let c = calls::micro_computation(kind, nature, d.period_start, d.amount).ok()?;
            let called = Parts::from(&c);
            let same = |r: &DueRow| r.period_start == d.period_start && r.period_end == d.period_end;
            let scheduled: Cents = rows.iter().filter(|r| same(r)).map(|r| r.line.amount).sum();
            Some(IncomeYearView {
                year: d.year,
                basis: format!(
                    "chiffre d'affaires du {} au {}",
                    d.period_start.format("%d/%m/%Y"),
                    d.period_end.format("%d/%m/%Y")
                ),
                amount: d.amount.format_fr(),
                base_note: None,
                lines: vec![sim_line(&c.line)],
                total: called.contributions.format_fr(),
                csg_crds: None,
                cfp: called.cfp.format_fr(),
                called: called.total().format_fr(),
                called_label: "Total appelé pour cette période".to_owned(),
                scheduled: scheduled.format_fr(),
                instalments: instalments_of(rows, same),
                why: "Les cotisations de la période sont un pourcentage du chiffre d'affaires déclaré pour la période (CSG-CRDS comprise), plus la contribution à la formation professionnelle.".to_owned(),
            })
        })
        .collect()
}
