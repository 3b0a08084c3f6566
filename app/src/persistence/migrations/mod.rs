//! Schema migrations, applied in order at start-up.

use sea_orm_migration::prelude::*;

mod m20261130_000001_initial;
mod m20261201_000002_schedule_changes;
mod m20261202_000003_payments;
mod m20261203_000004_appointments;
mod m20261204_000005_security;
mod m20261205_000006_micro_activity;
mod m20261206_000007_failed_submissions;
mod m20261207_000008_due_parts;
mod m20261208_000009_credit_use;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_initial::Migration),
            Box::new(m20261201_000002_schedule_changes::Migration),
            Box::new(m20261202_000003_payments::Migration),
            Box::new(m20261203_000004_appointments::Migration),
            Box::new(m20261204_000005_security::Migration),
            Box::new(m20261205_000006_micro_activity::Migration),
            Box::new(m20261206_000007_failed_submissions::Migration),
            Box::new(m20261207_000008_due_parts::Migration),
            Box::new(m20261208_000009_credit_use::Migration),
        ]
    }
}
