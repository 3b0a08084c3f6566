//! Repositories: queries and mutations over any connection (a pool or a transaction).
//! They return domain or plain types; entity models stay inside `persistence`.

pub mod accounts;
pub mod appointments;
pub mod audit;
pub mod codes;
pub mod drafts;
pub mod failed_submissions;
pub mod identities;
pub mod ledger;
pub mod outbox;
pub mod payments;
pub mod schedule;
pub mod sessions;
pub mod throttle;
