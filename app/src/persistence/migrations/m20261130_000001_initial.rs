//! The initial schema. Only SeaORM's schema builder, so that it runs unchanged on SQLite and PostgreSQL.
//! Never edit once applied: add a new migration instead.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000001_initial"
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
                    .table(a("organisation"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("kind")).string().not_null())
                    .col(ColumnDef::new(a("name")).string().not_null())
                    .col(ColumnDef::new(a("address")).text().not_null())
                    .col(ColumnDef::new(a("phone")).string().null())
                    .col(ColumnDef::new(a("time_zone")).string().not_null())
                    .col(ColumnDef::new(a("region")).string().null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("person"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("nir")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("birth_date")).date().not_null())
                    .col(ColumnDef::new(a("last_name")).string().not_null())
                    .col(ColumnDef::new(a("first_name")).string().not_null())
                    .col(ColumnDef::new(a("email")).string().null())
                    .col(ColumnDef::new(a("phone")).string().null())
                    .col(ColumnDef::new(a("address")).text().not_null())
                    .col(ColumnDef::new(a("insured_category")).string().not_null())
                    .col(ColumnDef::new(a("guardian_person_id")).big_integer().null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_person_guardian_person_id").from(a("person"), a("guardian_person_id")).to(a("person"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("contributor_account"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("person_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("agency_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("account_number")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("category")).string().not_null())
                    .col(ColumnDef::new(a("activity")).string().not_null())
                    .col(ColumnDef::new(a("started_on")).date().not_null())
                    .col(ColumnDef::new(a("closed_on")).date().null())
                    .col(ColumnDef::new(a("periodicity")).string().not_null())
                    .col(ColumnDef::new(a("automatic_debit")).boolean().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_contributor_account_person_id").from(a("contributor_account"), a("person_id")).to(a("person"), a("id")))
                    .foreign_key(ForeignKey::create().name("fk_contributor_account_agency_id").from(a("contributor_account"), a("agency_id")).to(a("organisation"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_contributor_account_person").table(a("contributor_account")).col(a("person_id")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("identity"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("email")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("password_hash")).string().not_null())
                    .col(ColumnDef::new(a("kind")).string().not_null())
                    .col(ColumnDef::new(a("person_id")).big_integer().null())
                    .col(ColumnDef::new(a("organisation_id")).big_integer().null())
                    .col(ColumnDef::new(a("display_name")).string().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("last_sign_in_at")).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().name("fk_identity_person_id").from(a("identity"), a("person_id")).to(a("person"), a("id")))
                    .foreign_key(ForeignKey::create().name("fk_identity_organisation_id").from(a("identity"), a("organisation_id")).to(a("organisation"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_identity_person").table(a("identity")).col(a("person_id")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("accountant_mandate"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("firm_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("contributor_account_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("status")).string().not_null())
                    .col(ColumnDef::new(a("requested_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("received_at")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("revoked_at")).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().name("fk_accountant_mandate_firm_id").from(a("accountant_mandate"), a("firm_id")).to(a("organisation"), a("id")))
                    .foreign_key(ForeignKey::create().name("fk_accountant_mandate_contributor_account_id").from(a("accountant_mandate"), a("contributor_account_id")).to(a("contributor_account"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_mandate_firm").table(a("accountant_mandate")).col(a("firm_id")).to_owned()).await?;
        manager.create_index(Index::create().name("idx_mandate_account").table(a("accountant_mandate")).col(a("contributor_account_id")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("amount_due"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("contributor_account_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("kind")).string().not_null())
                    .col(ColumnDef::new(a("label")).string().not_null())
                    .col(ColumnDef::new(a("period_start")).date().not_null())
                    .col(ColumnDef::new(a("period_end")).date().not_null())
                    .col(ColumnDef::new(a("due_on")).date().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_amount_due_contributor_account_id").from(a("amount_due"), a("contributor_account_id")).to(a("contributor_account"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_amount_due_account").table(a("amount_due")).col(a("contributor_account_id")).col(a("due_on")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("payment"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("contributor_account_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("received_on")).date().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("method")).string().not_null())
                    .col(ColumnDef::new(a("reference")).string().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_payment_contributor_account_id").from(a("payment"), a("contributor_account_id")).to(a("contributor_account"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_payment_account").table(a("payment")).col(a("contributor_account_id")).col(a("received_on")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("allocation"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("payment_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_due_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_allocation_payment_id").from(a("allocation"), a("payment_id")).to(a("payment"), a("id")))
                    .foreign_key(ForeignKey::create().name("fk_allocation_amount_due_id").from(a("allocation"), a("amount_due_id")).to(a("amount_due"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_allocation_payment").table(a("allocation")).col(a("payment_id")).to_owned()).await?;
        manager.create_index(Index::create().name("idx_allocation_due").table(a("allocation")).col(a("amount_due_id")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("income_declaration"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("contributor_account_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("year")).integer().not_null())
                    .col(ColumnDef::new(a("kind")).string().not_null())
                    .col(ColumnDef::new(a("period_start")).date().not_null())
                    .col(ColumnDef::new(a("period_end")).date().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("reference")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("declared_by_identity_id")).big_integer().null())
                    .col(ColumnDef::new(a("declared_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_income_declaration_contributor_account_id").from(a("income_declaration"), a("contributor_account_id")).to(a("contributor_account"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_income_account").table(a("income_declaration")).col(a("contributor_account_id")).col(a("year")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("audit_event"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("actor_identity_id")).big_integer().null())
                    .col(ColumnDef::new(a("on_behalf_of_person_id")).big_integer().null())
                    .col(ColumnDef::new(a("action")).string().not_null())
                    .col(ColumnDef::new(a("object")).string().null())
                    .col(ColumnDef::new(a("outcome")).string().not_null())
                    .col(ColumnDef::new(a("ip")).string().null())
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_audit_actor").table(a("audit_event")).col(a("actor_identity_id")).col(a("at")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("session"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("token_hash")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("identity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("last_seen_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_session_identity_id").from(a("session"), a("identity_id")).to(a("identity"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_session_identity").table(a("session")).col(a("identity_id")).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("draft"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("identity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("kind")).string().not_null())
                    .col(ColumnDef::new(a("payload")).text().not_null())
                    .col(ColumnDef::new(a("updated_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().name("fk_draft_identity_id").from(a("draft"), a("identity_id")).to(a("identity"), a("id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_draft_identity_kind").table(a("draft")).col(a("identity_id")).col(a("kind")).unique().to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("one_time_code"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("purpose")).string().not_null())
                    .col(ColumnDef::new(a("ticket_hash")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("person_id")).big_integer().null())
                    .col(ColumnDef::new(a("identity_id")).big_integer().null())
                    .col(ColumnDef::new(a("email")).string().not_null())
                    .col(ColumnDef::new(a("code_hash")).string().not_null())
                    .col(ColumnDef::new(a("attempts")).integer().not_null())
                    .col(ColumnDef::new(a("expires_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("used_at")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("login_throttle"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("key")).string().not_null().unique_key())
                    .col(ColumnDef::new(a("failures")).integer().not_null())
                    .col(ColumnDef::new(a("window_started_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("locked_until")).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("outbox_email"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("to_address")).string().not_null())
                    .col(ColumnDef::new(a("subject")).string().not_null())
                    .col(ColumnDef::new(a("body_text")).text().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("claimed_until")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("sent_at")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("attempts")).integer().not_null())
                    .col(ColumnDef::new(a("last_error")).text().null())
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_outbox_pending").table(a("outbox_email")).col(a("sent_at")).col(a("created_at")).to_owned()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(a("outbox_email")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("login_throttle")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("one_time_code")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("draft")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("session")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("audit_event")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("income_declaration")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("allocation")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("payment")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("amount_due")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("accountant_mandate")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("identity")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("contributor_account")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("person")).to_owned()).await?;
        manager.drop_table(Table::drop().table(a("organisation")).to_owned()).await?;
        Ok(())
    }
}
