//! Entity `payment_delay_request`: a request for a payment plan and the agent's decision.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_delay_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    pub contributor_account_id: i64,
    pub amount_due_id: i64,
    pub amount_cents: i64,
    pub instalments: i32,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub status: String,
    pub requested_by_identity_id: i64,
    pub requested_at: DateTimeUtc,
    pub decided_by_identity_id: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_message: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
