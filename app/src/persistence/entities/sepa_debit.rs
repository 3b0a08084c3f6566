//! Entity `sepa_debit`: One debit sent to the bank: from a telepayment part or an amount due on automatic debit (UNIQUE source).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sepa_debit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub end_to_end_id: String,
    pub source_kind: String,
    pub source_id: i64,
    pub contributor_account_id: i64,
    pub mandate_id: i64,
    pub amount_due_id: i64,
    pub amount_cents: i64,
    pub collection_date: Date,
    pub sequence_type: String,
    pub bank_file_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
