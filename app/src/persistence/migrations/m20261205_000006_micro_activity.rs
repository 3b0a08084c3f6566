//! The nature of a micro-entrepreneur's business (artisanale, commerciale, libérale), recorded
//! on the account: it sets the CFP rate (0.3 %, 0.1 %, 0.2 %), which the kind of turnover
//! (sales or services) does not tell. Existing accounts take the usual nature of their kind.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000006_micro_activity"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("contributor_account"))
                    .add_column(ColumnDef::new(Alias::new("micro_activity")).string().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE contributor_account SET micro_activity = CASE WHEN micro_kind IN ('liberal', 'cipav') THEN 'liberale' ELSE 'commerciale' END WHERE micro_kind IS NOT NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("contributor_account"))
                    .drop_column(Alias::new("micro_activity"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
