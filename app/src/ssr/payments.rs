//! Bank accounts and SEPA mandates ("Adhérer au télépaiement"), and the payment page that lists
//! what may be paid online and why not. Only the holder of the contributor account acts here.

use super::contribution_account::{account_for_action, account_href, status_class};
use super::declarations::instant_fr;
use super::state::AppState;
use crate::api::payments::{MandateView, PayableDue, PaymentPage, TelepaymentSummary};
use crate::domain::calendar::date_fr;
use crate::domain::ledger::{DueKind, DueStatus};
use crate::domain::money::Cents;
use crate::domain::sepa::{self, parse_bic, Iban, PayWindow, MAX_ACTIVE_MANDATES};
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::is_unique_violation;
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::payments::{
    self as repo, MandateRow, NewMandate, MANDATE_ACTIVE, MANDATE_LAPSED, TELEPAYMENT_CANCELLED,
    TELEPAYMENT_COLLECTED, TELEPAYMENT_COLLECTING, TELEPAYMENT_SCHEDULED,
};
use crate::persistence::repo::{identities, ledger, outbox};
use chrono::{DateTime, NaiveDateTime, Utc};

pub const ALREADY_ELSEWHERE: &str = "IBAN : un mandat existe déjà pour ce compte bancaire sur un autre de vos comptes cotisants (par exemple un ancien compte de micro-entrepreneur). Révoquez-le d'abord sur cet autre compte, puis adhérez à nouveau ici.";

/// The contributor's own account: accountants (and anyone else) never sign or pay.
pub async fn own_account(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
) -> Result<AccountRow, AppError> {
    let (a, own) = account_for_action(state, viewer, account_id).await?;
    if !own {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

/// Paris wall-clock time: the rules of `domain.md` §3 are written in it.
pub fn paris(now: DateTime<Utc>) -> NaiveDateTime {
    now.with_timezone(&chrono_tz::Europe::Paris).naive_local()
}

pub fn payment_href(account_id: i64) -> String {
    format!("/mon-compte/cotisations/paiement?compte={account_id}")
}

pub fn mandate_view(m: &MandateRow) -> MandateView {
    let (status, class) = match m.status.as_str() {
        MANDATE_ACTIVE => ("Actif", "paid"),
        MANDATE_LAPSED => ("Caduc (36 mois sans prélèvement)", "overdue"),
        _ => ("Révoqué", "debt"),
    };
    MandateView {
        id: m.id,
        iban: m.iban.masked(),
        holder: format!("{} {}", m.holder_first_name, m.holder_last_name),
        rum: m.rum.clone(),
        signed_at: instant_fr(m.signed_at),
        status: status.to_owned(),
        status_class: class.to_owned(),
        active: m.status == MANDATE_ACTIVE,
        last_collected: m.last_collected_on.map(date_fr),
    }
}

pub fn telepayment_status(status: &str) -> &'static str {
    match status {
        TELEPAYMENT_SCHEDULED => "Programmé",
        TELEPAYMENT_COLLECTING => "En cours de prélèvement",
        TELEPAYMENT_COLLECTED => "Transmis à la banque",
        TELEPAYMENT_CANCELLED => "Annulé (non prélevé)",
        _ => "Remplacé par un paiement plus récent",
    }
}

pub async fn page(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
) -> Result<PaymentPage, AppError> {
    let a = own_account(state, viewer, account_id).await?;
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mandates = repo::list_mandates(&state.db, a.id).await?;
    let active = mandates
        .iter()
        .filter(|m| m.status == MANDATE_ACTIVE)
        .count();
    let now = paris(state.clock.now());
    let today = state.clock.today();
    let rows = ledger::list_due_rows(&state.db, a.id).await?;
    let telepayments = repo::list_telepayments(&state.db, a.id).await?;
    let instructions = repo::list_instructions(&state.db, a.id).await?;
    let notices = repo::notices_for_account(&state.db, a.id).await?;
    let dues = rows
        .iter()
        .filter(|r| r.line.remaining().get() > 0 && !matches!(r.line.status(today), DueStatus::Paid | DueStatus::Credit | DueStatus::CreditUsed))
        .map(|r| {
            let status = r.line.status(today);
            let on_debit = super::direct_debit::collected_by_debit(&a, &instructions, r.line.kind, r.line.due_on);
            let window = sepa::pay_window(r.line.kind, status, r.line.due_on, on_debit, now);
            let scheduled: Vec<_> = telepayments.iter().filter(|t| t.amount_due_id == r.line.id && matches!(t.status.as_str(), TELEPAYMENT_SCHEDULED | TELEPAYMENT_COLLECTING)).collect();
            let left = Cents(r.line.remaining().get() - scheduled.iter().map(|t| t.amount.get()).sum::<i64>());
            let note = match (scheduled.is_empty(), window) {
                (false, _) => scheduled.iter().map(|t| format!("Télépaiement programmé ({}) : {} prélevés le {}.", t.reference, t.amount.format_fr(), date_fr(t.collection_date))).collect::<Vec<_>>().join(" "),
                (true, PayWindow::AutomaticDebit) => match notices.get(&r.line.id) {
                    Some(n) => format!("Prélevé automatiquement le {}.", date_fr(sepa::direct_debit_collection(r.line.due_on, *n))),
                    None => window.explanation(),
                },
                (true, PayWindow::Closed) if r.line.kind == DueKind::CurrentContribution => format!(
                    "{} Elle deviendra une dette 30 jours après l'échéance ; le télépaiement sera alors de nouveau possible.",
                    window.explanation()
                ),
                (true, w) => w.explanation(),
            };
            PayableDue {
                id: r.line.id,
                label: r.label.clone(),
                due_on: date_fr(r.line.due_on),
                remaining: Cents(left.get().max(0)).format_fr(),
                status: status.label().to_owned(),
                status_class: status_class(status).to_owned(),
                pay_href: (window == PayWindow::Open && left.get() > 0).then(|| format!("/mon-compte/cotisations/payer/montant?compte={}&echeance={}", a.id, r.line.id)),
                pay_label: if scheduled.is_empty() { "Payer" } else { "Payer une autre partie" }.to_owned(),
                note,
            }
        })
        .collect();
    Ok(PaymentPage {
        account_id: a.id,
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        holder_last_name: holder.last_name.clone(),
        holder_first_name: holder.first_name.clone(),
        holder_address: holder.address.clone(),
        mandates: mandates.iter().map(mandate_view).collect(),
        may_add_mandate: active < MAX_ACTIVE_MANDATES,
        dues,
        telepayments: telepayments
            .iter()
            .take(20)
            .map(|t| TelepaymentSummary {
                reference: t.reference.clone(),
                amount: t.amount.format_fr(),
                collection_date: date_fr(t.collection_date),
                status: telepayment_status(&t.status).to_owned(),
                href: format!("/mon-compte/cotisations/paiements/{}", t.reference),
            })
            .collect(),
        debit: super::direct_debit_view::view(&a, &instructions, &mandates, today),
        creditor_name: state.config.creditor.name.clone(),
        ics: state.config.creditor.ics.clone(),
        back_href: account_href(true, a.id),
    })
}

pub struct MandateForm {
    pub last_name: String,
    pub first_name: String,
    pub address: String,
    pub iban: String,
    pub bic: String,
    pub accepted: bool,
}

const NAME_MAX: usize = 70;
const ADDRESS_MAX: usize = 140;

/// Signs a mandate; returns where to go next (the payment page, or back to the wizard).
pub async fn join(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    f: MandateForm,
    back_to_wizard: bool,
    ip: Option<String>,
) -> Result<String, AppError> {
    let a = own_account(state, viewer, Some(account_id)).await?;
    let (last, first, address) = (f.last_name.trim(), f.first_name.trim(), f.address.trim());
    let mut errors = FormErrors::default();
    for (field, label, todo, value, max) in [
        (
            "nom",
            "Nom du titulaire",
            "saisissez le nom du titulaire du compte",
            last,
            NAME_MAX,
        ),
        (
            "prenom",
            "Prénom du titulaire",
            "saisissez son prénom",
            first,
            NAME_MAX,
        ),
        (
            "adresse",
            "Adresse du titulaire",
            "saisissez son adresse complète (numéro, voie, code postal et commune)",
            address,
            ADDRESS_MAX,
        ),
    ] {
        if value.is_empty() {
            errors.push(field, format!("{label} : {todo}."));
        } else if value.chars().count() > max {
            errors.push(field, format!("{label} : {max} caractères au plus."));
        }
    }
    for (field, label, value) in [
        ("nom", "Nom du titulaire", last),
        ("prenom", "Prénom du titulaire", first),
    ] {
        if !value.is_empty()
            && crate::domain::pain008::sepa_text(value, NAME_MAX)
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .count()
                == 0
        {
            errors.push(field, format!("{label} : écrivez-le en lettres latines, comme sur votre relevé d'identité bancaire."));
        }
    }
    let iban = Iban::parse(&f.iban)
        .map_err(|e| errors.push("iban", format!("IBAN : {e}")))
        .ok();
    let bic = parse_bic(&f.bic)
        .map_err(|e| errors.push("bic", format!("BIC : {e}")))
        .ok()
        .flatten();
    if !f.accepted {
        errors.push("conditions", "Conditions d'utilisation : cochez la case pour accepter les conditions du télépaiement et du mandat de prélèvement SEPA.");
    }
    // The IBAN is never sent back in an address: the person types it again.
    let keep = |e: FormErrors| {
        AppError::Invalid(
            e.keep("nom", last)
                .keep("prenom", first)
                .keep("adresse", address)
                .keep("bic", f.bic.trim()),
        )
    };
    let Some(iban) = iban.filter(|_| errors.is_empty()) else {
        return Err(keep(errors));
    };
    if let Some(existing) =
        repo::find_active_mandate_of_person(&state.db, a.person_id, &iban).await?
    {
        let msg = if existing.account_id == a.id {
            "IBAN : ce compte bancaire a déjà un mandat actif sur ce compte cotisant."
        } else {
            ALREADY_ELSEWHERE
        };
        return Err(keep(FormErrors::field("iban", msg)));
    }
    let now = state.clock.now();
    let txn = super::lock_account(state, a.id).await?;
    let active = repo::list_mandates(&txn, a.id)
        .await?
        .iter()
        .filter(|m| m.status == MANDATE_ACTIVE)
        .count();
    if active >= MAX_ACTIVE_MANDATES {
        return Err(keep(FormErrors::field("iban", "IBAN : vous avez déjà 3 comptes bancaires avec un mandat actif. Révoquez-en un avant d'en ajouter un autre.")));
    }
    let inserted = repo::insert_mandate(
        &txn,
        NewMandate {
            account_id: a.id,
            person_id: a.person_id,
            account_number: &a.account_number,
            iban: &iban,
            bic: bic.as_deref(),
            last_name: last,
            first_name: first,
            address,
            signed_by: viewer.identity_id,
        },
        now,
    )
    .await;
    let mandate = match inserted {
        Ok(m) => m,
        Err(e) if is_unique_violation(&e) => {
            return Err(keep(FormErrors::field("iban", ALREADY_ELSEWHERE)))
        }
        Err(e) => return Err(e.into()),
    };
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: Some(viewer.identity_id),
            on_behalf_of_person_id: None,
            action: "sepa_mandate_signed",
            object: Some(mandate.rum.clone()),
            outcome: "ok",
            ip,
        },
    )
    .await?;
    if let Some(to) = super::delays::holder_email(&txn, a.person_id).await? {
        let body = format!(
            "Bonjour,\n\nVous avez signé en ligne le {} un mandat de prélèvement SEPA (récurrent) pour votre compte cotisant n° {}.\n\n\
             Référence unique du mandat (RUM) : {}\nCréancier : {}\nIdentifiant créancier SEPA (ICS) : {}\nCompte débité : {}\n\n\
             Vous pouvez révoquer ce mandat à tout moment depuis « Mes cotisations › Paiement ». Un mandat sans prélèvement pendant 36 mois devient caduc.\n",
            instant_fr(now),
            a.account_number,
            mandate.rum,
            state.config.creditor.name,
            state.config.creditor.ics,
            mandate.iban.masked()
        );
        outbox::insert_message(&txn, &to, "Votre mandat de prélèvement SEPA", &body, now).await?;
    }
    txn.commit().await?;
    Ok(if back_to_wizard {
        format!("/mon-compte/cotisations/payer/comptes?compte={}", a.id)
    } else {
        format!("{}&mandat={}", payment_href(a.id), mandate.rum)
    })
}

/// Revokes a mandate of the account, unless automatic debit or a scheduled telepayment uses it.
pub async fn revoke(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    mandate_id: i64,
    ip: Option<String>,
) -> Result<String, AppError> {
    let a = own_account(state, viewer, Some(account_id)).await?;
    let m = repo::find_mandate(&state.db, mandate_id)
        .await?
        .filter(|m| m.account_id == a.id)
        .ok_or(AppError::NotFound)?;
    if m.status != MANDATE_ACTIVE {
        return Err(AppError::invalid(
            "mandat",
            "Mandat : ce mandat n'est plus actif.",
        ));
    }
    let now = state.clock.now();
    let today = state.clock.today();
    // Checked under the account's lock, so that no payment starts relying on it meanwhile.
    let txn = super::lock_account(state, a.id).await?;
    let instructions = repo::list_instructions(&txn, a.id).await?;
    let debit_uses = super::direct_debit::plan_on(&instructions, today)
        .is_some_and(|i| i.mandate_id == m.id)
        || instructions
            .iter()
            .any(|i| i.effective_from > today && i.mandate_id == m.id);
    if debit_uses {
        return Err(AppError::invalid("mandat", "Mandat : ce compte bancaire sert à votre prélèvement automatique. Choisissez d'abord un autre compte pour le prélèvement."));
    }
    if let Some(t) = repo::list_telepayments(&txn, a.id).await?.iter().find(|t| {
        matches!(
            t.status.as_str(),
            TELEPAYMENT_SCHEDULED | TELEPAYMENT_COLLECTING
        ) && t.parts.iter().any(|(id, _)| *id == m.id)
    }) {
        return Err(AppError::invalid("mandat", format!("Mandat : le télépaiement {} sera prélevé sur ce compte. Attendez son prélèvement ou modifiez-le d'abord.", t.reference)));
    }
    if repo::end_mandate(&txn, m.id, repo::MANDATE_REVOKED, now).await? {
        audit::insert_event(
            &txn,
            AuditEntry {
                at: now,
                actor_identity_id: Some(viewer.identity_id),
                on_behalf_of_person_id: None,
                action: "sepa_mandate_revoked",
                object: Some(m.rum.clone()),
                outcome: "ok",
                ip,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(format!("{}&revoque={}", payment_href(a.id), m.rum))
}
