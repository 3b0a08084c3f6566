//! One-time codes sent by email (account creation, password reset). The ticket (carried in the
//! page) and the code (typed by the person) are stored hashed.

use crate::persistence::entities::one_time_code;
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, Set,
};

pub const PURPOSE_SIGNUP: &str = "signup";
pub const PURPOSE_RESET: &str = "reset";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRow {
    pub id: i64,
    pub purpose: String,
    pub person_id: Option<i64>,
    pub identity_id: Option<i64>,
    pub email: String,
    pub code_hash: String,
    pub attempts: i32,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

impl From<one_time_code::Model> for CodeRow {
    fn from(m: one_time_code::Model) -> Self {
        CodeRow {
            id: m.id,
            purpose: m.purpose,
            person_id: m.person_id,
            identity_id: m.identity_id,
            email: m.email,
            code_hash: m.code_hash,
            attempts: m.attempts,
            expires_at: m.expires_at,
            used_at: m.used_at,
        }
    }
}

pub struct NewCode<'a> {
    pub purpose: &'a str,
    pub ticket_hash: &'a str,
    pub person_id: Option<i64>,
    pub identity_id: Option<i64>,
    pub email: &'a str,
    pub code_hash: &'a str,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_code(
    db: &impl ConnectionTrait,
    n: NewCode<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    one_time_code::ActiveModel {
        purpose: Set(n.purpose.to_owned()),
        ticket_hash: Set(n.ticket_hash.to_owned()),
        person_id: Set(n.person_id),
        identity_id: Set(n.identity_id),
        email: Set(n.email.to_owned()),
        code_hash: Set(n.code_hash.to_owned()),
        attempts: Set(0),
        expires_at: Set(n.expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn find_code_by_ticket(
    db: &impl ConnectionTrait,
    ticket_hash: &str,
) -> Result<Option<CodeRow>, DbErr> {
    Ok(one_time_code::Entity::find()
        .filter(one_time_code::Column::TicketHash.eq(ticket_hash))
        .one(db)
        .await?
        .map(Into::into))
}

/// Counts one attempt, unless `max` were already made; false then (parallel guesses included).
pub async fn count_attempt(db: &impl ConnectionTrait, id: i64, max: i32) -> Result<bool, DbErr> {
    let res = one_time_code::Entity::update_many()
        .col_expr(
            one_time_code::Column::Attempts,
            Expr::col(one_time_code::Column::Attempts).add(1),
        )
        .filter(one_time_code::Column::Id.eq(id))
        .filter(one_time_code::Column::Attempts.lt(max))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Ends every unused code of `purpose` for `email` (a new one is being sent).
pub async fn invalidate_unused(
    db: &impl ConnectionTrait,
    purpose: &str,
    email: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, Expr::value(now))
        .filter(one_time_code::Column::Purpose.eq(purpose))
        .filter(one_time_code::Column::Email.eq(email))
        .filter(one_time_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Marks the code used; returns false when another request used it first.
pub async fn mark_used(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, Expr::value(now))
        .filter(one_time_code::Column::Id.eq(id))
        .filter(one_time_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
