//! Sign-in identities and the persons and organisations behind them.

use crate::persistence::entities::{identity, organisation, person};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

/// The kinds of identity, as stored.
pub const KIND_INSURED: &str = "insured";
pub const KIND_ACCOUNTANT: &str = "accountant";
pub const KIND_AGENT: &str = "agent";
pub const KIND_TREASURY: &str = "treasury";

#[derive(Clone, PartialEq, Eq)]
pub struct IdentityRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub kind: String,
    pub person_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub display_name: String,
}

impl std::fmt::Debug for IdentityRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityRow")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl From<identity::Model> for IdentityRow {
    fn from(m: identity::Model) -> Self {
        IdentityRow {
            id: m.id,
            email: m.email,
            password_hash: m.password_hash,
            kind: m.kind,
            person_id: m.person_id,
            organisation_id: m.organisation_id,
            display_name: m.display_name,
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: i64,
    /// The 13 characters, without the key.
    pub nir: String,
    pub birth_date: NaiveDate,
    pub last_name: String,
    pub first_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: String,
    pub insured_category: String,
    pub guardian_person_id: Option<i64>,
}

impl std::fmt::Debug for PersonRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonRow")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl From<person::Model> for PersonRow {
    fn from(m: person::Model) -> Self {
        PersonRow {
            id: m.id,
            nir: m.nir,
            birth_date: m.birth_date,
            last_name: m.last_name,
            first_name: m.first_name,
            email: m.email,
            phone: m.phone,
            address: m.address,
            insured_category: m.insured_category,
            guardian_person_id: m.guardian_person_id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub time_zone: String,
}

/// Emails are compared in lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub async fn find_identity(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<IdentityRow>, DbErr> {
    Ok(identity::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Into::into))
}

pub async fn find_identity_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<IdentityRow>, DbErr> {
    Ok(identity::Entity::find()
        .filter(identity::Column::Email.eq(normalise_email(email)))
        .one(db)
        .await?
        .map(Into::into))
}

/// The person's open sign-in (at most one: a partial unique index).
pub async fn find_identity_by_person(
    db: &impl ConnectionTrait,
    person_id: i64,
) -> Result<Option<IdentityRow>, DbErr> {
    Ok(identity::Entity::find()
        .filter(identity::Column::PersonId.eq(person_id))
        .filter(identity::Column::DeactivatedAt.is_null())
        .one(db)
        .await?
        .map(Into::into))
}

pub async fn find_person(db: &impl ConnectionTrait, id: i64) -> Result<Option<PersonRow>, DbErr> {
    Ok(person::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Into::into))
}

pub async fn find_person_by_nir(
    db: &impl ConnectionTrait,
    nir13: &str,
) -> Result<Option<PersonRow>, DbErr> {
    Ok(person::Entity::find()
        .filter(person::Column::Nir.eq(nir13))
        .one(db)
        .await?
        .map(Into::into))
}

pub async fn find_organisation(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<OrganisationRow>, DbErr> {
    Ok(organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|m| OrganisationRow {
            id: m.id,
            kind: m.kind,
            name: m.name,
            address: m.address,
            phone: m.phone,
            time_zone: m.time_zone,
        }))
}

pub struct NewIdentity<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub kind: &'a str,
    pub person_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub display_name: &'a str,
}

pub async fn insert_identity(
    db: &impl ConnectionTrait,
    n: NewIdentity<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let m = identity::ActiveModel {
        email: Set(normalise_email(n.email)),
        password_hash: Set(n.password_hash.to_owned()),
        kind: Set(n.kind.to_owned()),
        person_id: Set(n.person_id),
        organisation_id: Set(n.organisation_id),
        display_name: Set(n.display_name.to_owned()),
        created_at: Set(now),
        last_sign_in_at: Set(None),
        deactivated_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

pub async fn update_password(
    db: &impl ConnectionTrait,
    identity_id: i64,
    password_hash: &str,
) -> Result<(), DbErr> {
    identity::ActiveModel {
        id: Set(identity_id),
        password_hash: Set(password_hash.to_owned()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn update_last_sign_in(
    db: &impl ConnectionTrait,
    identity_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    identity::ActiveModel {
        id: Set(identity_id),
        last_sign_in_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
