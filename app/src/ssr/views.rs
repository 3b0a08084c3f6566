//! Builds what pages show from repositories and domain rules, so that server functions stay
//! thin: guard, then one call here.

use super::state::AppState;
use crate::api::account::{AccountCard, Dashboard, PersonalData};
use crate::api::agency::AgencyOverview;
use crate::api::clients::{ClientFile, ClientLine, ClientsOverview};
use crate::domain::access::{self, Category, Service};
use crate::domain::calendar::date_fr;
use crate::domain::ledger::summarise;
use crate::domain::money::Cents;
use crate::domain::nir::Nir;
use crate::error::AppError;
use crate::model::Viewer;
use crate::persistence::repo::accounts::{self, AccountRow};
use crate::persistence::repo::{identities, ledger};

fn category_label(code: &str) -> String {
    Category::from_code(code)
        .map(|c| c.label().to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn non_zero(c: Cents) -> Option<String> {
    (c != Cents::ZERO).then(|| c.format_fr())
}

async fn account_card(state: &AppState, a: &AccountRow) -> Result<AccountCard, AppError> {
    let lines = ledger::list_due_lines(&state.db, a.id).await?;
    let paid = ledger::payments_total(&state.db, a.id).await?;
    let s = summarise(&lines, paid, state.clock.today());
    Ok(AccountCard {
        account_number: a.account_number.clone(),
        category_label: category_label(&a.category),
        activity: a.activity.clone(),
        open: a.closed_on.is_none(),
        automatic_debit: a.automatic_debit,
        next_due_on: s.next_due_on.map(date_fr),
        next_due_amount: s.next_due_on.map(|_| s.next_due_amount.format_fr()),
        overdue: non_zero(s.overdue),
        debt: non_zero(s.debt),
    })
}

pub async fn account_cards(state: &AppState, person_id: i64) -> Result<Vec<AccountCard>, AppError> {
    let mut cards = Vec::new();
    for a in accounts::list_accounts_for_person(&state.db, person_id).await? {
        cards.push(account_card(state, &a).await?);
    }
    Ok(cards)
}

/// The dashboard of an insured person: contribution figures only for a category that has the
/// Cotisations service (a pensioner with an old, closed artisan account sees none of them).
pub async fn dashboard(state: &AppState, viewer: Viewer) -> Result<Dashboard, AppError> {
    let person_id = viewer.person_id.ok_or(AppError::NotFound)?;
    let accounts = if access::role_may_use(viewer.role, Service::Cotisations) {
        account_cards(state, person_id).await?
    } else {
        Vec::new()
    };
    let held_by = guardian_name(state, person_id).await?;
    let person = identities::find_person(&state.db, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let female = Nir::parse_without_key(&person.nir).is_ok_and(|n| n.is_female());
    let registered = if female { "inscrite" } else { "inscrit" }.to_owned();
    Ok(Dashboard {
        viewer,
        accounts,
        held_by,
        registered,
    })
}

pub async fn guardian_name(state: &AppState, person_id: i64) -> Result<Option<String>, AppError> {
    let Some(p) = identities::find_person(&state.db, person_id).await? else {
        return Ok(None);
    };
    let Some(g) = p.guardian_person_id else {
        return Ok(None);
    };
    Ok(identities::find_person(&state.db, g)
        .await?
        .map(|g| format!("{} {}", g.first_name, g.last_name)))
}

pub async fn personal_data(state: &AppState, person_id: i64) -> Result<PersonalData, AppError> {
    let p = identities::find_person(&state.db, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let nir = Nir::parse_without_key(&p.nir).map_err(super::internal)?;
    Ok(PersonalData {
        full_name: format!("{} {}", p.first_name, p.last_name),
        nir_display: nir.display(),
        birth_date: date_fr(p.birth_date),
        address: p.address,
        email: p.email,
        phone: p.phone,
        category_label: category_label(&p.insured_category),
    })
}

pub async fn clients_overview(state: &AppState, firm_id: i64) -> Result<ClientsOverview, AppError> {
    let firm = identities::find_organisation(&state.db, firm_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let clients = accounts::list_clients_for_firm(&state.db, firm_id)
        .await?
        .into_iter()
        .map(|c| ClientLine {
            account_id: c.account.id,
            holder_name: c.holder_name,
            account_number: c.account.account_number,
            category_label: category_label(&c.account.category),
            mandate_received: c.mandate_status == accounts::MANDATE_RECEIVED,
        })
        .collect();
    Ok(ClientsOverview {
        firm_name: firm.name,
        clients,
    })
}

/// One client for an accountant: refused without a received mandate, whatever the id.
pub async fn client_file(
    state: &AppState,
    viewer: &Viewer,
    firm_id: i64,
    account_id: i64,
) -> Result<ClientFile, AppError> {
    if !accounts::mandate_received(&state.db, firm_id, account_id).await? {
        tracing::info!(
            identity = viewer.identity_id,
            account_id,
            "accountant refused: no received mandate"
        );
        return Err(AppError::Forbidden);
    }
    let a = accounts::find_account(&state.db, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let nir = Nir::parse_without_key(&p.nir).map_err(super::internal)?;
    Ok(ClientFile {
        account_id: a.id,
        holder_name: format!("{} {}", p.first_name, p.last_name),
        nir_masked: nir.masked(),
        account_number: a.account_number.clone(),
        category_label: category_label(&a.category),
        services: Service::ALL
            .into_iter()
            .filter(|s| access::accountant_may_use(*s, true))
            .collect(),
        card: account_card(state, &a).await?,
    })
}

/// The agent's agency: only the agency of the agent's own identity is ever passed here.
pub async fn agency_overview(state: &AppState, agency_id: i64) -> Result<AgencyOverview, AppError> {
    let agency = identities::find_organisation(&state.db, agency_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let open_accounts = accounts::count_accounts_of_agency(&state.db, agency_id).await?;
    Ok(AgencyOverview {
        name: agency.name,
        address: agency.address,
        phone: agency.phone,
        time_zone: agency.time_zone,
        open_accounts,
    })
}
