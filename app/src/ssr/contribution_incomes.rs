//! "Revenus et calcul des cotisations" on the contribution account: for each year the basis in
//! force and each line the engine computes on it, or for a micro-entrepreneur each declared
//! turnover; what is called, and the instalments of the schedule that call it.

use super::simulator::line as sim_line;
use crate::api::contributions::IncomeYearView;
use crate::domain::calendar::date_fr;
use crate::domain::calls::{self, Basis, Parts};
use crate::domain::contributions::{self, Activity, MicroKind};
use crate::domain::money::Cents;
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
    own: bool,
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
            let (_, provisional_params) = contributions::params_for(y).ok()?;
            let c = calls::year_computation(y, activity, income).ok()?;
            let called = Parts::from(&c);
            let scheduled = recompute::called_for(rows, y);
            let mut why = if own { match basis {
                Basis::Final => format!("Votre revenu définitif de {y} est connu : vos cotisations de {y} sont calculées sur lui ; l'écart avec ce qui avait été appelé est régularisé sur vos échéances suivantes."),
                Basis::Estimate => format!("Vous avez estimé vos revenus de {y} : vos échéances restantes de {y} sont calculées sur votre dernière estimation, jusqu'à la déclaration de votre revenu définitif."),
                Basis::LastYear => format!("Vos cotisations provisionnelles de {y} sont calculées sur votre revenu définitif de {} depuis sa déclaration ; {y} sera régularisée quand vous déclarerez votre revenu définitif de {y}.", y - 1),
                Basis::TwoYearsBefore => format!("Vos cotisations provisionnelles de {y} sont calculées sur votre revenu définitif de {} ; elles seront recalculées quand vous déclarerez votre revenu de {}.", y - 2, y - 1),
            } } else { match basis {
                Basis::Final => format!("Le revenu définitif de {y} du client est connu : ses cotisations de {y} sont calculées sur lui ; l'écart avec ce qui avait été appelé est régularisé sur ses échéances suivantes."),
                Basis::Estimate => format!("Le client a estimé ses revenus de {y} : ses échéances restantes de {y} sont calculées sur sa dernière estimation, jusqu'à la déclaration de son revenu définitif."),
                Basis::LastYear => format!("Les cotisations provisionnelles de {y} du client sont calculées sur son revenu définitif de {} depuis sa déclaration ; {y} sera régularisée à la déclaration de son revenu définitif de {y}.", y - 1),
                Basis::TwoYearsBefore => format!("Les cotisations provisionnelles de {y} du client sont calculées sur son revenu définitif de {} ; elles seront recalculées à la déclaration de son revenu de {}.", y - 2, y - 1),
            } };
            if provisional_params {
                why.push_str(&format!(" Les paramètres de {y} (plafond de la sécurité sociale) ne sont pas encore publiés : le calcul utilise ceux de {}.", contributions::YEARS[contributions::YEARS.len() - 1].year));
            }
            if scheduled != called {
                why.push_str(&if own {
                    format!(" Votre échéancier appelle à ce jour {} pour {y} : la différence sera appelée sur vos prochaines échéances.", scheduled.total().format_fr())
                } else {
                    format!(" Son échéancier appelle à ce jour {} pour {y} : la différence sera appelée sur ses prochaines échéances.", scheduled.total().format_fr())
                });
            }
            Some(IncomeYearView {
                year: y,
                basis: basis.label(y),
                amount: income.format_fr(),
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
