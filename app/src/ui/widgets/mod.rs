//! Shared widgets: form fields with their labels, hints and errors; loading guarded data.

mod form;
mod guarded;

pub use form::{form_errors, other_error, ConsentField, ErrorSummary, TextField};
pub use guarded::{ErrorPanel, Guarded};
