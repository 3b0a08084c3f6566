//! Entity `telepayment_part`: The part of a telepayment debited from one mandate.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "telepayment_part")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub telepayment_id: i64,
    pub mandate_id: i64,
    pub amount_cents: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
