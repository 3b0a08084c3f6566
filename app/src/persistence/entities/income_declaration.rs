//! Entity `income_declaration`: Declared incomes and turnovers (append-only: never overwritten).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "income_declaration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contributor_account_id: i64,
    pub year: i32,
    pub kind: String,
    pub period_start: Date,
    pub period_end: Date,
    pub amount_cents: i64,
    #[sea_orm(unique)]
    pub reference: String,
    pub declared_by_identity_id: Option<i64>,
    pub declared_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
