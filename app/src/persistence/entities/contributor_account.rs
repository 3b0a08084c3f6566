//! Entity `contributor_account`: Contributor accounts: a person may hold several, each with its category.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contributor_account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    pub agency_id: i64,
    #[sea_orm(unique)]
    pub account_number: String,
    pub category: String,
    pub activity: String,
    pub started_on: Date,
    pub closed_on: Option<Date>,
    pub periodicity: String,
    pub automatic_debit: bool,
    pub debit_day: i32,
    pub created_at: DateTimeUtc,
    /// For a micro-entrepreneur: `vente`, `services`, `liberal` or `cipav`.
    pub micro_kind: Option<String>,
    /// For a micro-entrepreneur: `artisanale`, `commerciale` or `liberale` (the CFP rate).
    pub micro_activity: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
