//! SeaORM entities, one module per table (maintained by hand).

pub mod organisation;
pub mod person;
pub mod contributor_account;
pub mod identity;
pub mod accountant_mandate;
pub mod amount_due;
pub mod payment;
pub mod allocation;
pub mod income_declaration;
pub mod audit_event;
pub mod session;
pub mod draft;
pub mod one_time_code;
pub mod login_throttle;
pub mod outbox_email;
pub mod due_cancellation;
pub mod payment_delay_request;
pub mod sepa_mandate;
pub mod debit_instruction;
pub mod debit_notice;
pub mod telepayment;
pub mod telepayment_part;
pub mod bank_file;
pub mod sepa_debit;
