//! Entity `telepayment`: A telepayment ordered in the wizard (one per draft: the idempotency key is UNIQUE).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "telepayment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    #[sea_orm(unique)]
    pub idempotency_key: String,
    pub contributor_account_id: i64,
    pub amount_due_id: i64,
    pub amount_cents: i64,
    pub collection_date: Date,
    pub status: String,
    pub created_by_identity_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
