//! Entity `failed_submission`: a form posted without JavaScript that failed, kept for the
//! reload that shows its errors (ten minutes, read once).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "failed_submission")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub page: String,
    pub server_fn: String,
    #[sea_orm(column_type = "Text")]
    pub error: String,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
