//! Server functions, one file per feature (the features moved to `crate::features` hold their
//! own, in `features/<feature>/api.rs`). Each checks, inside itself, who is calling.

pub mod account;
pub mod agency;
pub mod auth;
pub mod clients;
pub mod contributions;
pub mod declarations;
pub mod delays;
pub mod demo;
pub mod payments;
pub mod simulation;
pub mod simulator;

/// The server functions anyone may call without signing in. Every other one refuses a
/// signed-out caller; a test walks every registered server function to hold this list true.
pub const PUBLIC_ENDPOINTS: [&str; 20] = [
    "/api/get_viewer",
    "/api/session_status",
    "/api/sign_in",
    "/api/start_signup",
    "/api/finish_signup",
    "/api/start_reset",
    "/api/finish_reset",
    "/api/list_demo_mail",
    "/api/run_simulation",
    // Booking an appointment needs no account; the draft has its own cookie and an appointment
    // is reached by its signed link (or by the signed-in person who booked it).
    "/api/get_booking_step",
    "/api/booking_region",
    "/api/booking_reason",
    "/api/booking_slot",
    "/api/booking_contact",
    "/api/booking_code",
    "/api/booking_resend_code",
    "/api/booking_validate",
    "/api/get_appointment",
    "/api/cancel_my_appointment",
    "/api/reschedule_my_appointment",
];
