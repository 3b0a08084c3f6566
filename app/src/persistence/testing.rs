//! Fresh databases for tests: every call makes its own, migrated with the real migrations.
//! SQLite by default (a file in the temp folder); PostgreSQL when `TEST_DATABASE_URL` names a
//! server (a new database `passerelle_t_…` is created on it, and dropped by `cleanup`).

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// The prefix of every database the tests create; the test command drops leftovers by it.
pub const PG_PREFIX: &str = "passerelle_t_";

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct TestDb {
    pub url: String,
    pub db: DatabaseConnection,
    pg: Option<(String, String)>,
    file: Option<PathBuf>,
}

fn unique_suffix() -> String {
    use rand::Rng;
    format!(
        "{}_{}_{:06x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        rand::thread_rng().gen::<u32>() & 0xff_ffff
    )
}

impl TestDb {
    /// A fresh database with every migration applied.
    pub async fn new() -> Result<TestDb, DbErr> {
        let t = TestDb::new_unmigrated().await?;
        super::migrate(&t.url, &t.db).await?;
        Ok(t)
    }

    /// A fresh, empty database (to test the migrations themselves).
    pub async fn new_unmigrated() -> Result<TestDb, DbErr> {
        let suffix = unique_suffix();
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| u.starts_with("postgres"))
        {
            Some(admin_url) => {
                let name = format!("{PG_PREFIX}{suffix}");
                let admin = super::connect(&admin_url, 1).await?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await?;
                admin.close().await?;
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_owned())
                    .unwrap_or(admin_url.clone());
                let url = format!("{base}/{name}");
                let db = super::connect(&url, 5).await?;
                Ok(TestDb {
                    url,
                    db,
                    pg: Some((admin_url, name)),
                    file: None,
                })
            }
            None => {
                let file = std::env::temp_dir().join(format!("passerelle-test-{suffix}.db"));
                let url = format!("sqlite://{}?mode=rwc", file.display());
                let db = super::connect(&url, 5).await?;
                Ok(TestDb {
                    url,
                    db,
                    pg: None,
                    file: Some(file),
                })
            }
        }
    }

    /// Closes the pool and removes the database.
    pub async fn cleanup(self) {
        let _ = self.db.close().await;
        if let Some((admin_url, name)) = self.pg {
            if let Ok(admin) = super::connect(&admin_url, 1).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
                let _ = admin.close().await;
            }
        }
        if let Some(file) = self.file {
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", file.display()));
            }
        }
    }
}
