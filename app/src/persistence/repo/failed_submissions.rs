//! Failed form submissions kept for their reload (see `ssr::failed_forms`): written once, read
//! once (the read deletes the row), gone after their expiry whoever reads them.

use crate::persistence::entities::failed_submission::{self, Column};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter,
};

/// What a failed submission keeps: the page it came from, the server function's path and its
/// error as the URL would have carried them (already percent-encoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedSubmission {
    pub page: String,
    pub server_fn: String,
    pub error: String,
}

/// Keeps `failed` under `token_hash` until `expires_at`, and drops the rows already expired.
pub async fn keep(
    db: &impl ConnectionTrait,
    token_hash: &str,
    failed: &FailedSubmission,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    failed_submission::Entity::delete_many()
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    failed_submission::Entity::insert(failed_submission::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        page: Set(failed.page.clone()),
        server_fn: Set(failed.server_fn.clone()),
        error: Set(failed.error.clone()),
        expires_at: Set(expires_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Takes the submission kept under `token_hash` if it has not expired: one statement deletes
/// and returns it, so that two processes serving the same reload cannot both read it.
pub async fn take(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<FailedSubmission>, DbErr> {
    // Built by hand: SeaORM's `exec_with_returning` refuses SQLite, which has RETURNING since 3.35.
    let delete = Query::delete()
        .from_table(failed_submission::Entity)
        .and_where(Expr::col(Column::TokenHash).eq(token_hash))
        .returning(Query::returning().columns([
            Column::Page,
            Column::ServerFn,
            Column::Error,
            Column::ExpiresAt,
        ]))
        .to_owned();
    let Some(row) = db
        .query_one(db.get_database_backend().build(&delete))
        .await?
    else {
        return Ok(None);
    };
    let r = Taken::from_query_result(&row, "")?;
    Ok((r.expires_at > now).then_some(FailedSubmission {
        page: r.page,
        server_fn: r.server_fn,
        error: r.error,
    }))
}

#[derive(FromQueryResult)]
struct Taken {
    page: String,
    server_fn: String,
    error: String,
    expires_at: DateTime<Utc>,
}
