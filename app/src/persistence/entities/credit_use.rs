//! Entity `credit_use`: Ledger: which part of a credit (a negative amount due) was deducted
//! from which later amount due (append-only).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_use")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub credit_due_id: i64,
    pub amount_due_id: i64,
    pub amount_cents: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
