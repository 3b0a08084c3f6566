//! Persistence (server only): connection, migrations, entities and repositories.

pub mod entities;
pub mod migrations;
pub mod recompute;
pub mod repo;
pub mod seed;
pub mod seed_appointments;
pub mod testing;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// Any value stable across the project: the key of the PostgreSQL advisory lock that keeps two
/// processes from migrating at the same time.
const MIGRATION_LOCK_KEY: i64 = 0x5041_5353_4552; // "PASSER"

/// Opens the pool. SQLite files are created on first use and switched to WAL; sqlx already
/// sets a 5-second busy timeout and enables foreign keys on every SQLite connection.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Applies pending migrations. On PostgreSQL this holds an advisory lock on a connection of its
/// own, so that several processes starting together migrate once, one after the other. SQLite
/// has no such lock: a process that loses the race waits for the winner to finish.
pub async fn migrate(url: &str, db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        let mut attempt = 0;
        loop {
            match migrations::Migrator::up(db, None).await {
                Ok(()) => return Ok(()),
                Err(_) if migrations_applied(db).await.unwrap_or(false) => return Ok(()),
                Err(e) if attempt >= 100 => return Err(e),
                Err(_) => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
    let lock_conn = connect(url, 1).await?;
    let lock = |sql: &str| {
        Statement::from_sql_and_values(DbBackend::Postgres, sql, [MIGRATION_LOCK_KEY.into()])
    };
    lock_conn
        .execute(lock("SELECT pg_advisory_lock($1)"))
        .await?;
    let result = migrations::Migrator::up(&lock_conn, None).await;
    lock_conn
        .execute(lock("SELECT pg_advisory_unlock($1)"))
        .await?;
    lock_conn.close().await?;
    result
}

/// Whether every known migration has been applied (for `/readyz`).
pub async fn migrations_applied(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(migrations::Migrator::get_pending_migrations(db)
        .await?
        .is_empty())
}

/// Whether an error is a unique-constraint violation, from the database's error kind.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
