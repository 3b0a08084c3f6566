//! Forms submitted without JavaScript that failed (issue 12.3): what the page needs to show the
//! errors again is kept here for ten minutes under the hash of a random cookie, instead of in
//! the URL (browser history, proxy logs). Any server process may serve the reload.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000007_failed_submissions"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("failed_submission"))
                    .col(
                        ColumnDef::new(a("token_hash"))
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("page")).string().not_null())
                    .col(ColumnDef::new(a("server_fn")).string().not_null())
                    .col(ColumnDef::new(a("error")).text().not_null())
                    .col(
                        ColumnDef::new(a("expires_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_failed_submission_expires_at")
                    .table(a("failed_submission"))
                    .col(a("expires_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("failed_submission")).to_owned())
            .await?;
        Ok(())
    }
}
