//! Attempt counters, one row per key (`login:…`, `ip:…`, `code:…`), in the `login_throttle`
//! table. An attempt is counted by one statement that inserts or increments the row and returns
//! it, so that parallel requests each get their own count (see `domain::throttle`).

use crate::domain::throttle::{Counter, Limit};
use crate::persistence::entities::login_throttle::{self, Column};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{CaseStatement, Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter};

fn qualified(c: Column) -> SimpleExpr {
    Expr::col((login_throttle::Entity, c)).into()
}

/// Counts one attempt for `key` under `limit` at `now` and returns the counter that includes it
/// (starting again when the window is over or the wait served, as `Limit::restarts` says).
pub async fn count_attempt(
    db: &impl ConnectionTrait,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<Counter, DbErr> {
    let floor = now - limit.window();
    let restart = || {
        Expr::expr(qualified(Column::WindowStartedAt))
            .lte(floor)
            .or(Expr::expr(qualified(Column::LockedUntil)).lte(now))
    };
    let none: Option<DateTime<Utc>> = None;
    let insert = Query::insert()
        .into_table(login_throttle::Entity)
        .columns([
            Column::Key,
            Column::Failures,
            Column::WindowStartedAt,
            Column::LockedUntil,
        ])
        .values_panic([key.into(), 1.into(), now.into(), none.into()])
        .on_conflict(
            OnConflict::column(Column::Key)
                .values([
                    (
                        Column::Failures,
                        CaseStatement::new()
                            .case(restart(), 1)
                            .finally(Expr::expr(qualified(Column::Failures)).add(1))
                            .into(),
                    ),
                    (
                        Column::WindowStartedAt,
                        CaseStatement::new()
                            .case(restart(), now)
                            .finally(qualified(Column::WindowStartedAt))
                            .into(),
                    ),
                    (
                        Column::LockedUntil,
                        CaseStatement::new()
                            .case(restart(), none)
                            .finally(qualified(Column::LockedUntil))
                            .into(),
                    ),
                ])
                .to_owned(),
        )
        .returning(Query::returning().columns([
            Column::Failures,
            Column::WindowStartedAt,
            Column::LockedUntil,
        ]))
        .to_owned();
    let row = db
        .query_one(db.get_database_backend().build(&insert))
        .await?
        .ok_or_else(|| DbErr::Custom("attempt counter not returned".into()))?;
    let r = Returned::from_query_result(&row, "")?;
    Ok(Counter {
        count: r.failures,
        window_started_at: r.window_started_at,
        locked_until: r.locked_until,
    })
}

#[derive(FromQueryResult)]
struct Returned {
    failures: i32,
    window_started_at: DateTime<Utc>,
    locked_until: Option<DateTime<Utc>>,
}

/// Records a wait for `key` (never shortening one already recorded).
pub async fn lock(db: &impl ConnectionTrait, key: &str, until: DateTime<Utc>) -> Result<(), DbErr> {
    login_throttle::Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(until))
        .filter(Column::Key.eq(key))
        .filter(
            Column::LockedUntil
                .is_null()
                .or(Column::LockedUntil.lt(until)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Gives one attempt back (a success counted in advance against an address).
pub async fn give_back(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_throttle::Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_counter(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_many()
        .filter(Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}
