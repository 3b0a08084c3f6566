//! Server-side sessions. Only a SHA-256 of the token is stored, so a copy of the table
//! cannot be replayed as cookies.

use crate::persistence::entities::session;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub id: i64,
    pub identity_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl From<session::Model> for StoredSession {
    fn from(m: session::Model) -> Self {
        StoredSession {
            id: m.id,
            identity_id: m.identity_id,
            created_at: m.created_at,
            last_seen_at: m.last_seen_at,
        }
    }
}

pub async fn insert_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
    identity_id: i64,
    now: DateTime<Utc>,
) -> Result<StoredSession, DbErr> {
    let m = session::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        identity_id: Set(identity_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.into())
}

pub async fn find_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<StoredSession>, DbErr> {
    Ok(session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .map(Into::into))
}

pub async fn update_last_seen(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(
            session::Column::LastSeenAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(session::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_session(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    session::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Ends every session of an identity (after a password reset).
pub async fn delete_sessions_of(db: &impl ConnectionTrait, identity_id: i64) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::IdentityId.eq(identity_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Removes sessions past either limit; any process may run it at any time.
pub async fn delete_expired_sessions(
    db: &impl ConnectionTrait,
    idle_before: DateTime<Utc>,
    created_before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    use sea_orm::Condition;
    let cond = Condition::any()
        .add(session::Column::LastSeenAt.lt(idle_before))
        .add(session::Column::CreatedAt.lt(created_before));
    Ok(session::Entity::delete_many()
        .filter(cond)
        .exec(db)
        .await?
        .rows_affected)
}
