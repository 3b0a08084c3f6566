//! Contributor accounts, accountants' mandates and agencies' portfolios.

use crate::domain::contributions::{Activity, MicroKind};
use crate::persistence::entities::{accountant_mandate, contributor_account, person};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

pub const MANDATE_REQUESTED: &str = "requested";
pub const MANDATE_RECEIVED: &str = "received";
pub const MANDATE_REVOKED: &str = "revoked";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i64,
    pub person_id: i64,
    pub agency_id: i64,
    pub account_number: String,
    pub category: String,
    pub activity: String,
    pub started_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub periodicity: String,
    pub automatic_debit: bool,
    /// The day monthly amounts fall due on (5, or 20 on automatic debit).
    pub debit_day: u32,
    pub micro_kind: Option<String>,
    /// For a micro-entrepreneur: the nature of the business (`Activity` code).
    pub micro_activity: Option<String>,
}

impl AccountRow {
    /// A micro-entrepreneur's kind of turnover and the nature of the business (which sets the
    /// CFP rate); `None` for another account or an unknown kind.
    pub fn micro(&self) -> Option<(MicroKind, Activity)> {
        let kind = self.micro_kind.as_deref().and_then(MicroKind::from_code)?;
        let activity = self
            .micro_activity
            .as_deref()
            .and_then(Activity::from_code)
            .unwrap_or(kind.activity());
        Some((kind, activity))
    }
}

impl From<contributor_account::Model> for AccountRow {
    fn from(m: contributor_account::Model) -> Self {
        AccountRow {
            id: m.id,
            person_id: m.person_id,
            agency_id: m.agency_id,
            account_number: m.account_number,
            category: m.category,
            activity: m.activity,
            started_on: m.started_on,
            closed_on: m.closed_on,
            periodicity: m.periodicity,
            automatic_debit: m.automatic_debit,
            debit_day: u32::try_from(m.debit_day).unwrap_or(5),
            micro_kind: m.micro_kind,
            micro_activity: m.micro_activity,
        }
    }
}

/// A client as an accountant's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRow {
    pub account: AccountRow,
    pub holder_name: String,
    pub mandate_status: String,
}

/// The person's accounts, open ones first.
pub async fn list_accounts_for_person(
    db: &impl ConnectionTrait,
    person_id: i64,
) -> Result<Vec<AccountRow>, DbErr> {
    let mut rows: Vec<AccountRow> = contributor_account::Entity::find()
        .filter(contributor_account::Column::PersonId.eq(person_id))
        .order_by_desc(contributor_account::Column::StartedOn)
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    rows.sort_by_key(|a| a.closed_on.is_some());
    Ok(rows)
}

/// The open artisan and commerçant accounts with no amount due yet for a period starting on or
/// after `from`: those the yearly call of `from`'s year has not reached.
pub async fn yearly_accounts_not_called(
    db: &impl ConnectionTrait,
    from: NaiveDate,
) -> Result<Vec<AccountRow>, DbErr> {
    use crate::persistence::entities::amount_due;
    use sea_orm::sea_query::{Expr, Query};
    Ok(contributor_account::Entity::find()
        .filter(contributor_account::Column::Category.is_in(["artisan", "commercant"]))
        .filter(contributor_account::Column::ClosedOn.is_null())
        .filter(
            Expr::col((contributor_account::Entity, contributor_account::Column::Id))
                .not_in_subquery(
                    Query::select()
                        .column(amount_due::Column::ContributorAccountId)
                        .from(amount_due::Entity)
                        .and_where(Expr::col(amount_due::Column::PeriodStart).gte(from))
                        .to_owned(),
                ),
        )
        .order_by_asc(contributor_account::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

pub async fn find_account(db: &impl ConnectionTrait, id: i64) -> Result<Option<AccountRow>, DbErr> {
    Ok(contributor_account::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Into::into))
}

/// Whether the firm holds a received (and not revoked) mandate for the account.
pub async fn mandate_received(
    db: &impl ConnectionTrait,
    firm_id: i64,
    account_id: i64,
) -> Result<bool, DbErr> {
    let n = accountant_mandate::Entity::find()
        .filter(accountant_mandate::Column::FirmId.eq(firm_id))
        .filter(accountant_mandate::Column::ContributorAccountId.eq(account_id))
        .filter(accountant_mandate::Column::Status.eq(MANDATE_RECEIVED))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// The firm's clients: every account with a mandate that is not revoked, by holder name.
pub async fn list_clients_for_firm(
    db: &impl ConnectionTrait,
    firm_id: i64,
) -> Result<Vec<ClientRow>, DbErr> {
    let mandates = accountant_mandate::Entity::find()
        .filter(accountant_mandate::Column::FirmId.eq(firm_id))
        .filter(accountant_mandate::Column::Status.ne(MANDATE_REVOKED))
        .all(db)
        .await?;
    let account_ids: Vec<i64> = mandates.iter().map(|m| m.contributor_account_id).collect();
    let accounts = contributor_account::Entity::find()
        .filter(contributor_account::Column::Id.is_in(account_ids))
        .all(db)
        .await?;
    let person_ids: Vec<i64> = accounts.iter().map(|a| a.person_id).collect();
    let persons = person::Entity::find()
        .filter(person::Column::Id.is_in(person_ids))
        .all(db)
        .await?;
    let mut out: Vec<ClientRow> = mandates
        .into_iter()
        .filter_map(|m| {
            let a = accounts.iter().find(|a| a.id == m.contributor_account_id)?;
            let p = persons.iter().find(|p| p.id == a.person_id)?;
            Some(ClientRow {
                account: a.clone().into(),
                holder_name: format!("{} {}", p.first_name, p.last_name),
                mandate_status: m.status,
            })
        })
        .collect();
    out.sort_by(|x, y| x.holder_name.cmp(&y.holder_name));
    Ok(out)
}

/// The number of open accounts an agency manages.
pub async fn count_accounts_of_agency(
    db: &impl ConnectionTrait,
    agency_id: i64,
) -> Result<u64, DbErr> {
    contributor_account::Entity::find()
        .filter(contributor_account::Column::AgencyId.eq(agency_id))
        .filter(contributor_account::Column::ClosedOn.is_null())
        .count(db)
        .await
}
