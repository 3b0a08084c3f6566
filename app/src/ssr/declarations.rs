//! Income declarations: what may be declared, recording one with its schedule change in a
//! single transaction, and its receipt.

use super::contribution_account::{account_base, account_for_action};
use super::state::AppState;
use crate::api::declarations::{
    ChangeView, DeclarationChoice, DeclarationForm, DeclarationHistoryRow, DeclarationReceipt,
    DeclarationReview, ReviewRow,
};
use crate::domain::access::Category;
use crate::domain::calendar::date_fr;
use crate::domain::calls::{self, Parts};
use crate::domain::contributions::{self, Activity, MicroKind};
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::domain::schedule::{self, DeclarationKind, Periodicity};
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::recompute::{self, RecomputeError};
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::ledger::{self, DeclarationRow, DueRow};
use crate::persistence::repo::schedule::{self as repo, NewDeclaration};
use crate::persistence::repo::{drafts, identities, outbox};
use crate::platform::references::new_reference;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::ConnectionTrait;

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
    period_text(
        DeclarationKind::from_code(&d.kind),
        d.year,
        (d.period_start, d.period_end),
    )
}

/// "année 2025", or "du 01/01/2026 au 31/03/2026" for a turnover declaration.
fn period_text(
    kind: Option<DeclarationKind>,
    year: i32,
    (start, end): (NaiveDate, NaiveDate),
) -> String {
    match kind {
        Some(DeclarationKind::Turnover) => format!(
            "du {} au {}",
            start.format("%d/%m/%Y"),
            end.format("%d/%m/%Y")
        ),
        _ => format!("année {year}"),
    }
}

/// A declaration's receipt, under the account's pages.
fn receipt_href(own: bool, account_id: i64, reference: &str) -> String {
    format!("{}/declarations/{reference}", account_base(own, account_id))
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
        draft: find_draft(&state.db, viewer.identity_id, a.id)
            .await?
            .filter(|d| d.declared.is_none())
            .map(|d| (d.declaration, d.montant)),
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

/// A declaration whose form is valid on its day.
struct Checked {
    spec: Spec,
    amount: Cents,
    amount_label: &'static str,
}

/// Checks the form's two fields against the account on `today`: every refusal names its field
/// and keeps what was typed.
fn check(
    a: &AccountRow,
    today: NaiveDate,
    declaration: &str,
    montant: &str,
) -> Result<Checked, AppError> {
    let c = category(a)?;
    let p = periodicity(a)?;
    let keep = |e: FormErrors| kept(declaration, montant, e);
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
            errors.push("montant", e.message(amount_label));
            None
        }
    };
    let (Some(spec), Some(amount), true) = (spec, amount, errors.is_empty()) else {
        return Err(keep(errors));
    };
    Ok(Checked {
        spec,
        amount,
        amount_label,
    })
}

fn kept(declaration: &str, montant: &str, e: FormErrors) -> AppError {
    AppError::Invalid(e.keep("declaration", declaration).keep("montant", montant))
}

/// Records the declaration and its schedule change in `txn` (the account locked by the caller).
#[allow(clippy::too_many_arguments)]
async fn apply(
    txn: &sea_orm::DatabaseTransaction,
    identity_id: i64,
    a: &AccountRow,
    checked: &Checked,
    reference: &str,
    (today, now): (NaiveDate, DateTime<Utc>),
    (declaration, montant): (&str, &str),
) -> Result<(), AppError> {
    let p = periodicity(a)?;
    let keep = |e: FormErrors| kept(declaration, montant, e);
    let (spec, amount, amount_label) = (checked.spec, checked.amount, checked.amount_label);
    let (kind, year, (start, end)) = resolved(spec, p)?;
    repo::insert_declaration(
        txn,
        NewDeclaration {
            account_id: a.id,
            year,
            kind: kind.code(),
            period_start: start,
            period_end: end,
            amount,
            reference,
            declared_by: Some(identity_id),
        },
        now,
    )
    .await?;
    let engine = |e: contributions::EngineError| {
        keep(FormErrors::field(
            "montant",
            format!("{amount_label} : {e}."),
        ))
    };
    let recomputed = |r: Result<(), RecomputeError>| match r {
        Ok(()) => Ok(()),
        Err(RecomputeError::Engine(e)) => Err(engine(e)),
        Err(e) => Err(super::internal(e)),
    };
    match kind {
        DeclarationKind::Final => {
            recomputed(recompute::after_final_income(txn, a, year, today, now, reference).await)?;
        }
        DeclarationKind::Estimate => {
            recomputed(recompute::recompute_year(txn, a, year, today, now, reference).await)?;
        }
        DeclarationKind::Turnover => {
            let rows = ledger::list_due_rows(txn, a.id).await?;
            let (kind, nature) = micro(a)?;
            let target = calls::micro_parts(kind, nature, start, amount).map_err(engine)?;
            // Instalments that replaced part of this period's contribution count as called.
            let already: Parts = rows
                .iter()
                .filter(|r| r.period_start == start && r.period_end == end)
                .map(|r| r.parts)
                .sum();
            let due_on = schedule::micro_deadline(end).max(today);
            let r = calls::recompute(target, already, &[due_on]);
            let label = format!(
                "Cotisations du {} (chiffre d'affaires)",
                period_label(p, start)
            );
            for (due_on, parts) in &r.parts {
                recompute::insert(
                    txn,
                    a.id,
                    DueKind::CurrentContribution,
                    &label,
                    (start, end),
                    *due_on,
                    *parts,
                    reference,
                    now,
                )
                .await?;
            }
            if let Some(credit) = r.credit {
                let label = format!("{label} : trop-perçu");
                recompute::insert(
                    txn,
                    a.id,
                    DueKind::Regularisation,
                    &label,
                    (start, end),
                    today,
                    credit,
                    reference,
                    now,
                )
                .await?;
                recomputed(recompute::apply_credits(txn, a.id, today, now).await)?;
            }
        }
    }
    Ok(())
}

/// Validates and records a declaration with its schedule change; returns the receipt's address.
pub async fn declare(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    fields: (&str, &str),
    ip: Option<String>,
) -> Result<String, AppError> {
    let (a, own) = account_for_action(state, viewer, Some(account_id)).await?;
    let checked = check(&a, state.clock.today(), fields.0, fields.1)?;
    let txn = super::lock_account(state, a.id).await?;
    let reference = record(state, &txn, viewer, &a, &checked, fields, ip).await?;
    txn.commit().await?;
    Ok(receipt_href(own, a.id, &reference))
}

/// Records a checked declaration in `txn` (the account locked), audited; returns its reference.
async fn record(
    state: &AppState,
    txn: &sea_orm::DatabaseTransaction,
    viewer: &Viewer,
    a: &AccountRow,
    checked: &Checked,
    fields: (&str, &str),
    ip: Option<String>,
) -> Result<String, AppError> {
    let (today, now) = (state.clock.today(), state.clock.now());
    let reference = new_reference("DEC", today.year());
    apply(
        txn,
        viewer.identity_id,
        a,
        checked,
        &reference,
        (today, now),
        fields,
    )
    .await?;
    audit_declaration(txn, viewer, a, &reference, now, ip).await?;
    acknowledge(txn, viewer, a, checked, &reference, now).await?;
    Ok(reference)
}

/// The acknowledgement of receipt, emailed to the holder in the same transaction (an
/// accountant's declaration too: the client learns of it).
async fn acknowledge(
    txn: &sea_orm::DatabaseTransaction,
    viewer: &Viewer,
    a: &AccountRow,
    checked: &Checked,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(to) = super::delays::holder_email(txn, a.person_id).await? else {
        return Ok(());
    };
    let (kind, year, (start, end)) = resolved(checked.spec, periodicity(a)?)?;
    let by = if viewer.person_id == Some(a.person_id) {
        String::new()
    } else {
        format!(" par {} pour votre compte", viewer.display_name)
    };
    let called: String = computed_lines(a, kind, year, start, checked.amount)
        .into_iter()
        .map(|(label, amount)| format!("\n- {label} : {amount}"))
        .collect();
    let subject = format!("Accusé de réception de votre déclaration {reference}");
    let body = format!(
        "Bonjour,\n\nVotre déclaration a été enregistrée{by} le {} sous la référence {reference}.\n\nCompte n° {}\n{} – {}\nMontant déclaré : {}\n\nCe que ce montant appelle :{called}\n\nVos nouvelles échéances sont dans Mon compte › Mes cotisations. Si vous n'êtes pas à l'origine de cette déclaration, contactez votre agence en citant sa référence.\n\nPasserelle",
        instant_fr(now),
        a.account_number,
        kind.label(),
        period_text(Some(kind), year, (start, end)),
        checked.amount.format_fr(),
    );
    outbox::insert_message(txn, &to, &subject, &body, now).await?;
    Ok(())
}

/// "Valider" on the review step (`jeton`), or a programmatic caller's declaration as given.
pub async fn submit(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    token: Option<&str>,
    fields: (&str, &str),
    ip: Option<String>,
) -> Result<String, AppError> {
    match token {
        Some(token) => confirm(state, viewer, account_id, token, ip).await,
        None => declare(state, viewer, account_id, fields, ip).await,
    }
}

/// The declaration kept between the form and "Valider", one per account and identity.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Draft {
    declaration: String,
    montant: String,
    token: String,
    /// The receipt's reference, once validated (a second click lands on it).
    declared: Option<String>,
}

fn draft_kind(account_id: i64) -> String {
    format!("declaration:{account_id}")
}

async fn find_draft(
    db: &impl ConnectionTrait,
    identity_id: i64,
    account_id: i64,
) -> Result<Option<Draft>, AppError> {
    Ok(drafts::find_draft(db, identity_id, &draft_kind(account_id))
        .await?
        .and_then(|p| serde_json::from_str(&p).ok()))
}

async fn save_draft(
    db: &impl ConnectionTrait,
    identity_id: i64,
    account_id: i64,
    d: &Draft,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let payload = serde_json::to_string(d).map_err(|e| super::internal(e.to_string()))?;
    drafts::upsert_draft(db, identity_id, &draft_kind(account_id), &payload, now).await?;
    Ok(())
}

/// The schedule before and after the declaration, computed by recording it in a transaction
/// that is then rolled back: the review shows exactly what "Valider" will do.
async fn simulate(
    state: &AppState,
    identity_id: i64,
    a: &AccountRow,
    checked: &Checked,
    fields: (&str, &str),
) -> Result<(Vec<DueRow>, Vec<DueRow>), AppError> {
    let (today, now) = (state.clock.today(), state.clock.now());
    let txn = super::lock_account(state, a.id).await?;
    let before = ledger::list_due_rows(&txn, a.id).await?;
    apply(
        &txn,
        identity_id,
        a,
        checked,
        "DEC-APERCU",
        (today, now),
        fields,
    )
    .await?;
    let after = ledger::list_due_rows(&txn, a.id).await?;
    txn.rollback().await?;
    Ok((before, after))
}

/// Checks the form and keeps it for the review step; returns that step's address.
pub async fn review(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    declaration: &str,
    montant: &str,
) -> Result<String, AppError> {
    let (a, own) = account_for_action(state, viewer, Some(account_id)).await?;
    let checked = check(&a, state.clock.today(), declaration, montant)?;
    // The engine's refusals (an amount out of range) show on the form, not on the review.
    simulate(
        state,
        viewer.identity_id,
        &a,
        &checked,
        (declaration, montant),
    )
    .await?;
    let draft = Draft {
        declaration: declaration.trim().to_owned(),
        montant: montant.trim().to_owned(),
        token: super::session::new_token(),
        declared: None,
    };
    save_draft(
        &state.db,
        viewer.identity_id,
        a.id,
        &draft,
        state.clock.now(),
    )
    .await?;
    Ok(super::contribution_account::account_page(
        own,
        a.id,
        "declarer/verifier",
    ))
}

/// Per due date still ahead, what it calls before and after.
fn review_rows(before: &[DueRow], after: &[DueRow], today: NaiveDate) -> Vec<ReviewRow> {
    let mut dates: Vec<NaiveDate> = before
        .iter()
        .chain(after)
        .map(|r| r.line.due_on)
        .filter(|d| *d >= today)
        .collect();
    dates.sort();
    dates.dedup();
    let on = |rows: &[DueRow], d: NaiveDate| -> Cents {
        rows.iter()
            .filter(|r| r.line.due_on == d)
            .map(|r| r.line.amount)
            .sum()
    };
    dates
        .into_iter()
        .map(|d| {
            let (b, x) = (on(before, d), on(after, d));
            ReviewRow {
                due_on: date_fr(d),
                before: b.format_fr(),
                after: x.format_fr(),
                changed: b != x,
            }
        })
        .collect()
}

pub async fn review_view(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
) -> Result<DeclarationReview, AppError> {
    let (a, own) = account_for_action(state, viewer, account_id).await?;
    let draft = find_draft(&state.db, viewer.identity_id, a.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = state.clock.today();
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let modify_href = super::contribution_account::account_page(own, a.id, "declarer");
    if let Some(r) = &draft.declared {
        // Validated already (another tab, a reload): the receipt, whatever today allows.
        return Ok(DeclarationReview {
            account_id: a.id,
            own,
            holder_name: format!("{} {}", holder.first_name, holder.last_name),
            account_number: a.account_number.clone(),
            declared_href: Some(receipt_href(own, a.id, r)),
            modify_href,
            ..Default::default()
        });
    }
    let fields = (draft.declaration.as_str(), draft.montant.as_str());
    let checked = check(&a, today, fields.0, fields.1)?;
    let (before, after) = simulate(state, viewer.identity_id, &a, &checked, fields).await?;
    let p = periodicity(&a)?;
    let (kind, year, (start, end)) = resolved(checked.spec, p)?;
    // The years (or the period) the declaration changes, each with its total before and after.
    let scopes: Vec<(String, Option<i32>)> = match kind {
        DeclarationKind::Turnover => {
            vec![(format!("Cotisations du {}", period_label(p, start)), None)]
        }
        DeclarationKind::Final => (year..=year + 2)
            .map(|y| (format!("Total appelé pour {y}"), Some(y)))
            .collect(),
        DeclarationKind::Estimate => vec![(format!("Total appelé pour {year}"), Some(year))],
    };
    let sum = |rows: &[DueRow], scope: Option<i32>| -> Cents {
        rows.iter()
            .filter(|r| match scope {
                Some(y) => r.period_start.year() == y,
                None => r.period_start == start && r.period_end == end,
            })
            .map(|r| r.line.amount)
            .sum()
    };
    let totals: Vec<(String, String, String)> = scopes
        .into_iter()
        .map(|(label, scope)| {
            (
                label,
                sum(&before, scope).format_fr(),
                sum(&after, scope).format_fr(),
            )
        })
        .filter(|(_, b, x)| b != x)
        .collect();
    let known: Vec<i64> = before.iter().map(|r| r.line.id).collect();
    let credit: Cents = after
        .iter()
        .filter(|r| !known.contains(&r.line.id) && r.line.amount.get() < 0)
        .map(|r| Cents(-r.line.amount.get()))
        .sum();
    let earlier = ledger::list_declarations(&state.db, a.id)
        .await?
        .into_iter()
        .rev()
        .find(|d| d.kind == kind.code() && d.period_start == start && d.period_end == end);
    let replacing = earlier.map(|d| match kind {
        DeclarationKind::Turnover => format!("Vous avez déjà déclaré {} pour cette période le {} : cette déclaration la corrige, et seule la différence est appelée ou remboursée.", d.amount.format_fr(), instant_fr(d.declared_at)),
        _ => format!("Vous avez déjà déclaré {} ({}) pour {year} le {} : cette déclaration la remplace, et vos cotisations sont recalculées sur le nouveau montant ; l'ancienne déclaration reste dans l'historique.", d.amount.format_fr(), kind.label().to_lowercase(), instant_fr(d.declared_at)),
    });
    Ok(DeclarationReview {
        account_id: a.id,
        own,
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        kind: kind.label().to_owned(),
        period: period_text(Some(kind), year, (start, end)),
        amount: checked.amount.format_fr(),
        computed: computed_lines(&a, kind, year, start, checked.amount),
        token: draft.token.clone(),
        rows: review_rows(&before, &after, today),
        totals,
        credit: (credit.get() > 0).then(|| credit.format_fr()),
        replacing,
        declared_href: None,
        modify_href,
    })
}

/// What became of a credit: deducted from the next amounts due, and what is left of it.
fn credit_use_text(deducted: Cents, left: Cents) -> String {
    match (deducted.get() > 0, left.get() > 0) {
        (true, true) => format!("{} sont déduits de vos prochaines échéances ; les {} restants seront déduits des échéances suivantes ou vous seront remboursés.", deducted.format_fr(), left.format_fr()),
        (true, false) => format!("Ils sont déduits de vos prochaines échéances ({}) : voyez le détail dans votre échéancier.", deducted.format_fr()),
        _ => "Aucune échéance n'est encore appelée : ils seront déduits des prochaines échéances appelées, ou vous seront remboursés.".to_owned(),
    }
}

/// Records the declaration that was reviewed; returns the receipt's address. A second click
/// (or a reload of the post) lands on the same receipt.
pub async fn confirm(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    token: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    let (a, own) = account_for_action(state, viewer, Some(account_id)).await?;
    let (today, now) = (state.clock.today(), state.clock.now());
    let stale = || {
        AppError::Invalid(FormErrors::field(
            "jeton",
            "Déclaration : elle a changé depuis sa vérification ; vérifiez-la à nouveau avant de la valider.",
        ))
    };
    let txn = super::lock_account(state, a.id).await?;
    // Read under the account's lock: two clicks record one declaration.
    let mut draft = find_draft(&txn, viewer.identity_id, a.id)
        .await?
        .ok_or_else(stale)?;
    if draft.token != token.trim() {
        return Err(stale());
    }
    if let Some(r) = &draft.declared {
        return Ok(receipt_href(own, a.id, r));
    }
    let fields = (draft.declaration.as_str(), draft.montant.as_str());
    let checked = check(&a, today, fields.0, fields.1)?;
    let reference = record(state, &txn, viewer, &a, &checked, fields, ip).await?;
    draft.declared = Some(reference.clone());
    save_draft(&txn, viewer.identity_id, a.id, &draft, now).await?;
    txn.commit().await?;
    Ok(receipt_href(own, a.id, &reference))
}

/// The declaration's kind, year and period.
fn resolved(
    spec: Spec,
    p: Periodicity,
) -> Result<(DeclarationKind, i32, (NaiveDate, NaiveDate)), AppError> {
    Ok(match spec {
        Spec::Final(y) => (DeclarationKind::Final, y, schedule::year_period(y)),
        Spec::Estimate(y) => (DeclarationKind::Estimate, y, schedule::year_period(y)),
        Spec::Turnover(y, i) => (
            DeclarationKind::Turnover,
            y,
            schedule::micro_period(p, y, i).map_err(super::internal)?,
        ),
    })
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

/// What the engine computes on a declared amount, line by line, the last being the total.
fn computed_lines(
    a: &AccountRow,
    kind: DeclarationKind,
    year: i32,
    start: NaiveDate,
    amount: Cents,
) -> Vec<(String, String)> {
    let parts = match kind {
        DeclarationKind::Turnover => micro(a)
            .ok()
            .and_then(|(k, nature)| calls::micro_parts(k, nature, start, amount).ok()),
        _ => recompute::yearly_activity(a)
            .and_then(|activity| calls::year_parts(year, activity, amount).ok()),
    };
    let Some(c) = parts else {
        return vec![];
    };
    let mut lines = vec![(
        "Cotisations sociales".to_owned(),
        c.contributions.format_fr(),
    )];
    if c.csg_crds != Cents::ZERO {
        lines.push(("CSG-CRDS".to_owned(), c.csg_crds.format_fr()));
    }
    lines.push((
        "Formation professionnelle (CFP)".to_owned(),
        c.cfp.format_fr(),
    ));
    let period = if kind == DeclarationKind::Turnover {
        "pour cette période".to_owned()
    } else {
        format!("pour {year}")
    };
    lines.push((format!("Total appelé {period}"), c.total().format_fr()));
    lines
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
    let credits: Vec<&DueRow> = all
        .iter()
        .filter(|r| r.source_reference.as_deref() == Some(reference) && r.line.amount.get() < 0)
        .collect();
    let credit: Cents = credits.iter().map(|r| Cents(-r.line.amount.get())).sum();
    let left: Cents = credits.iter().map(|r| r.line.credit_left()).sum();
    let credit_use = (credit.get() > 0).then(|| credit_use_text(credit - left, left));
    // A later declaration of the same kind and period replaces this one (a turnover, corrects it).
    let later = ledger::list_declarations(&state.db, a.id)
        .await?
        .into_iter()
        .rfind(|x| {
            x.kind == d.kind
                && (x.period_start, x.period_end) == (d.period_start, d.period_end)
                && (x.declared_at, x.id) > (d.declared_at, d.id)
        });
    let superseded = later.map(|x| {
        let verb = if d.kind == DeclarationKind::Turnover.code() {
            "corrigée"
        } else {
            "remplacée"
        };
        (
            format!(
                "Cette déclaration a été {verb} par la déclaration {} du {} : c'est elle qui compte aujourd'hui.",
                x.reference,
                instant_fr(x.declared_at)
            ),
            receipt_href(own, a.id, &x.reference),
        )
    });
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
        Some(k) => computed_lines(&a, k, d.year, d.period_start, d.amount),
        None => vec![],
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
        computed,
        added,
        replaced,
        credit: (credit.get() > 0).then(|| credit.format_fr()),
        credit_use,
        superseded,
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
}
