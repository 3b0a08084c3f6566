//! Paying (issue 4): SEPA mandates, automatic-debit instructions and their pre-notifications,
//! telepayments split over mandates, the debits the worker derives from them, and the bank files.
//!
//! Every "exactly once" of the payment flow is a UNIQUE constraint: one active mandate per IBAN,
//! one telepayment per wizard draft, one debit per telepayment part or per amount due on automatic
//! debit, one bank file per collection date, sequence type and part (a second part only for debits
//! that arrive after the first file), one pre-notification per amount.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000003_payments"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn id() -> ColumnDef {
    ColumnDef::new(a("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn fk(name: &str, from_table: &str, from_col: &str, to_table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(a(from_table), a(from_col))
        .to(a(to_table), a("id"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The day of the month monthly amounts fall due on: 5, or 20 on automatic debit.
        manager
            .alter_table(
                Table::alter()
                    .table(a("contributor_account"))
                    .add_column(
                        ColumnDef::new(a("debit_day"))
                            .integer()
                            .not_null()
                            .default(5),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("sepa_mandate"))
                    .col(id())
                    .col(
                        ColumnDef::new(a("contributor_account_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("rum")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("iban")).string().not_null())
                    .col(ColumnDef::new(a("bic")).string().null())
                    .col(ColumnDef::new(a("holder_last_name")).string().not_null())
                    .col(ColumnDef::new(a("holder_first_name")).string().not_null())
                    .col(ColumnDef::new(a("holder_address")).string().not_null())
                    .col(ColumnDef::new(a("status")).string().not_null())
                    .col(
                        ColumnDef::new(a("signed_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("signed_by_identity_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("ended_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(a("last_collected_on")).date().null())
                    .foreign_key(&mut fk(
                        "fk_sepa_mandate_account",
                        "sepa_mandate",
                        "contributor_account_id",
                        "contributor_account",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sepa_mandate_account")
                    .table(a("sepa_mandate"))
                    .col(a("contributor_account_id"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // "Un mandat existe déjà": an IBAN has at most one active mandate, whatever the account.
        db.execute_unprepared("CREATE UNIQUE INDEX idx_sepa_mandate_active_iban ON sepa_mandate (iban) WHERE status = 'active'").await?;

        manager
            .create_table(
                Table::create()
                    .table(a("debit_instruction"))
                    .col(id())
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
                    .col(ColumnDef::new(a("mandate_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("kind")).string().not_null())
                    .col(ColumnDef::new(a("periodicity")).string().not_null())
                    .col(ColumnDef::new(a("debit_day")).integer().not_null())
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
                    .col(ColumnDef::new(a("effective_from")).date().not_null())
                    .foreign_key(&mut fk(
                        "fk_debit_instruction_account",
                        "debit_instruction",
                        "contributor_account_id",
                        "contributor_account",
                    ))
                    .foreign_key(&mut fk(
                        "fk_debit_instruction_mandate",
                        "debit_instruction",
                        "mandate_id",
                        "sepa_mandate",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_debit_instruction_account")
                    .table(a("debit_instruction"))
                    .col(a("contributor_account_id"))
                    .col(a("effective_from"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("debit_notice"))
                    .col(id())
                    .col(
                        ColumnDef::new(a("amount_due_id"))
                            .big_integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(a("contributor_account_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("notified_on")).date().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_debit_notice_amount_due",
                        "debit_notice",
                        "amount_due_id",
                        "amount_due",
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("telepayment"))
                    .col(id())
                    .col(
                        ColumnDef::new(a("reference"))
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(a("idempotency_key"))
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
                    .col(ColumnDef::new(a("collection_date")).date().not_null())
                    .col(ColumnDef::new(a("status")).string().not_null())
                    .col(
                        ColumnDef::new(a("created_by_identity_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_telepayment_account",
                        "telepayment",
                        "contributor_account_id",
                        "contributor_account",
                    ))
                    .foreign_key(&mut fk(
                        "fk_telepayment_amount_due",
                        "telepayment",
                        "amount_due_id",
                        "amount_due",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_telepayment_due")
                    .table(a("telepayment"))
                    .col(a("amount_due_id"))
                    .col(a("status"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_telepayment_collection")
                    .table(a("telepayment"))
                    .col(a("collection_date"))
                    .col(a("status"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("telepayment_part"))
                    .col(id())
                    .col(ColumnDef::new(a("telepayment_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("mandate_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .foreign_key(&mut fk(
                        "fk_telepayment_part_telepayment",
                        "telepayment_part",
                        "telepayment_id",
                        "telepayment",
                    ))
                    .foreign_key(&mut fk(
                        "fk_telepayment_part_mandate",
                        "telepayment_part",
                        "mandate_id",
                        "sepa_mandate",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_telepayment_part_telepayment")
                    .table(a("telepayment_part"))
                    .col(a("telepayment_id"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("bank_file"))
                    .col(id())
                    .col(
                        ColumnDef::new(a("message_id"))
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(a("collection_date")).date().not_null())
                    .col(ColumnDef::new(a("sequence_type")).string().not_null())
                    .col(ColumnDef::new(a("part")).integer().not_null())
                    .col(ColumnDef::new(a("transactions")).integer().not_null())
                    .col(
                        ColumnDef::new(a("control_sum_cents"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("content")).text().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_bank_file_date_sequence")
                    .table(a("bank_file"))
                    .col(a("collection_date"))
                    .col(a("sequence_type"))
                    .col(a("part"))
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("sepa_debit"))
                    .col(id())
                    .col(
                        ColumnDef::new(a("end_to_end_id"))
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(a("source_kind")).string().not_null())
                    .col(ColumnDef::new(a("source_id")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("contributor_account_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("mandate_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_due_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("collection_date")).date().not_null())
                    .col(ColumnDef::new(a("sequence_type")).string().not_null())
                    .col(ColumnDef::new(a("bank_file_id")).big_integer().null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_sepa_debit_mandate",
                        "sepa_debit",
                        "mandate_id",
                        "sepa_mandate",
                    ))
                    .foreign_key(&mut fk(
                        "fk_sepa_debit_amount_due",
                        "sepa_debit",
                        "amount_due_id",
                        "amount_due",
                    ))
                    .foreign_key(&mut fk(
                        "fk_sepa_debit_bank_file",
                        "sepa_debit",
                        "bank_file_id",
                        "bank_file",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sepa_debit_source")
                    .table(a("sepa_debit"))
                    .col(a("source_kind"))
                    .col(a("source_id"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sepa_debit_collection")
                    .table(a("sepa_debit"))
                    .col(a("collection_date"))
                    .col(a("sequence_type"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sepa_debit_mandate")
                    .table(a("sepa_debit"))
                    .col(a("mandate_id"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "sepa_debit",
            "bank_file",
            "telepayment_part",
            "telepayment",
            "debit_notice",
            "debit_instruction",
            "sepa_mandate",
        ] {
            manager
                .drop_table(Table::drop().table(a(t)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(a("contributor_account"))
                    .drop_column(a("debit_day"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
