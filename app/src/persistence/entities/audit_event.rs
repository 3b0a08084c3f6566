//! Entity `audit_event`: Append-only audit log: who, on behalf of whom, what, when, outcome.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_identity_id: Option<i64>,
    pub on_behalf_of_person_id: Option<i64>,
    pub action: String,
    pub object: Option<String>,
    pub outcome: String,
    pub ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
