//! The automatic-debit part of the payment page: the arrangement in force, a pending change,
//! whether a change is still possible this year, and the account's own debit calendar.

use super::direct_debit::plan_on;
use crate::api::payments::DirectDebitView;
use crate::domain::access::Category;
use crate::domain::calendar::date_fr;
use crate::domain::schedule::Periodicity;
use crate::domain::sepa::DebitPlan;
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::payments::{
    InstructionRow, MandateRow, INSTRUCTION_CHANGE, MANDATE_ACTIVE,
};
use chrono::{Datelike, NaiveDate};

pub fn view(
    a: &AccountRow,
    instructions: &[InstructionRow],
    mandates: &[MandateRow],
    today: NaiveDate,
) -> DirectDebitView {
    let chooses_day = Category::from_code(&a.category).is_none_or(Category::chooses_debit_day);
    let current = plan_on(instructions, today);
    let latest = instructions.last();
    let upcoming = latest.filter(|i| i.effective_from > today).map(|i| {
        format!(
            "Prélèvement {} à partir du {} (demande {}).",
            i.plan.label(),
            date_fr(i.effective_from),
            i.reference
        )
    });
    let last_change = instructions
        .iter()
        .filter(|i| i.kind == INSTRUCTION_CHANGE)
        .map(|i| super::payments::paris(i.requested_at).date())
        .max();
    let change_note = last_change
        .filter(|d| d.year() == today.year() && latest.is_some())
        .map(|d| format!("Vous avez modifié votre prélèvement le {} : une seule modification est possible par année civile.", date_fr(d)));
    let shown = latest.map(|i| i.plan).unwrap_or(DebitPlan {
        periodicity: Periodicity::from_code(&a.periodicity).unwrap_or(Periodicity::Quarterly),
        day: 5,
    });
    DirectDebitView {
        current: current.map(|i| {
            let iban = mandates
                .iter()
                .find(|m| m.id == i.mandate_id)
                .map(|m| m.iban.masked())
                .unwrap_or_default();
            format!("Prélèvement {}, sur le compte {}.", i.plan.label(), iban)
        }),
        upcoming,
        change_note,
        periodicity: if shown.periodicity == Periodicity::Monthly {
            "mensuelle".into()
        } else {
            "trimestrielle".into()
        },
        day: shown.day,
        mandate_id: latest.map(|i| i.mandate_id).or_else(|| {
            mandates
                .iter()
                .find(|m| m.status == MANDATE_ACTIVE)
                .map(|m| m.id)
        }),
        calendar: if chooses_day {
            "Mensuel (le 5 ou le 20 de chaque mois) ou trimestriel (5 février, 5 mai, 5 août, 5 novembre)."
        } else {
            "Mensuel ou trimestriel, comme vos déclarations de chiffre d'affaires : les cotisations de chaque déclaration sont prélevées à sa date limite, le dernier jour du mois qui suit la période déclarée."
        }
        .to_owned(),
        choose_day: chooses_day,
    }
}
