//! Server functions, one file per feature. Each checks, inside itself, who is calling.

pub mod account;
pub mod appointments;
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

/// A return address after signing in: a path of this site only. It starts with a single `/`,
/// holds only `A-Z a-z 0-9 / _ ? = & . % -`, and neither it nor its percent-decoded form starts
/// with `//` or `/\` (which browsers resolve to another host) or holds a control character or a
/// backslash. Anything else is refused (the caller sends the viewer home).
pub fn safe_return_path(candidate: Option<&str>) -> Option<String> {
    let c = candidate?;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"/_?=&.%-".contains(&b);
    if c.len() >= 512 || !c.starts_with('/') || !c.bytes().all(allowed) {
        return None;
    }
    let decoded = percent_decode(c);
    let escapes_origin = |p: &[u8]| p.get(1).is_some_and(|b| *b == b'/' || *b == b'\\');
    if escapes_origin(c.as_bytes()) || escapes_origin(&decoded) || decoded.iter().any(|b| b.is_ascii_control() || *b == b'\\') {
        return None;
    }
    Some(c.to_owned())
}

/// `%XX` sequences decoded once, as bytes (a malformed one is kept as it is).
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |x: u8| (x as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (x, _, _) => {
                out.push(x);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(safe_return_path(Some("/mon-compte/cotisations")), Some("/mon-compte/cotisations".into()));
        assert_eq!(safe_return_path(Some("/mon-compte/cotisations/paiement?compte=3&x=a-b_c.d%20e")), Some("/mon-compte/cotisations/paiement?compte=3&x=a-b_c.d%20e".into()));
        assert_eq!(safe_return_path(None), None);
        for bad in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/mon-compte\r\nSet-Cookie: x=1",
            "/%2F/evil.example",
            "/%2f/evil.example",
            "/%5C/evil.example",
            "/%09/evil.example",
            "/a%0d%0aLocation:%20x",
            "/mon compte",
            "mon-compte",
            "",
            " /mon-compte",
            "/mon-compte#ancre",
            "/mon-compte@evil.example",
            "/é",
        ] {
            assert_eq!(safe_return_path(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(safe_return_path(Some(&format!("/{}", "a".repeat(600)))), None);
    }
}
