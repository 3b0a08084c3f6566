//! Wizard drafts, one per identity and kind. Kept by identity rather than by session, so that a
//! person whose session expired finds their draft again after signing in.

use crate::persistence::entities::draft;
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

pub async fn upsert_draft(
    db: &impl ConnectionTrait,
    identity_id: i64,
    kind: &str,
    payload: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = draft::ActiveModel {
        identity_id: Set(identity_id),
        kind: Set(kind.to_owned()),
        payload: Set(payload.to_owned()),
        updated_at: Set(now),
        ..Default::default()
    };
    draft::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([draft::Column::IdentityId, draft::Column::Kind])
                .update_columns([draft::Column::Payload, draft::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find_draft(
    db: &impl ConnectionTrait,
    identity_id: i64,
    kind: &str,
) -> Result<Option<String>, DbErr> {
    Ok(draft::Entity::find()
        .filter(draft::Column::IdentityId.eq(identity_id))
        .filter(draft::Column::Kind.eq(kind))
        .one(db)
        .await?
        .map(|d| d.payload))
}

pub async fn delete_draft(
    db: &impl ConnectionTrait,
    identity_id: i64,
    kind: &str,
) -> Result<(), DbErr> {
    draft::Entity::delete_many()
        .filter(draft::Column::IdentityId.eq(identity_id))
        .filter(draft::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    Ok(())
}
