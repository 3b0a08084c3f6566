//! Entity `agency_opening`: Weekly opening periods of an agency, in its local time.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency_opening")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: i32,
    pub agency_id: i64,
    /// Minutes since local midnight.
    pub opens_minute: i32,
    pub closes_minute: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
