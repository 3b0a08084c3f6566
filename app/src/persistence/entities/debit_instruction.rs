//! Entity `debit_instruction`: Joining automatic debit, or changing its periodicity or day (append-only).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "debit_instruction")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    pub contributor_account_id: i64,
    pub mandate_id: i64,
    pub kind: String,
    pub periodicity: String,
    pub debit_day: i32,
    pub requested_by_identity_id: i64,
    pub requested_at: DateTimeUtc,
    pub effective_from: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
