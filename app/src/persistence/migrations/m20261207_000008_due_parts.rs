//! Each amount due carries its share of the CSG-CRDS and of the CFP, so that every screen shows
//! the same three lines as the engine (`domain.md` §2); the contributions are the rest of the
//! amount. Rows recorded before have no breakdown (both zero).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000008_due_parts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for column in ["csg_crds_cents", "cfp_cents"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("amount_due"))
                        .add_column(
                            ColumnDef::new(Alias::new(column))
                                .big_integer()
                                .not_null()
                                .default(0),
                        )
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["csg_crds_cents", "cfp_cents"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("amount_due"))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
