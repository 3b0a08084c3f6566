//! Counting attempts before doing what they guard: sign-in, sending a code, checking a code.

use crate::domain::throttle::{minutes_until, Counter, Limit, Verdict};
use crate::error::AppError;
use crate::persistence::repo::throttle as counters;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

/// One key's counter after this attempt was counted.
pub struct Counted {
    pub key: String,
    pub limit: Limit,
    pub counter: Counter,
}

/// Counts one attempt against every `(key, limit)` and refuses with the longest wait when any
/// of them is over its limit. Each count is one atomic statement, so of many parallel attempts
/// only `max` get through.
pub async fn admit(
    db: &impl ConnectionTrait,
    keys: Vec<(String, Limit)>,
    now: DateTime<Utc>,
) -> Result<Vec<Counted>, AppError> {
    let mut counted = Vec::with_capacity(keys.len());
    let mut wait: Option<DateTime<Utc>> = None;
    for (key, limit) in keys {
        let counter = counters::count_attempt(db, &key, limit, now).await?;
        if let Verdict::Wait(until) = limit.verdict(counter, now) {
            wait = Some(wait.map_or(until, |w| w.max(until)));
        }
        counted.push(Counted {
            key,
            limit,
            counter,
        });
    }
    match wait {
        Some(until) => Err(AppError::Throttled(minutes_until(until, now))),
        None => Ok(counted),
    }
}

/// After a failed attempt: records the wait of every counter whose limit it used up.
pub async fn failed(
    db: &impl ConnectionTrait,
    counted: &[Counted],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for c in counted {
        if let Some(until) = c.limit.lock_after(c.counter, now) {
            counters::lock(db, &c.key, until).await?;
        }
    }
    Ok(())
}
