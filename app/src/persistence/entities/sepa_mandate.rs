//! Entity `sepa_mandate`: A SEPA direct-debit mandate: the account to debit and who signed it (online).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sepa_mandate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contributor_account_id: i64,
    #[sea_orm(unique)]
    pub rum: String,
    pub iban: String,
    pub bic: Option<String>,
    pub holder_last_name: String,
    pub holder_first_name: String,
    pub holder_address: String,
    pub status: String,
    pub signed_at: DateTimeUtc,
    pub signed_by_identity_id: i64,
    pub ended_at: Option<DateTimeUtc>,
    pub last_collected_on: Option<Date>,
    /// The holder of the contributor account: one active mandate per person and IBAN.
    pub person_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
