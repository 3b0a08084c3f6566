//! Payment delays: the request for one amount due, its receipt, and the agent's decision, which
//! replaces what is left of the amount by monthly instalments in the same transaction.

use super::contribution_account::{account_base, account_for_action};
use super::declarations::instant_fr;
use super::state::AppState;
use crate::api::delays::{DelayForm, DelayReceipt, DelayRequestView, InstalmentView};
use crate::domain::calendar::date_fr;
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::domain::schedule::{self, MAX_INSTALMENTS, MIN_INSTALMENTS};
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::repo::accounts::{self, AccountRow};
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::ledger::{self, DueRow, NewDue};
use crate::persistence::repo::payments::{
    self, TelepaymentRow, TELEPAYMENT_COLLECTING, TELEPAYMENT_SCHEDULED,
};
use crate::persistence::repo::schedule::{
    self as repo, DelayRequestRow, NewDelayRequest, DELAY_ACCEPTED, DELAY_PENDING, DELAY_REFUSED,
};
use crate::persistence::repo::{identities, outbox};
use chrono::{Datelike, NaiveDate};
use sea_orm::TransactionTrait;

fn plan_view(plan: &[(NaiveDate, Cents)]) -> Vec<InstalmentView> {
    plan.iter()
        .map(|(d, c)| InstalmentView {
            due_on: date_fr(*d),
            amount: c.format_fr(),
        })
        .collect()
}

async fn eligible_row(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    a: &AccountRow,
    due_id: i64,
) -> Result<DueRow, AppError> {
    let rows = ledger::list_due_rows(db, a.id).await?;
    let row = rows
        .into_iter()
        .find(|r| r.line.id == due_id)
        .ok_or(AppError::NotFound)?;
    if !schedule::may_delay(&row.line, state.clock.today()) {
        return Err(AppError::invalid("echeance", "Échéance : ce montant est réglé ou fait déjà l'objet d'un échéancier ; il ne peut pas être échelonné."));
    }
    Ok(row)
}

fn parse_count(input: &str) -> Option<u32> {
    input
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (MIN_INSTALMENTS..=MAX_INSTALMENTS).contains(n))
}

/// The telepayments scheduled (or being collected) on one amount.
async fn telepayments_on(
    db: &impl sea_orm::ConnectionTrait,
    account_id: i64,
    due_id: i64,
) -> Result<Vec<TelepaymentRow>, AppError> {
    Ok(payments::list_telepayments(db, account_id)
        .await?
        .into_iter()
        .filter(|t| {
            t.amount_due_id == due_id
                && matches!(
                    t.status.as_str(),
                    TELEPAYMENT_SCHEDULED | TELEPAYMENT_COLLECTING
                )
        })
        .collect())
}

fn describe(t: &TelepaymentRow) -> String {
    format!(
        "Télépaiement {} : {} prélevés le {}",
        t.reference,
        t.amount.format_fr(),
        date_fr(t.collection_date)
    )
}

/// Refused when scheduled payments already cover the whole amount: it needs no delay.
fn covered(remaining: Cents, scheduled: &[TelepaymentRow]) -> Option<String> {
    let total: i64 = scheduled.iter().map(|t| t.amount.get()).sum();
    (total >= remaining.get()).then(|| {
        let refs: Vec<&str> = scheduled.iter().map(|t| t.reference.as_str()).collect();
        format!("Échéance : ce montant est entièrement couvert par le télépaiement programmé ({}) ; il n'a pas besoin de délai. Pour changer ce paiement, modifiez-le depuis sa confirmation.", refs.join(", "))
    })
}

async fn pending_for(
    state: &AppState,
    account_id: i64,
    due_id: i64,
) -> Result<Option<String>, AppError> {
    Ok(repo::list_delay_requests_for_account(&state.db, account_id)
        .await?
        .into_iter()
        .find(|r| r.amount_due_id == due_id && r.status == DELAY_PENDING)
        .map(|r| r.reference))
}

pub async fn form(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
    due_id: i64,
    count: Option<&str>,
    reason: String,
) -> Result<DelayForm, AppError> {
    let (a, own) = account_for_action(state, viewer, account_id).await?;
    let row = eligible_row(state, &state.db, &a, due_id).await?;
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = state.clock.today();
    let chosen = count.and_then(parse_count);
    let scheduled = telepayments_on(&state.db, a.id, due_id).await?;
    let preview = match chosen {
        Some(n) => plan_view(
            &schedule::instalment_plan(
                row.line.remaining(),
                n,
                schedule::plan_start(row.line.due_on, today),
            )
            .map_err(|e| AppError::invalid("echeances", e.to_string()))?,
        ),
        None => vec![],
    };
    Ok(DelayForm {
        account_id: a.id,
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        own,
        due_id,
        line_label: row.label.clone(),
        line_due_on: date_fr(row.line.due_on),
        line_status: row.line.status(today).label().to_owned(),
        remaining: row.line.remaining().format_fr(),
        chosen,
        reason,
        preview,
        pending_reference: pending_for(state, a.id, due_id).await?,
        covered: covered(row.line.remaining(), &scheduled),
        scheduled: scheduled.iter().map(describe).collect(),
        back_href: super::contribution_account::account_href(own, a.id),
    })
}

/// Records a pending request; returns the receipt's address.
pub async fn request(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    due_id: i64,
    count: &str,
    reason: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    let (a, own) = account_for_action(state, viewer, Some(account_id)).await?;
    let reason = reason.trim();
    let mut errors = FormErrors::default();
    let n = parse_count(count);
    if n.is_none() {
        errors.push(
            "echeances",
            "Nombre d'échéances : choisissez entre 2 et 12 mensualités.",
        );
    }
    let chars = reason.chars().count();
    if chars < schedule::DELAY_REASON_MIN {
        errors.push("motif", "Motif de la demande : expliquez en quelques mots (10 caractères au moins) pourquoi vous demandez ce délai.");
    } else if chars > schedule::DELAY_REASON_MAX {
        errors.push("motif", "Motif de la demande : 2 000 caractères au plus.");
    }
    let keep = |e: FormErrors| AppError::Invalid(e.keep("echeances", count).keep("motif", reason));
    let Some(n) = n.filter(|_| errors.is_empty()) else {
        return Err(keep(errors));
    };
    let today = state.clock.today();
    let now = state.clock.now();
    let reference = crate::platform::references::new_reference("DEL", today.year());
    let txn = super::lock_account(state, a.id).await?;
    let row = match eligible_row(state, &txn, &a, due_id).await {
        Err(AppError::Invalid(e)) => return Err(keep(e)),
        other => other?,
    };
    if repo::list_delay_requests_for_account(&txn, a.id)
        .await?
        .iter()
        .any(|r| r.amount_due_id == due_id && r.status == DELAY_PENDING)
    {
        return Err(keep(FormErrors::field(
            "echeance",
            "Échéance : une demande de délai est déjà en cours d'examen pour ce montant.",
        )));
    }
    if let Some(why) = covered(
        row.line.remaining(),
        &telepayments_on(&txn, a.id, due_id).await?,
    ) {
        return Err(keep(FormErrors::field("echeance", why)));
    }
    repo::insert_delay_request(
        &txn,
        NewDelayRequest {
            reference: &reference,
            account_id: a.id,
            amount_due_id: row.line.id,
            amount: row.line.remaining(),
            instalments: n,
            reason,
            requested_by: viewer.identity_id,
        },
        now,
    )
    .await?;
    let on_behalf = (viewer.person_id != Some(a.person_id)).then_some(a.person_id);
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: Some(viewer.identity_id),
            on_behalf_of_person_id: on_behalf,
            action: "payment_delay_requested",
            object: Some(reference.clone()),
            outcome: "ok",
            ip,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(format!("{}/delais/{reference}", account_base(own, a.id)))
}

/// The label and style class of a request's status.
pub fn status_of(r: &DelayRequestRow) -> (&'static str, &'static str) {
    match r.status.as_str() {
        DELAY_ACCEPTED => ("Accordé", "paid"),
        DELAY_REFUSED => ("Refusé", "debt"),
        _ => ("En cours d'examen", "to-pay"),
    }
}

fn line_label(rows: &[DueRow], r: &DelayRequestRow) -> String {
    rows.iter()
        .find(|x| x.line.id == r.amount_due_id)
        .map(|x| format!("{} (échéance du {})", x.label, date_fr(x.line.due_on)))
        .unwrap_or_default()
}

pub async fn receipt(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<DelayReceipt, AppError> {
    let r = repo::find_delay_request(&state.db, reference.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let (a, own) =
        super::contribution_account::account_of_reference(state, viewer, r.account_id).await?;
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = ledger::list_all_due_rows(&state.db, a.id).await?;
    let accepted = r.status == DELAY_ACCEPTED;
    let plan = if accepted {
        rows.iter()
            .filter(|x| {
                x.source_reference.as_deref() == Some(r.reference.as_str())
                    && !x.replaced_entirely()
            })
            .map(|x| InstalmentView {
                due_on: date_fr(x.line.due_on),
                amount: x.line.amount.format_fr(),
            })
            .collect()
    } else if r.status == DELAY_PENDING {
        let due_on = rows
            .iter()
            .find(|x| x.line.id == r.amount_due_id)
            .map(|x| x.line.due_on)
            .unwrap_or_default();
        plan_view(
            &schedule::instalment_plan(
                r.amount,
                r.instalments,
                schedule::plan_start(due_on, state.clock.today()),
            )
            .unwrap_or_default(),
        )
    } else {
        vec![]
    };
    let (status, class) = status_of(&r);
    Ok(DelayReceipt {
        reference: r.reference.clone(),
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        line_label: line_label(&rows, &r),
        amount: r.amount.format_fr(),
        instalments: r.instalments,
        reason: r.reason.clone(),
        status: status.to_owned(),
        status_class: class.to_owned(),
        requested_at: instant_fr(r.requested_at),
        decided_at: r.decided_at.map(instant_fr),
        decision_message: r.decision_message.clone(),
        plan,
        plan_is_final: accepted,
        back_href: super::contribution_account::account_href(own, a.id),
    })
}

/// The agency of an agent; anybody else is refused, whatever the caller checked before.
fn agent_agency(viewer: &Viewer) -> Result<i64, AppError> {
    if !crate::domain::access::role_may(viewer.role, crate::domain::access::Action::DecideDelays) {
        return Err(AppError::Forbidden);
    }
    viewer.organisation_id.ok_or(AppError::Forbidden)
}

/// The requests of the agent's agency.
pub async fn agency_list(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<DelayRequestView>, AppError> {
    let agency = agent_agency(viewer)?;
    let mut out = Vec::new();
    // Read once per account, whatever its number of requests.
    let mut seen: std::collections::HashMap<i64, (String, String, Vec<DueRow>)> =
        std::collections::HashMap::new();
    for r in repo::list_delay_requests_for_agency(&state.db, agency).await? {
        if let std::collections::hash_map::Entry::Vacant(slot) = seen.entry(r.account_id) {
            let a = accounts::find_account(&state.db, r.account_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let holder = identities::find_person(&state.db, a.person_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let rows = ledger::list_all_due_rows(&state.db, a.id).await?;
            slot.insert((
                format!("{} {}", holder.first_name, holder.last_name),
                a.account_number,
                rows,
            ));
        }
        let Some((holder_name, account_number, rows)) = seen.get(&r.account_id) else {
            continue;
        };
        let (status, class) = status_of(&r);
        let scheduled = if r.status == DELAY_PENDING {
            telepayments_on(&state.db, r.account_id, r.amount_due_id)
                .await?
                .iter()
                .map(describe)
                .collect()
        } else {
            vec![]
        };
        out.push(DelayRequestView {
            scheduled,
            reference: r.reference.clone(),
            holder_name: holder_name.clone(),
            account_number: account_number.clone(),
            line_label: line_label(rows, &r),
            amount: r.amount.format_fr(),
            instalments: r.instalments,
            reason: r.reason.clone(),
            requested_at: instant_fr(r.requested_at),
            status: status.to_owned(),
            status_class: class.to_owned(),
            pending: r.status == DELAY_PENDING,
            decision_message: r.decision_message.clone(),
        });
    }
    Ok(out)
}

/// An agent of the account's agency accepts or refuses a pending request.
pub async fn decide(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    decision: &str,
    message: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    let agency = agent_agency(viewer)?;
    let r = repo::find_delay_request(&state.db, reference.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let a = accounts::find_account(&state.db, r.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.agency_id != agency {
        // Another agency's request does not exist for this agent.
        return Err(AppError::NotFound);
    }
    let message = message.trim();
    // The reference travels with the error so that only its card shows it (several cards share the action).
    let invalid = |field: &str, text: &str| {
        AppError::Invalid(
            FormErrors::field(field, text)
                .keep("message", message)
                .keep("reference", &r.reference),
        )
    };
    let accept = match decision {
        "accepter" => true,
        "refuser" => false,
        _ => {
            return Err(invalid(
                "decision",
                "Décision : choisissez d'accorder ou de refuser le délai.",
            ))
        }
    };
    if !accept && message.chars().count() < 5 {
        return Err(invalid(
            "message",
            "Message à la personne : expliquez-lui pourquoi le délai est refusé.",
        ));
    }
    if message.chars().count() > schedule::DELAY_REASON_MAX {
        return Err(invalid(
            "message",
            "Message à la personne : 2 000 caractères au plus.",
        ));
    }
    let today = state.clock.today();
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    repo::lock_account(&txn, a.id).await?;
    let status = if accept {
        DELAY_ACCEPTED
    } else {
        DELAY_REFUSED
    };
    if !repo::decide_delay_request(
        &txn,
        r.id,
        status,
        viewer.identity_id,
        (!message.is_empty()).then_some(message),
        now,
    )
    .await?
    {
        return Err(invalid(
            "decision",
            "Décision : cette demande a déjà été traitée.",
        ));
    }
    let mut plan = vec![];
    let mut cancelled = vec![];
    if accept {
        let rows = ledger::list_due_rows(&txn, a.id).await?;
        let row = rows.iter().find(|x| x.line.id == r.amount_due_id).ok_or_else(|| invalid("decision", "Décision : ce montant n'est plus au calendrier (réglé ou remplacé) ; refusez la demande en l'expliquant."))?;
        // The instalments replace the amount: a telepayment scheduled on it is cancelled in the
        // same transaction (one the bank is collecting must be waited for).
        for t in telepayments_on(&txn, a.id, row.line.id).await? {
            if t.status == TELEPAYMENT_COLLECTING
                || !payments::cancel_scheduled_telepayment(&txn, t.id).await?
            {
                txn.rollback().await?;
                return Err(invalid("decision", &format!("Décision : le télépaiement {} de ce montant est en cours de prélèvement ; décidez une fois son résultat connu.", t.reference)));
            }
            cancelled.push(t);
        }
        let remaining = row.line.remaining();
        plan = schedule::instalment_plan(
            remaining,
            r.instalments,
            schedule::plan_start(row.line.due_on, today),
        )
        .map_err(|e| invalid("decision", &format!("Décision : {e}")))?;
        repo::cancel_due(
            &txn,
            row.line.id,
            remaining,
            repo::CANCEL_INSTALMENTS,
            &r.reference,
            now,
        )
        .await?;
        let count = plan.len();
        let amounts: Vec<Cents> = plan.iter().map(|(_, a)| *a).collect();
        let shares = row.parts.scaled_to(remaining).split(&amounts);
        for (i, ((due_on, amount), parts)) in plan.iter().zip(shares).enumerate() {
            let label = format!("Délai {} : échéance {}/{count}", r.reference, i + 1);
            let n = NewDue {
                account_id: a.id,
                kind: DueKind::Instalment,
                label: &label,
                period_start: row.period_start,
                period_end: row.period_end,
                due_on: *due_on,
                amount: *amount,
                source: Some(&r.reference),
                parts: Some(parts),
            };
            ledger::insert_due(&txn, n, now).await?;
        }
    }
    if let Some(to) = holder_email(&txn, a.person_id).await? {
        let (subject, mut body) = decision_email(&r.reference, accept, message, &plan);
        let told: String = cancelled
            .iter()
            .map(|t| format!("\n\nVotre télépaiement {} de {}, prévu le {}, est annulé : il n'a pas été prélevé et ne le sera pas, les mensualités le remplacent.", t.reference, t.amount.format_fr(), date_fr(t.collection_date)))
            .collect();
        body.insert_str(body.rfind("\n\nPasserelle").unwrap_or(body.len()), &told);
        outbox::insert_message(&txn, &to, &subject, &body, now).await?;
    }
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: Some(viewer.identity_id),
            on_behalf_of_person_id: Some(a.person_id),
            action: "payment_delay_decided",
            object: Some(r.reference.clone()),
            outcome: status,
            ip,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(crate) async fn holder_email(
    db: &impl sea_orm::ConnectionTrait,
    person_id: i64,
) -> Result<Option<String>, AppError> {
    if let Some(identity) = identities::find_identity_by_person(db, person_id).await? {
        return Ok(Some(identity.email));
    }
    Ok(identities::find_person(db, person_id)
        .await?
        .and_then(|p| p.email))
}

fn decision_email(
    reference: &str,
    accepted: bool,
    message: &str,
    plan: &[(NaiveDate, Cents)],
) -> (String, String) {
    let note = if message.is_empty() {
        String::new()
    } else {
        format!("\nMessage de votre agence :\n{message}\n")
    };
    if accepted {
        let lines: String = plan
            .iter()
            .map(|(d, c)| format!("- {} : {}\n", date_fr(*d), c.format_fr()))
            .collect();
        (
            format!("Votre délai de paiement {reference} est accordé"),
            format!("Bonjour,\n\nVotre demande de délai de paiement {reference} est accordée. Le montant est remplacé dans votre échéancier par les mensualités suivantes :\n\n{lines}{note}\nRetrouvez le détail dans Mon compte › Mes cotisations.\n\nPasserelle"),
        )
    } else {
        (
            format!("Votre demande de délai de paiement {reference}"),
            format!("Bonjour,\n\nVotre demande de délai de paiement {reference} n'a pas pu être accordée.\n{note}\nLe montant reste dû à son échéance. Votre agence peut vous aider : prenez rendez-vous depuis Mon compte.\n\nPasserelle"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_of_instalments_is_two_to_twelve() {
        assert_eq!(parse_count("2"), Some(2));
        assert_eq!(parse_count(" 12 "), Some(12));
        assert_eq!(parse_count("1"), None);
        assert_eq!(parse_count("13"), None);
        assert_eq!(parse_count("trois"), None);
    }

    #[test]
    fn the_decision_email_lists_the_instalments_or_the_reason() {
        let d = NaiveDate::from_ymd_opt(2026, 6, 5).unwrap();
        let (subject, body) = decision_email("DEL-2026-ABCDEF", true, "", &[(d, Cents(1_137_34))]);
        assert!(subject.contains("accordé"));
        assert!(
            body.contains("5 juin 2026") && body.contains("1\u{202F}137,34"),
            "{body}"
        );
        let (_, body) = decision_email("DEL-2026-ABCDEF", false, "Dette trop ancienne.", &[]);
        assert!(body.contains("n'a pas pu être accordée") && body.contains("Dette trop ancienne."));
    }
}
