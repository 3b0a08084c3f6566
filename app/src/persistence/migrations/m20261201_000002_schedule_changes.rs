//! Declarations and payment delays change the schedule without rewriting it: a replaced amount
//! due gets a cancellation row (at most one, enforced by a UNIQUE constraint), new rows carry
//! the reference of what created them, and delay requests wait for an agent's decision.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000002_schedule_changes"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per ALTER: SQLite adds them one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(a("amount_due"))
                    .add_column(ColumnDef::new(a("source_reference")).string().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_amount_due_source")
                    .table(a("amount_due"))
                    .col(a("source_reference"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("contributor_account"))
                    .add_column(ColumnDef::new(a("micro_kind")).string().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("due_cancellation"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(a("amount_due_id"))
                            .big_integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("reason")).string().not_null())
                    .col(ColumnDef::new(a("source_reference")).string().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_due_cancellation_amount_due_id")
                            .from(a("due_cancellation"), a("amount_due_id"))
                            .to(a("amount_due"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("payment_delay_request"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(a("reference"))
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(a("contributor_account_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("amount_due_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("instalments")).integer().not_null())
                    .col(ColumnDef::new(a("reason")).text().not_null())
                    .col(ColumnDef::new(a("status")).string().not_null())
                    .col(
                        ColumnDef::new(a("requested_by_identity_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("requested_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("decided_by_identity_id"))
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(a("decided_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(a("decision_message")).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delay_contributor_account_id")
                            .from(a("payment_delay_request"), a("contributor_account_id"))
                            .to(a("contributor_account"), a("id")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delay_amount_due_id")
                            .from(a("payment_delay_request"), a("amount_due_id"))
                            .to(a("amount_due"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_delay_account")
                    .table(a("payment_delay_request"))
                    .col(a("contributor_account_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_delay_status")
                    .table(a("payment_delay_request"))
                    .col(a("status"))
                    .col(a("requested_at"))
                    .to_owned(),
            )
            .await?;
        // At most one pending request per amount due: a partial unique index, same SQL on both databases.
        manager
            .get_connection()
            .execute_unprepared("CREATE UNIQUE INDEX idx_delay_one_pending ON payment_delay_request (amount_due_id) WHERE status = 'pending'")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("payment_delay_request")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("due_cancellation")).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_amount_due_source")
                    .table(a("amount_due"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("amount_due"))
                    .drop_column(a("source_reference"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("contributor_account"))
                    .drop_column(a("micro_kind"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
