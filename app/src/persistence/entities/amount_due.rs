//! Entity `amount_due`: Ledger: amounts due (append-only).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "amount_due")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contributor_account_id: i64,
    pub kind: String,
    pub label: String,
    pub period_start: Date,
    pub period_end: Date,
    pub due_on: Date,
    pub amount_cents: i64,
    pub created_at: DateTimeUtc,
    /// The declaration or delay request that created this row, if any.
    pub source_reference: Option<String>,
    /// The share of the CSG-CRDS in `amount_cents` (zero when not broken down).
    pub csg_crds_cents: i64,
    /// The share of the CFP in `amount_cents`.
    pub cfp_cents: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
