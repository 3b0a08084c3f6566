//! Failed sign-in counters, one row per key (`login:…` or `ip:…`).

use crate::domain::throttle::FailureCounter;
use crate::persistence::entities::login_throttle;
use chrono::{DateTime, Utc};
use sea_orm::{sea_query::OnConflict, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

pub async fn find_counter(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> Result<FailureCounter, DbErr> {
    let row = login_throttle::Entity::find().filter(login_throttle::Column::Key.eq(key)).one(db).await?;
    Ok(row
        .map(|r| FailureCounter { failures: r.failures, window_started_at: r.window_started_at, locked_until: r.locked_until })
        .unwrap_or_else(|| FailureCounter::new(now)))
}

/// Writes the counter, inserting or replacing in one statement (two processes may race).
pub async fn save_counter(db: &impl ConnectionTrait, key: &str, c: FailureCounter) -> Result<(), DbErr> {
    let row = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(c.failures),
        window_started_at: Set(c.window_started_at),
        locked_until: Set(c.locked_until),
        ..Default::default()
    };
    login_throttle::Entity::insert(row)
        .on_conflict(
            OnConflict::column(login_throttle::Column::Key)
                .update_columns([login_throttle::Column::Failures, login_throttle::Column::WindowStartedAt, login_throttle::Column::LockedUntil])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_counter(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_many().filter(login_throttle::Column::Key.eq(key)).exec(db).await?;
    Ok(())
}
