//! Security fixes (issue 11), without touching the applied migrations:
//! - "Un mandat existe déjà" is about the same person's other contributor accounts: the
//!   fund-wide unique index on active IBANs becomes one active mandate per (person, IBAN), so
//!   another person may mandate the same IBAN (joint accounts) and learns nothing about it;
//! - one active sign-in per person: two concurrent account creations cannot both commit
//!   (`identity.deactivated_at` prepares for people closing and re-creating their account).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000005_security"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .alter_table(
                Table::alter()
                    .table(a("sepa_mandate"))
                    .add_column(ColumnDef::new(a("person_id")).big_integer().null())
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("UPDATE sepa_mandate SET person_id = (SELECT c.person_id FROM contributor_account c WHERE c.id = sepa_mandate.contributor_account_id)").await?;
        db.execute_unprepared("DROP INDEX idx_sepa_mandate_active_iban")
            .await?;
        db.execute_unprepared("CREATE UNIQUE INDEX idx_sepa_mandate_active_person_iban ON sepa_mandate (person_id, iban) WHERE status = 'active'").await?;

        manager
            .alter_table(
                Table::alter()
                    .table(a("identity"))
                    .add_column(
                        ColumnDef::new(a("deactivated_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("CREATE UNIQUE INDEX idx_identity_active_person ON identity (person_id) WHERE person_id IS NOT NULL AND deactivated_at IS NULL").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX idx_identity_active_person")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("identity"))
                    .drop_column(a("deactivated_at"))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("DROP INDEX idx_sepa_mandate_active_person_iban")
            .await?;
        db.execute_unprepared("CREATE UNIQUE INDEX idx_sepa_mandate_active_iban ON sepa_mandate (iban) WHERE status = 'active'").await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("sepa_mandate"))
                    .drop_column(a("person_id"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
