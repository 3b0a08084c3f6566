//! The use cases behind the appointment server functions (ssr only), one concern a file: the
//! wizard (draft, steps, contact and code, booking), the appointment reached by its signed link
//! or from the account, the emails and calendar files, the agency back office and the worker.
//!
//! Every rule is checked again with the server's clock when the person validates; the slot
//! itself is held by a UNIQUE constraint (see `repo::appointments`).

mod agenda;
mod agent_actions;
mod back_office;
mod booking;
mod booking_view;
mod calendar;
mod contact;
mod draft;
#[cfg(test)]
mod fixtures;
mod format;
mod hours;
mod jobs;
mod moves;
mod notifications;
mod person;
mod records;
mod signed_link;
mod steps;

pub use agent_actions::agent_update;
pub use back_office::{agency_agenda, agency_detail, agenda_day};
pub use booking::validate;
pub use booking_view::booking_step;
pub use calendar::calendar_download;
pub use contact::{check_code, resend_code, save_contact};
pub use draft::Contact;
pub use hours::{add_closure, agency_hours, remove_closure, save_day};
pub use jobs::{run_jobs, JobReport};
pub use person::{appointment_view, cancel_by_person, my_appointments, reschedule_by_person};
pub use signed_link::link_key;
pub use steps::{save_reason, save_region, save_slot};
