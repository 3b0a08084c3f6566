//! The append-only audit log: rows are inserted, never updated or deleted.

use crate::persistence::entities::audit_event;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// One event: who, on behalf of whom, what, on what, when, with what outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor_identity_id: Option<i64>,
    pub on_behalf_of_person_id: Option<i64>,
    pub action: &'static str,
    pub object: Option<String>,
    pub outcome: &'static str,
    pub ip: Option<String>,
}

pub async fn insert_event(db: &impl ConnectionTrait, e: AuditEntry) -> Result<(), DbErr> {
    audit_event::ActiveModel {
        at: Set(e.at),
        actor_identity_id: Set(e.actor_identity_id),
        on_behalf_of_person_id: Set(e.on_behalf_of_person_id),
        action: Set(e.action.to_owned()),
        object: Set(e.object),
        outcome: Set(e.outcome.to_owned()),
        ip: Set(e.ip),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The events of one action, newest first (tests and the back office).
pub async fn list_events_for_action(
    db: &impl ConnectionTrait,
    action: &str,
) -> Result<Vec<(Option<i64>, String)>, DbErr> {
    let rows = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .order_by_desc(audit_event::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.actor_identity_id, r.outcome))
        .collect())
}
