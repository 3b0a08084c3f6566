//! Appointments (issue 5): agencies' weekly opening periods and closures, reasons of visit, the
//! appointments themselves, the agenda cells that keep a slot from being booked twice, the
//! booking wizard's drafts (signed in or not), and attachments on outgoing emails (the .ics).
//!
//! "Never booked twice" is a UNIQUE constraint: an appointment holds one `appointment_cell` row
//! per 15-minute cell it covers, unique per agency, so two requests racing for overlapping slots
//! cannot both commit, whatever their durations and whichever process serves them.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000004_appointments"
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
        manager
            .alter_table(
                Table::alter()
                    .table(a("organisation"))
                    .add_column(ColumnDef::new(a("access_notes")).text().null())
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per ALTER TABLE.
        for def in [
            ColumnDef::new(a("attachment_name"))
                .string()
                .null()
                .to_owned(),
            ColumnDef::new(a("attachment_type"))
                .string()
                .null()
                .to_owned(),
            ColumnDef::new(a("attachment_body"))
                .text()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a("outbox_email"))
                        .add_column(def)
                        .to_owned(),
                )
                .await?;
        }
        // Weekday 0 = Monday; minutes since local midnight, in the agency's time zone.
        manager
            .create_table(
                Table::create()
                    .table(a("agency_opening"))
                    .col(id())
                    .col(ColumnDef::new(a("agency_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("weekday")).integer().not_null())
                    .col(ColumnDef::new(a("opens_minute")).integer().not_null())
                    .col(ColumnDef::new(a("closes_minute")).integer().not_null())
                    .foreign_key(&mut fk(
                        "fk_agency_opening_agency",
                        "agency_opening",
                        "agency_id",
                        "organisation",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agency_opening_agency")
                    .table(a("agency_opening"))
                    .col(a("agency_id"))
                    .col(a("weekday"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("agency_closure"))
                    .col(id())
                    .col(ColumnDef::new(a("agency_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("first_day")).date().not_null())
                    .col(ColumnDef::new(a("last_day")).date().not_null())
                    .col(ColumnDef::new(a("label")).string().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_agency_closure_agency",
                        "agency_closure",
                        "agency_id",
                        "organisation",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agency_closure_agency")
                    .table(a("agency_closure"))
                    .col(a("agency_id"))
                    .col(a("last_day"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("visit_reason"))
                    .col(id())
                    .col(ColumnDef::new(a("object")).string().not_null())
                    .col(ColumnDef::new(a("label")).string().not_null())
                    .col(ColumnDef::new(a("duration_minutes")).integer().not_null())
                    .col(ColumnDef::new(a("channel")).string().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("appointment"))
                    .col(id())
                    .col(
                        ColumnDef::new(a("reference"))
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(a("agency_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("reason_id")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("starts_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("ends_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("status")).string().not_null())
                    .col(ColumnDef::new(a("identity_id")).big_integer().null())
                    .col(ColumnDef::new(a("nir")).string().not_null())
                    .col(ColumnDef::new(a("last_name")).string().not_null())
                    .col(ColumnDef::new(a("first_name")).string().not_null())
                    .col(ColumnDef::new(a("address")).text().not_null())
                    .col(ColumnDef::new(a("phone")).string().not_null())
                    .col(ColumnDef::new(a("email")).string().not_null())
                    .col(ColumnDef::new(a("agent_note")).text().null())
                    .col(ColumnDef::new(a("cancel_reason")).text().null())
                    .col(
                        ColumnDef::new(a("sequence"))
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(a("reminder_sent_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("updated_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_appointment_agency",
                        "appointment",
                        "agency_id",
                        "organisation",
                    ))
                    .foreign_key(&mut fk(
                        "fk_appointment_reason",
                        "appointment",
                        "reason_id",
                        "visit_reason",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_agency_start")
                    .table(a("appointment"))
                    .col(a("agency_id"))
                    .col(a("starts_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_identity")
                    .table(a("appointment"))
                    .col(a("identity_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_start")
                    .table(a("appointment"))
                    .col(a("starts_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("appointment_cell"))
                    .col(id())
                    .col(ColumnDef::new(a("agency_id")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("cell_start"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("appointment_id")).big_integer().not_null())
                    .foreign_key(&mut fk(
                        "fk_appointment_cell_appointment",
                        "appointment_cell",
                        "appointment_id",
                        "appointment",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_cell_slot")
                    .table(a("appointment_cell"))
                    .col(a("agency_id"))
                    .col(a("cell_start"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_cell_appointment")
                    .table(a("appointment_cell"))
                    .col(a("appointment_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("booking_draft"))
                    .col(id())
                    .col(
                        ColumnDef::new(a("token_hash"))
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(a("payload")).text().not_null())
                    .col(
                        ColumnDef::new(a("updated_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_booking_draft_updated")
                    .table(a("booking_draft"))
                    .col(a("updated_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "booking_draft",
            "appointment_cell",
            "appointment",
            "visit_reason",
            "agency_closure",
            "agency_opening",
        ] {
            manager
                .drop_table(Table::drop().table(a(t)).to_owned())
                .await?;
        }
        for c in ["attachment_body", "attachment_type", "attachment_name"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a("outbox_email"))
                        .drop_column(a(c))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(a("organisation"))
                    .drop_column(a("access_notes"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
