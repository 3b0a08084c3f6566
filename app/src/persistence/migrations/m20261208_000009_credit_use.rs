//! A credit (trop-perçu) is deducted from the next amounts due (`domain.md` §2): each deduction
//! is a row of its own, so that the history shows where the credit went and the ledger stays
//! append-only.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000009_credit_use"
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
                    .table(a("credit_use"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("credit_due_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_due_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_credit_use_credit_due_id")
                            .from(a("credit_use"), a("credit_due_id"))
                            .to(a("amount_due"), a("id")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_credit_use_amount_due_id")
                            .from(a("credit_use"), a("amount_due_id"))
                            .to(a("amount_due"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        for column in ["credit_due_id", "amount_due_id"] {
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_credit_use_{column}"))
                        .table(a("credit_use"))
                        .col(a(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("credit_use")).to_owned())
            .await
    }
}
