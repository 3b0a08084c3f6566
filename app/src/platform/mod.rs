//! Server-side plumbing that several features share (ssr only): the references people read
//! over the phone, emailed one-time codes, and the reading of typed dates and addresses.
//! Features use it; it uses no feature.

pub mod codes;
pub mod input;
pub mod references;
