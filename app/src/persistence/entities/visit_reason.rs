//! Entity `visit_reason`: Reasons of visit: an object, a motif, a duration and a channel.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_reason")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub object: String,
    pub label: String,
    pub duration_minutes: i32,
    pub channel: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
