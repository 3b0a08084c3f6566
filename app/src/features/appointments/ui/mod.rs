//! The appointment pages: the booking wizard (a file per step: region → reason → agency and
//! slot → details → verification code → review), the appointment reached by its link, "Mes
//! rendez-vous", and the agency back office (agenda, one appointment, opening hours). Every
//! step is a plain form (works without JavaScript) and reads the server-side draft.

mod agency_agenda;
mod agency_appointment;
mod agency_hours;
mod appointment;
mod code;
mod contact;
mod my_appointments;
mod reason;
mod region;
mod review;
mod slot;
mod slot_choices;
mod wizard;

pub use agency_agenda::AgencyAppointmentsPage;
pub use agency_appointment::AgencyAppointmentPage;
pub use agency_hours::AgencyHoursPage;
pub use appointment::AppointmentPage;
pub use code::BookCodePage;
pub use contact::BookContactPage;
pub use my_appointments::MyAppointmentsPage;
pub use reason::BookReasonPage;
pub use region::BookRegionPage;
pub use review::BookReviewPage;
pub use slot::BookSlotPage;
