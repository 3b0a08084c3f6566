//! Income declarations: what may be declared, recording one with its schedule change in a
//! single transaction, and its receipt.

use super::contribution_account::{account_base, account_for_action};
use super::state::AppState;
use crate::api::declarations::{
    ChangeView, DeclarationChoice, DeclarationForm, DeclarationHistoryRow, DeclarationReceipt,
};
use crate::domain::access::Category;
use crate::domain::calendar::date_fr;
use crate::domain::contributions::{self, Activity, MicroKind};
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::domain::schedule::{self, DeclarationKind, Periodicity, Rescheduled};
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::identities;
use crate::persistence::repo::ledger::{self, DeclarationRow, DueRow, NewDue};
use crate::persistence::repo::schedule::{self as repo, NewDeclaration};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};

const QUARTER_NAMES: [&str; 4] = [
    "1er trimestre",
    "2e trimestre",
    "3e trimestre",
    "4e trimestre",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

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

/// `30/11/2026 à 09:15`, Paris time.
pub fn instant_fr(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Paris)
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

fn period_label(p: Periodicity, start: NaiveDate) -> String {
    match p {
        Periodicity::Monthly => format!("{} {}", MONTHS[start.month0() as usize], start.year()),
        Periodicity::Quarterly => format!(
            "{} {}",
            QUARTER_NAMES[(start.month0() / 3) as usize],
            start.year()
        ),
    }
}

fn declaration_period(d: &DeclarationRow) -> String {
    match DeclarationKind::from_code(&d.kind) {
        Some(DeclarationKind::Turnover) => format!(
            "du {} au {}",
            d.period_start.format("%d/%m/%Y"),
            d.period_end.format("%d/%m/%Y")
        ),
        _ => format!("année {}", d.year),
    }
}

fn periodicity(a: &AccountRow) -> Result<Periodicity, AppError> {
    Periodicity::from_code(&a.periodicity)
        .ok_or_else(|| super::internal(format!("unknown periodicity on account {}", a.id)))
}

fn category(a: &AccountRow) -> Result<Category, AppError> {
    Category::from_code(&a.category)
        .ok_or_else(|| super::internal(format!("unknown category on account {}", a.id)))
}

fn micro(a: &AccountRow) -> Result<(MicroKind, Activity), AppError> {
    a.micro()
        .ok_or_else(|| super::internal(format!("micro account {} has no micro kind", a.id)))
}

fn activity(c: Category) -> Activity {
    if c == Category::Artisan {
        Activity::Artisanale
    } else {
        Activity::Commerciale
    }
}

/// The declarations open on `today` for this account.
fn choices(a: &AccountRow, today: NaiveDate) -> Result<Vec<DeclarationChoice>, AppError> {
    let p = periodicity(a)?;
    let year = today.year();
    let mut out = Vec::new();
    match category(a)? {
        Category::MicroEntrepreneur => {
            for y in [year, year - 1] {
                for i in (1..=12 / p.months()).rev() {
                    let Ok((start, end)) = schedule::micro_period(p, y, i) else {
                        continue;
                    };
                    if schedule::check_micro_period(start, end, today, (a.started_on, a.closed_on))
                        .is_ok()
                    {
                        out.push(DeclarationChoice {
                            value: format!("turnover:{y}:{i}"),
                            label: format!("Chiffre d'affaires du {}", period_label(p, start)),
                            hint: format!(
                                "Du {} au {}, à déclarer au plus tard le {}.",
                                date_fr(start),
                                date_fr(end),
                                date_fr(schedule::micro_deadline(end))
                            ),
                        });
                    }
                }
            }
        }
        Category::Artisan | Category::Commercant => {
            if schedule::check_final_year(year - 1, today, (a.started_on, a.closed_on)).is_ok() {
                out.push(DeclarationChoice {
                    value: format!("final:{}", year - 1),
                    label: format!("Mes revenus définitifs de {}", year - 1),
                    hint: format!("Vos cotisations de {} sont recalculées ; la différence est répartie sur vos prochaines échéances, ou vous est remboursée.", year - 1),
                });
            }
            if a.closed_on.is_none() && schedule::check_estimate_year(year, today, p).is_ok() {
                out.push(DeclarationChoice {
                    value: format!("estimate:{year}"),
                    label: format!("Une estimation de mes revenus de {year}"),
                    hint: format!(
                        "Les échéances restantes de {year} sont recalculées sur ce montant."
                    ),
                });
            }
        }
        _ => {}
    }
    Ok(out)
}

/// A past declaration as the history lists it, linking to its receipt under `base`.
pub fn history_row(d: &DeclarationRow, base: &str) -> DeclarationHistoryRow {
    DeclarationHistoryRow {
        reference: d.reference.clone(),
        declared_at: instant_fr(d.declared_at),
        kind: DeclarationKind::from_code(&d.kind)
            .map(|k| k.label().to_owned())
            .unwrap_or_else(|| d.kind.clone()),
        period: declaration_period(d),
        amount: d.amount.format_fr(),
        href: format!("{base}/declarations/{}", d.reference),
    }
}

/// Whether nothing at all may be declared on this account today.
pub fn choices_closed(a: &AccountRow, today: NaiveDate) -> bool {
    choices(a, today).map(|c| c.is_empty()).unwrap_or(true)
}

pub async fn form(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
) -> Result<DeclarationForm, AppError> {
    let (a, own) = account_for_action(state, viewer, account_id).await?;
    let c = category(&a)?;
    if !matches!(
        c,
        Category::Artisan | Category::Commercant | Category::MicroEntrepreneur
    ) {
        return Err(AppError::Forbidden);
    }
    let today = state.clock.today();
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let choices = choices(&a, today)?;
    let base = account_base(own, a.id);
    let history = ledger::list_declarations(&state.db, a.id)
        .await?
        .iter()
        .rev()
        .map(|d| history_row(d, &base))
        .collect();
    Ok(DeclarationForm {
        account_id: a.id,
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        category_label: c.label().to_owned(),
        own,
        micro: c == Category::MicroEntrepreneur,
        closed_note: choices
            .is_empty()
            .then(|| "Aucune déclaration n'est ouverte en ce moment pour ce compte.".to_owned()),
        choices,
        back_href: super::contribution_account::account_href(own, a.id),
        history,
    })
}

/// What the form's `declaration` field says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spec {
    Final(i32),
    Estimate(i32),
    Turnover(i32, u32),
}

fn parse_spec(input: &str) -> Option<Spec> {
    let parts: Vec<&str> = input.trim().split(':').collect();
    match parts.as_slice() {
        ["final", y] => y.parse().ok().map(Spec::Final),
        ["estimate", y] => y.parse().ok().map(Spec::Estimate),
        ["turnover", y, i] => Some(Spec::Turnover(y.parse().ok()?, i.parse().ok()?)),
        _ => None,
    }
}

/// The part of a row that counts as called for its period.
fn called(rows: &[DueRow], keep: impl Fn(&DueRow) -> bool) -> Cents {
    rows.iter().filter(|r| keep(r)).map(|r| r.line.amount).sum()
}

struct Change<'a> {
    txn: &'a DatabaseTransaction,
    account_id: i64,
    reference: &'a str,
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl Change<'_> {
    async fn add(
        &self,
        kind: DueKind,
        label: &str,
        (start, end): (NaiveDate, NaiveDate),
        due_on: NaiveDate,
        amount: Cents,
    ) -> Result<(), AppError> {
        let n = NewDue {
            account_id: self.account_id,
            kind,
            label,
            period_start: start,
            period_end: end,
            due_on,
            amount,
            source: Some(self.reference),
        };
        ledger::insert_due(self.txn, n, self.now).await?;
        Ok(())
    }

    /// Writes a rescheduling: the new parts (each over the period `period` gives for its due
    /// date), and a credit as a negative regularisation over `credit_period`, due today.
    async fn apply(
        &self,
        r: &Rescheduled,
        kind: DueKind,
        label: &str,
        period: impl Fn(NaiveDate) -> (NaiveDate, NaiveDate),
        credit_period: (NaiveDate, NaiveDate),
    ) -> Result<(), AppError> {
        for (due_on, amount) in &r.parts {
            self.add(kind, label, period(*due_on), *due_on, *amount)
                .await?;
        }
        if r.credit.get() > 0 {
            let credit_label = format!("{label} : trop-perçu à rembourser");
            self.add(
                DueKind::Regularisation,
                &credit_label,
                credit_period,
                self.today,
                Cents(-r.credit.get()),
            )
            .await?;
        }
        Ok(())
    }
}

fn year_period(y: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default(),
    )
}

/// Validates and records a declaration with its schedule change; returns the receipt's address.
pub async fn declare(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    declaration: &str,
    montant: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    let (a, own) = account_for_action(state, viewer, Some(account_id)).await?;
    let today = state.clock.today();
    let now = state.clock.now();
    let c = category(&a)?;
    let p = periodicity(&a)?;
    let keep = |e: FormErrors| {
        AppError::Invalid(e.keep("declaration", declaration).keep("montant", montant))
    };
    let mut errors = FormErrors::default();
    let spec = parse_spec(declaration);
    let period_check = match spec {
        None => Err("Type de déclaration : choisissez ce que vous déclarez.".to_owned()),
        Some(Spec::Final(_) | Spec::Estimate(_)) if !matches!(c, Category::Artisan | Category::Commercant) => Err("Type de déclaration : ce compte déclare son chiffre d'affaires, pas un revenu annuel.".to_owned()),
        Some(Spec::Turnover(..)) if c != Category::MicroEntrepreneur => Err("Type de déclaration : seul un micro-entrepreneur déclare un chiffre d'affaires.".to_owned()),
        Some(Spec::Final(y)) => schedule::check_final_year(y, today, (a.started_on, a.closed_on)).map_err(|e| format!("Type de déclaration : {e}")),
        Some(Spec::Estimate(_)) if a.closed_on.is_some() => Err("Type de déclaration : ce compte est fermé, il n'a plus d'échéance à recalculer.".to_owned()),
        Some(Spec::Estimate(y)) => schedule::check_estimate_year(y, today, p).map_err(|e| format!("Type de déclaration : {e}")),
        Some(Spec::Turnover(y, i)) => schedule::micro_period(p, y, i)
            .and_then(|(s, e)| schedule::check_micro_period(s, e, today, (a.started_on, a.closed_on)))
            .map_err(|e| format!("Période déclarée : {e}")),
    };
    if let Err(msg) = period_check {
        errors.push("declaration", msg);
    }
    let amount_label = if c == Category::MicroEntrepreneur {
        "Chiffre d'affaires"
    } else {
        "Montant du revenu"
    };
    let amount = match schedule::parse_euros(montant) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push("montant", format!("{amount_label} : le montant {e}."));
            None
        }
    };
    let (Some(spec), Some(amount), true) = (spec, amount, errors.is_empty()) else {
        return Err(keep(errors));
    };

    let reference = new_reference("DEC", today.year());
    let txn = state.db.begin().await?;
    if !repo::lock_account(&txn, a.id).await? {
        return Err(AppError::NotFound);
    }
    let (kind, year, (start, end)) = match spec {
        Spec::Final(y) => (DeclarationKind::Final, y, year_period(y)),
        Spec::Estimate(y) => (DeclarationKind::Estimate, y, year_period(y)),
        Spec::Turnover(y, i) => (
            DeclarationKind::Turnover,
            y,
            schedule::micro_period(p, y, i).map_err(super::internal)?,
        ),
    };
    repo::insert_declaration(
        &txn,
        NewDeclaration {
            account_id: a.id,
            year,
            kind: kind.code(),
            period_start: start,
            period_end: end,
            amount,
            reference: &reference,
            declared_by: Some(viewer.identity_id),
        },
        now,
    )
    .await?;
    let rows = ledger::list_due_rows(&txn, a.id).await?;
    let change = Change {
        txn: &txn,
        account_id: a.id,
        reference: &reference,
        now,
        today,
    };
    let engine = |e: contributions::EngineError| {
        keep(FormErrors::field(
            "montant",
            format!("{amount_label} : {e}."),
        ))
    };
    match kind {
        DeclarationKind::Final => {
            let target = contributions::annual_due(year, activity(c), amount).map_err(engine)?;
            let already = called(&rows, |r| r.period_start.year() == year);
            let r = schedule::reschedule(
                target,
                already,
                &schedule::on_due_day(schedule::regularisation_dates(p, today), p, a.debit_day),
            );
            change
                .apply(
                    &r,
                    DueKind::Regularisation,
                    &format!("Régularisation {year}"),
                    |_| year_period(year),
                    year_period(year),
                )
                .await?;
        }
        DeclarationKind::Estimate => {
            let target = contributions::annual_due(year, activity(c), amount).map_err(engine)?;
            // An amount waiting for a delay decision stays as it is: the agent decides on it.
            let pending: Vec<i64> = repo::list_delay_requests_for_account(&txn, a.id)
                .await?
                .into_iter()
                .filter(|r| r.status == repo::DELAY_PENDING)
                .map(|r| r.amount_due_id)
                .collect();
            let replaceable: Vec<&DueRow> = rows
                .iter()
                .filter(|r| {
                    r.line.kind == DueKind::CurrentContribution
                        && r.period_start.year() == year
                        && r.line.due_on > today
                        && r.line.allocated == Cents::ZERO
                        && r.line.amount.get() > 0
                        && !pending.contains(&r.line.id)
                })
                .collect();
            for r in &replaceable {
                repo::cancel_due(
                    &txn,
                    r.line.id,
                    r.line.amount,
                    repo::CANCEL_ESTIMATE,
                    &reference,
                    now,
                )
                .await?;
            }
            // Everything else of the year stays called: past and paid rows, instalments that
            // replaced some of them, credits of earlier estimates.
            let fixed = called(&rows, |r| r.period_start.year() == year)
                - replaceable.iter().map(|r| r.line.amount).sum();
            let r = schedule::reschedule(
                target,
                fixed,
                &schedule::on_due_day(
                    schedule::remaining_due_dates(p, year, today),
                    p,
                    a.debit_day,
                ),
            );
            change
                .apply(
                    &r,
                    DueKind::CurrentContribution,
                    &format!("Cotisations {year} (sur estimation)"),
                    |d| schedule::period_of_due_date(p, d),
                    year_period(year),
                )
                .await?;
        }
        DeclarationKind::Turnover => {
            let (kind, nature) = micro(&a)?;
            let target = contributions::micro_due(kind, nature, start, amount).map_err(engine)?;
            // Instalments that replaced part of this period's contribution count as called.
            let already = called(&rows, |r| r.period_start == start && r.period_end == end);
            let due_on = schedule::micro_deadline(end).max(today);
            let r = schedule::reschedule(target, already, &[due_on]);
            change
                .apply(
                    &r,
                    DueKind::CurrentContribution,
                    &format!(
                        "Cotisations du {} (chiffre d'affaires)",
                        period_label(p, start)
                    ),
                    |_| (start, end),
                    (start, end),
                )
                .await?;
        }
    }
    audit_declaration(&txn, viewer, &a, &reference, now, ip).await?;
    txn.commit().await?;
    Ok(format!(
        "{}/declarations/{reference}",
        account_base(own, a.id)
    ))
}

async fn audit_declaration(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    a: &AccountRow,
    reference: &str,
    now: DateTime<Utc>,
    ip: Option<String>,
) -> Result<(), AppError> {
    let on_behalf = (viewer.person_id != Some(a.person_id)).then_some(a.person_id);
    audit::insert_event(
        db,
        AuditEntry {
            at: now,
            actor_identity_id: Some(viewer.identity_id),
            on_behalf_of_person_id: on_behalf,
            action: "income_declared",
            object: Some(reference.to_owned()),
            outcome: "ok",
            ip,
        },
    )
    .await?;
    Ok(())
}

fn change_view(r: &DueRow, amount: Cents) -> ChangeView {
    ChangeView {
        due_on: date_fr(r.line.due_on),
        label: r.label.clone(),
        kind: r.line.kind.label().to_owned(),
        amount: amount.format_fr(),
    }
}

pub async fn receipt(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<DeclarationReceipt, AppError> {
    let d = repo::find_declaration(&state.db, reference.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let (a, own) =
        super::contribution_account::account_of_reference(state, viewer, d.account_id).await?;
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Every row, the replaced ones too (their amount is then zero: not counted as added).
    let all = ledger::list_all_due_rows(&state.db, a.id).await?;
    let added: Vec<ChangeView> = all
        .iter()
        .filter(|r| r.source_reference.as_deref() == Some(reference) && r.line.amount.get() > 0)
        .map(|r| change_view(r, r.line.amount))
        .collect();
    let credit: Cents = all
        .iter()
        .filter(|r| r.source_reference.as_deref() == Some(reference) && r.line.amount.get() < 0)
        .map(|r| Cents(-r.line.amount.get()))
        .sum();
    // Replaced rows are read through their cancellation.
    let cancelled = repo::cancellations_by_source(&state.db, reference).await?;
    let replaced = cancelled
        .iter()
        .filter_map(|(id, amount)| {
            all.iter()
                .find(|r| r.line.id == *id)
                .map(|r| change_view(r, *amount))
        })
        .collect();
    let kind = DeclarationKind::from_code(&d.kind);
    let computed = match kind {
        Some(DeclarationKind::Turnover) => micro(&a).ok().and_then(|(k, nature)| {
            contributions::micro_due(k, nature, d.period_start, d.amount).ok()
        }),
        Some(_) => category(&a)
            .ok()
            .and_then(|c| contributions::annual_due(d.year, activity(c), d.amount).ok()),
        None => None,
    };
    Ok(DeclarationReceipt {
        reference: d.reference.clone(),
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        kind: kind
            .map(|k| k.label().to_owned())
            .unwrap_or_else(|| d.kind.clone()),
        period: declaration_period(&d),
        amount: d.amount.format_fr(),
        declared_at: instant_fr(d.declared_at),
        computed: computed.map(Cents::format_fr).unwrap_or_default(),
        added,
        replaced,
        credit: (credit.get() > 0).then(|| credit.format_fr()),
        back_href: super::contribution_account::account_href(own, a.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declaration_field_is_read_strictly() {
        assert_eq!(parse_spec("final:2025"), Some(Spec::Final(2025)));
        assert_eq!(parse_spec("estimate:2026"), Some(Spec::Estimate(2026)));
        assert_eq!(parse_spec("turnover:2026:1"), Some(Spec::Turnover(2026, 1)));
        assert_eq!(parse_spec("final"), None);
        assert_eq!(parse_spec("final:deux"), None);
        assert_eq!(parse_spec("autre:2026"), None);
    }

    #[test]
    fn references_are_readable_and_distinct() {
        let a = new_reference("DEC", 2026);
        assert!(a.starts_with("DEC-2026-") && a.len() == 15, "{a}");
        assert!(!a[9..].contains(['0', 'O', '1', 'I']));
        assert_ne!(a, new_reference("DEC", 2026));
    }
}
