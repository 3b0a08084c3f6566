//! The email outbox: messages are written in the same transaction as the change that causes
//! them, then claimed and sent by whichever server process gets there first.

use crate::persistence::entities::outbox_email;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attachment: Option<Attachment>,
}

/// A file sent with a message (the .ics of an appointment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

impl From<outbox_email::Model> for OutboxMessage {
    fn from(m: outbox_email::Model) -> Self {
        let attachment = match (m.attachment_name, m.attachment_type, m.attachment_body) {
            (Some(name), Some(content_type), Some(body)) => Some(Attachment {
                name,
                content_type,
                body,
            }),
            _ => None,
        };
        OutboxMessage {
            id: m.id,
            to_address: m.to_address,
            subject: m.subject,
            body_text: m.body_text,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attachment,
        }
    }
}

pub async fn insert_message(
    db: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    insert_message_with(db, to, subject, body, None, now).await
}

pub async fn insert_message_with(
    db: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
    attachment: Option<&Attachment>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let m = outbox_email::ActiveModel {
        attachment_name: Set(attachment.map(|a| a.name.clone())),
        attachment_type: Set(attachment.map(|a| a.content_type.clone())),
        attachment_body: Set(attachment.map(|a| a.body.clone())),
        to_address: Set(to.to_owned()),
        subject: Set(subject.to_owned()),
        body_text: Set(body.to_owned()),
        created_at: Set(now),
        claimed_until: Set(None),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

/// Claims up to `limit` unsent messages for five minutes. Each claim is a conditional UPDATE
/// that only one process can win, so two workers never send the same message.
pub async fn claim_pending(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<OutboxMessage>, DbErr> {
    let free = Condition::any()
        .add(outbox_email::Column::ClaimedUntil.is_null())
        .add(outbox_email::Column::ClaimedUntil.lt(now));
    let candidates = outbox_email::Entity::find()
        .filter(outbox_email::Column::SentAt.is_null())
        .filter(outbox_email::Column::Attempts.lt(10))
        .filter(free.clone())
        .order_by_asc(outbox_email::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for c in candidates {
        let res = outbox_email::Entity::update_many()
            .col_expr(
                outbox_email::Column::ClaimedUntil,
                Expr::value(now + Duration::minutes(5)),
            )
            .col_expr(
                outbox_email::Column::Attempts,
                Expr::col(outbox_email::Column::Attempts).add(1),
            )
            .filter(outbox_email::Column::Id.eq(c.id))
            .filter(outbox_email::Column::SentAt.is_null())
            .filter(free.clone())
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            claimed.push(c.into());
        }
    }
    Ok(claimed)
}

pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox_email::ActiveModel {
        id: Set(id),
        sent_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn mark_failed(db: &impl ConnectionTrait, id: i64, error: &str) -> Result<(), DbErr> {
    outbox_email::ActiveModel {
        id: Set(id),
        last_error: Set(Some(error.to_owned())),
        claimed_until: Set(None),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// The latest messages, newest first (the demo mailbox).
pub async fn list_recent(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<OutboxMessage>, DbErr> {
    Ok(outbox_email::Entity::find()
        .order_by_desc(outbox_email::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Deletes the messages sent before `before` (they may hold personal data); returns how many.
pub async fn purge_sent_before(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(outbox_email::Entity::delete_many()
        .filter(outbox_email::Column::SentAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
