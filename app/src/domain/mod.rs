//! Pure business rules: no database, no browser, no clock of their own.
//! Only std, serde, thiserror and chrono may be imported here (checked by `scripts/check-domain.sh`).

pub mod access;
pub mod appointment;
pub mod calendar;
pub mod calls;
pub mod contributions;
pub mod ics;
pub mod ledger;
pub mod micro;
pub mod money;
pub mod nir;
pub mod pain008;
pub mod parts;
pub mod password;
pub mod phone;
pub mod reader;
pub mod redirect;
pub mod schedule;
pub mod sepa;
pub mod session;
pub mod throttle;
