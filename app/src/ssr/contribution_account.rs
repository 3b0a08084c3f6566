//! Builds the contribution account page from the ledger, the declarations and the engine.

use super::contribution_incomes::{income_years, turnover_declarations};
use super::schedule_parts::{breakdown, schedule_parts};
use super::state::AppState;
use crate::api::contributions::{
    AccountOption, ContributionAccount, DelaySummary, DueView, PaymentView,
};
use crate::domain::access::{role_may_use, Category, Role, Service};
use crate::domain::calendar::date_fr;
use crate::domain::ledger::{summarise, DueStatus};
use crate::domain::money::Cents;
use crate::domain::reader::Reader;
use crate::error::AppError;
use crate::model::Viewer;
use crate::persistence::repo::accounts::{self, AccountRow};
use crate::persistence::repo::identities;
use crate::persistence::repo::ledger::{self, CreditUseRow, DueRow};
use crate::persistence::repo::schedule as schedule_repo;
use chrono::{Datelike, NaiveDate};

pub fn status_class(s: DueStatus) -> &'static str {
    match s {
        DueStatus::Paid => "paid",
        DueStatus::ToPay => "to-pay",
        DueStatus::Overdue => "overdue",
        DueStatus::Debt => "debt",
        DueStatus::Credit | DueStatus::CreditUsed => "credit",
    }
}

/// The credit deductions of an account, with the rows they join, for the schedule and history.
struct Deductions<'a> {
    uses: Vec<CreditUseRow>,
    rows: &'a [DueRow],
    reader: Reader,
}

impl Deductions<'_> {
    fn row(&self, id: i64) -> Option<&DueRow> {
        self.rows.iter().find(|r| r.line.id == id)
    }

    /// "80,00 € déduits (Trop-perçu 2025)" on an amount; on a credit, where it went and what
    /// is left of it.
    fn note(&self, r: &DueRow) -> Option<String> {
        let on_this = |u: &&CreditUseRow| u.amount_due_id == r.line.id;
        let from_this = |u: &&CreditUseRow| u.credit_due_id == r.line.id;
        if r.line.amount.get() < 0 {
            let mut went: Vec<(NaiveDate, Cents)> = self
                .uses
                .iter()
                .filter(from_this)
                .filter_map(|u| Some((self.row(u.amount_due_id)?.line.due_on, u.amount)))
                .collect();
            went.sort_by_key(|(on, _)| *on);
            let went: Vec<String> = match went.as_slice() {
                [] => vec![],
                [one] => vec![format!(
                    "{} déduits de l'échéance du {}",
                    one.1.format_fr(),
                    date_fr(one.0)
                )],
                [first, .., last] => vec![format!(
                    "{} déduits des {} échéances du {} au {}",
                    went.iter().map(|(_, c)| *c).sum::<Cents>().format_fr(),
                    went.len(),
                    date_fr(first.0),
                    date_fr(last.0)
                )],
            };
            let left = r.line.credit_left();
            let mut note = went;
            if left != Cents::ZERO {
                note.push(self.reader.credit_left(&left.format_fr()));
            }
            return Some(note.join(" ; "));
        }
        let from: Vec<String> = self
            .uses
            .iter()
            .filter(on_this)
            .filter_map(|u| {
                let credit = self.row(u.credit_due_id)?;
                Some(format!(
                    "{} déduits ({})",
                    u.amount.format_fr(),
                    credit.label
                ))
            })
            .collect();
        (!from.is_empty()).then(|| from.join(" ; "))
    }

    /// The history's lines for the deductions, with the Paris date they were made.
    fn history(&self) -> Vec<(NaiveDate, PaymentView)> {
        self.uses
            .iter()
            .filter_map(|u| {
                let credit = self.row(u.credit_due_id)?;
                let to = self.row(u.amount_due_id)?;
                let on = super::payments::paris(u.at).date();
                Some((
                    on,
                    PaymentView {
                        received_on: date_fr(on),
                        amount: u.amount.format_fr(),
                        method: format!("{} déduit", credit.label),
                        reference: format!("Échéance du {}", date_fr(to.line.due_on)),
                    },
                ))
            })
            .collect()
    }
}

fn due_view(
    r: &DueRow,
    today: NaiveDate,
    delay_base: Option<&str>,
    deductions: &Deductions,
) -> DueView {
    let status = r.line.status(today);
    let delay_href = delay_base
        .filter(|_| crate::domain::schedule::may_delay(&r.line, today))
        .map(|base| format!("{base}echeance={}", r.line.id));
    DueView {
        due_on: date_fr(r.line.due_on),
        period: format!(
            "du {} au {}",
            r.period_start.format("%d/%m/%Y"),
            r.period_end.format("%d/%m/%Y")
        ),
        label: r.label.clone(),
        kind: r.line.kind.label().to_owned(),
        amount: r.line.amount.format_fr(),
        remaining: r.line.remaining().format_fr(),
        status: status.label().to_owned(),
        status_class: status_class(status).to_owned(),
        delay_href,
        breakdown: breakdown(r.parts),
        credit_note: deductions.note(r),
    }
}

async fn build(
    state: &AppState,
    a: &AccountRow,
    own: bool,
    other_accounts: Vec<AccountOption>,
) -> Result<ContributionAccount, AppError> {
    let today = state.clock.today();
    let year = today.year();
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = ledger::list_due_rows(&state.db, a.id).await?;
    let payments = ledger::list_payments(&state.db, a.id).await?;
    let paid_total: Cents = payments.iter().map(|p| p.amount).sum();
    let lines: Vec<_> = rows.iter().map(|r| r.line.clone()).collect();
    let summary = summarise(&lines, paid_total, today);
    let declarations = ledger::list_declarations(&state.db, a.id).await?;
    let category = Category::from_code(&a.category)
        .ok_or_else(|| super::internal(format!("unknown category {}", a.category)))?;
    let incomes = if category == Category::MicroEntrepreneur {
        turnover_declarations(
            a.micro().ok_or_else(|| {
                super::internal(format!("micro account {} has no micro kind", a.id))
            })?,
            &declarations,
            &rows,
            year,
        )
    } else {
        income_years(a, &declarations, &rows, year, Reader::of(own))
    };
    let non_zero = |c: Cents| (c != Cents::ZERO).then(|| c.format_fr());
    let base = account_base(own, a.id);
    let declares = matches!(
        category,
        Category::Artisan | Category::Commercant | Category::MicroEntrepreneur
    );
    let query = if own {
        format!("?compte={}&", a.id)
    } else {
        "?".to_owned()
    };
    let delay_base = (declares && a.closed_on.is_none()).then(|| format!("{base}/delai{query}"));
    let requests = schedule_repo::list_delay_requests_for_account(&state.db, a.id).await?;
    let pending_ids: Vec<i64> = requests
        .iter()
        .filter(|r| r.status == schedule_repo::DELAY_PENDING)
        .map(|r| r.amount_due_id)
        .collect();
    let delay_for = |r: &DueRow| {
        if pending_ids.contains(&r.line.id) {
            None
        } else {
            delay_base.as_deref()
        }
    };
    let delays = requests
        .iter()
        .map(|r| {
            let (status, class) = super::delays::status_of(r);
            DelaySummary {
                reference: r.reference.clone(),
                amount: r.amount.format_fr(),
                instalments: r.instalments,
                status: status.to_owned(),
                status_class: class.to_owned(),
                decision_message: r.decision_message.clone(),
                href: format!("{base}/delais/{}", r.reference),
            }
        })
        .collect();
    let deductions = Deductions {
        uses: ledger::list_credit_uses(&state.db, a.id).await?,
        rows: &rows,
        reader: Reader::of(own),
    };
    // Payments and credit deductions, newest first (a stable sort keeps each list's order).
    let mut history: Vec<(NaiveDate, PaymentView)> = payments
        .iter()
        .map(|p| {
            (
                p.received_on,
                PaymentView {
                    received_on: date_fr(p.received_on),
                    amount: p.amount.format_fr(),
                    method: p.method.label().to_owned(),
                    reference: p.reference.clone(),
                },
            )
        })
        .chain(deductions.history())
        .collect();
    history.sort_by_key(|h| std::cmp::Reverse(h.0));
    let history: Vec<PaymentView> = history.into_iter().take(24).map(|(_, v)| v).collect();
    let declaration_rows = declarations
        .iter()
        .rev()
        .take(12)
        .map(|d| super::declarations::history_row(d, &base))
        .collect();
    Ok(ContributionAccount {
        account_id: a.id,
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        category_label: category.label().to_owned(),
        payment_mode: match (a.automatic_debit, a.periodicity.as_str()) {
            (true, "monthly") => "Prélèvement automatique mensuel".to_owned(),
            (true, _) => "Prélèvement automatique trimestriel".to_owned(),
            (false, "monthly") => "Paiement mensuel (chèque, virement ou télépaiement)".to_owned(),
            (false, _) => "Paiement trimestriel (chèque, virement ou télépaiement)".to_owned(),
        },
        year,
        schedule: rows
            .iter()
            .filter(|r| r.line.due_on.year() == year)
            .map(|r| due_view(r, today, delay_for(r), &deductions))
            .collect(),
        schedule_total: rows
            .iter()
            .filter(|r| r.line.due_on.year() == year)
            .map(|r| r.line.amount)
            .sum::<Cents>()
            .format_fr(),
        schedule_parts: schedule_parts(&rows, year),
        next_year: rows
            .iter()
            .filter(|r| r.line.due_on.year() > year)
            .map(|r| due_view(r, today, delay_for(r), &deductions))
            .collect(),
        earlier_unpaid: rows
            .iter()
            .filter(|r| {
                r.line.due_on.year() < year
                    && !matches!(
                        r.line.status(today),
                        DueStatus::Paid | DueStatus::CreditUsed
                    )
            })
            .map(|r| due_view(r, today, delay_for(r), &deductions))
            .collect(),
        payments: history,
        balance: Cents(summary.balance.get().abs()).format_fr(),
        balance_is_credit: summary.balance.get() < 0,
        overdue: non_zero(summary.overdue),
        debt: non_zero(summary.debt),
        incomes,
        other_accounts,
        declare_href: (declares && !super::declarations::choices_closed(a, today))
            .then(|| account_page(own, a.id, "declarer")),
        micro: category == Category::MicroEntrepreneur,
        declarations: declaration_rows,
        delays,
    })
}

/// The holder's own account: `account_id` must be one of theirs (default: the first open).
pub async fn for_holder(
    state: &AppState,
    person_id: i64,
    account_id: Option<i64>,
) -> Result<ContributionAccount, AppError> {
    let accounts = accounts::list_accounts_for_person(&state.db, person_id).await?;
    let chosen = match account_id {
        Some(id) => accounts
            .iter()
            .find(|a| a.id == id)
            .ok_or(AppError::Forbidden)?,
        None => accounts.first().ok_or(AppError::NotFound)?,
    };
    let others = accounts
        .iter()
        .filter(|a| a.id != chosen.id)
        .map(|a| AccountOption {
            id: a.id,
            label: format!(
                "{} n° {}{}",
                Category::from_code(&a.category)
                    .map(|c| c.label())
                    .unwrap_or_default(),
                a.account_number,
                if a.closed_on.is_some() {
                    " (fermé)"
                } else {
                    ""
                }
            ),
        })
        .collect();
    build(state, chosen, true, others).await
}

/// A client's account for an accountant: only with a received mandate.
pub async fn for_accountant(
    state: &AppState,
    firm_id: i64,
    account_id: i64,
) -> Result<ContributionAccount, AppError> {
    if !accounts::mandate_received(&state.db, firm_id, account_id).await? {
        return Err(AppError::Forbidden);
    }
    let a = accounts::find_account(&state.db, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    build(state, &a, false, vec![]).await
}

/// Who may read which account: an accountant a client's (received mandate), a contributor
/// their own, nobody else.
pub async fn for_viewer(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
) -> Result<ContributionAccount, AppError> {
    if viewer.role == Role::Accountant {
        let firm = viewer.organisation_id.ok_or(AppError::Forbidden)?;
        for_accountant(state, firm, account_id.ok_or(AppError::NotFound)?).await
    } else if role_may_use(viewer.role, Service::Cotisations) {
        for_holder(
            state,
            viewer.person_id.ok_or(AppError::Forbidden)?,
            account_id,
        )
        .await
    } else {
        Err(AppError::Forbidden)
    }
}

/// The account a viewer may act on (declare income, ask for a payment delay): one of their own
/// (`None`: the first open one), or a client's with a received mandate. The flag says whether
/// it is the viewer's own.
pub async fn account_for_action(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
) -> Result<(AccountRow, bool), AppError> {
    if viewer.role == Role::Accountant {
        let firm = viewer.organisation_id.ok_or(AppError::Forbidden)?;
        let id = account_id.ok_or(AppError::NotFound)?;
        if !accounts::mandate_received(&state.db, firm, id).await? {
            return Err(AppError::Forbidden);
        }
        let a = accounts::find_account(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok((a, false));
    }
    if !role_may_use(viewer.role, Service::Cotisations) {
        return Err(AppError::Forbidden);
    }
    let person = viewer.person_id.ok_or(AppError::Forbidden)?;
    let mine = accounts::list_accounts_for_person(&state.db, person).await?;
    let chosen = match account_id {
        Some(id) => mine
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(AppError::Forbidden)?,
        None => mine.into_iter().next().ok_or(AppError::NotFound)?,
    };
    Ok((chosen, true))
}

/// The account behind a reference (a declaration, a delay request, a payment): the same rule
/// as [`account_for_action`], except that someone else's reference is as unknown as a wrong one.
pub async fn account_of_reference(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
) -> Result<(AccountRow, bool), AppError> {
    account_for_action(state, viewer, Some(account_id))
        .await
        .map_err(|e| {
            if e == AppError::Forbidden {
                AppError::NotFound
            } else {
                e
            }
        })
}

/// Where the account's pages live: the contributor's own, or the accountant's client file.
pub fn account_base(own: bool, account_id: i64) -> String {
    if own {
        "/mon-compte/cotisations".to_owned()
    } else {
        format!("/cabinet/clients/{account_id}/cotisations")
    }
}

/// A page of the account under [`account_base`]: `declarer`, `declarer/verifier`… (the
/// contributor's own carries `?compte=`, which picks one of their accounts).
pub fn account_page(own: bool, account_id: i64, path: &str) -> String {
    let base = account_base(own, account_id);
    if own {
        format!("{base}/{path}?compte={account_id}")
    } else {
        format!("{base}/{path}")
    }
}

/// The account page itself (`?compte=` picks one of the contributor's accounts).
pub fn account_href(own: bool, account_id: i64) -> String {
    if own {
        format!("/mon-compte/cotisations?compte={account_id}")
    } else {
        account_base(false, account_id)
    }
}
