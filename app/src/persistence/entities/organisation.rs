//! Entity `organisation`: Accounting firms and agencies.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub address: String,
    pub phone: Option<String>,
    pub time_zone: String,
    pub region: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub access_notes: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
