//! Entity `appointment`: Appointments booked in an agency (or by phone), with the person's contact details.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    pub agency_id: i64,
    pub reason_id: i64,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub status: String,
    pub identity_id: Option<i64>,
    pub nir: String,
    pub last_name: String,
    pub first_name: String,
    #[sea_orm(column_type = "Text")]
    pub address: String,
    pub phone: String,
    pub email: String,
    #[sea_orm(column_type = "Text")]
    pub agent_note: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub cancel_reason: Option<String>,
    pub sequence: i32,
    pub reminder_sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
