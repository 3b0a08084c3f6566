//! Emailed one-time codes, shared by every feature that proves an address (sign-up, password
//! reset, appointment booking): issuing a code, throttling who may ask for one, and checking it.

use crate::domain::throttle;
use crate::error::AppError;
use crate::persistence::repo::{codes, identities};
use crate::ssr::session::{new_token, token_hash};
use crate::ssr::state::AppState;
use crate::ssr::throttle as limiter;
use chrono::Duration;

const CODE_LIFETIME_MINUTES: i64 = 30;
const CODE_MAX_ATTEMPTS: i32 = 5;
pub const WRONG_CODE: &str =
    "Code de vérification : le code est incorrect ou a expiré. Demandez-en un nouveau si besoin.";

fn six_digit_code() -> String {
    use rand::Rng;
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
}

fn code_hash(ticket: &str, code: &str) -> String {
    token_hash(&format!("{ticket}:{}", code.trim()))
}

/// Records a new code for `purpose` and returns the ticket (for the page) and the code (for
/// the email). Every request gets a ticket, matching or not, so answers look alike.
pub async fn issue_code(
    txn: &sea_orm::DatabaseTransaction,
    purpose: &str,
    person_id: Option<i64>,
    identity_id: Option<i64>,
    email: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(String, String), AppError> {
    let ticket = new_token();
    let code = six_digit_code();
    let expires_at = now + Duration::minutes(CODE_LIFETIME_MINUTES);
    let new = codes::NewCode {
        purpose,
        ticket_hash: &token_hash(&ticket),
        person_id,
        identity_id,
        email,
        code_hash: &code_hash(&ticket, &code),
        expires_at,
    };
    // Only the latest code of a purpose for an address is valid: asking again gives no more guesses.
    codes::invalidate_unused(txn, purpose, email, now).await?;
    codes::insert_code(txn, new, now).await?;
    Ok((ticket, code))
}

/// Counts one code sent to `email` (3 per 15 minutes, 10 a day) and one asked from `ip` (20 an
/// hour); refuses over either. Counted whether or not the address matches an account, so the
/// answer says nothing about who is on record.
pub async fn admit_code_request(
    state: &AppState,
    purpose: &str,
    email: &str,
    ip: Option<&str>,
) -> Result<(), AppError> {
    let email = identities::normalise_email(email);
    let mut keys = vec![
        (
            format!("code:{purpose}:mail:{email}"),
            throttle::CODES_PER_EMAIL,
        ),
        (
            format!("code:{purpose}:mail-day:{email}"),
            throttle::CODES_PER_EMAIL_PER_DAY,
        ),
    ];
    keys.extend(ip.map(|ip| (format!("code:ip:{ip}"), throttle::CODES_PER_ADDRESS)));
    limiter::admit(&state.db, keys, state.clock.now())
        .await
        .map(|_| ())
}

/// Checks a ticket and its code; counts the attempt on the ticket (5 at most) and on the person
/// or account it is for, across all their codes (10 in 15 minutes, then 15 minutes' wait, the
/// right code included).
pub async fn check_code(
    state: &AppState,
    purpose: &str,
    ticket: &str,
    code: &str,
) -> Result<codes::CodeRow, AppError> {
    let now = state.clock.now();
    let wrong = || AppError::invalid("code", WRONG_CODE);
    let Some(row) = codes::find_code_by_ticket(&state.db, &token_hash(ticket)).await? else {
        return Err(wrong());
    };
    let subject = match (row.identity_id, row.person_id) {
        (Some(id), _) => format!("identity:{id}"),
        (None, Some(id)) => format!("person:{id}"),
        (None, None) => format!("mail:{}", row.email),
    };
    let counted = limiter::admit(
        &state.db,
        vec![(
            format!("code-attempt:{purpose}:{subject}"),
            throttle::CODE_ATTEMPTS_PER_PERSON,
        )],
        now,
    )
    .await?;
    let right = row.purpose == purpose
        && row.used_at.is_none()
        && row.expires_at >= now
        && row.attempts < CODE_MAX_ATTEMPTS
        && codes::count_attempt(&state.db, row.id, CODE_MAX_ATTEMPTS).await?
        && row.code_hash == code_hash(ticket, code);
    if !right {
        limiter::failed(&state.db, &counted, now).await?;
        return Err(wrong());
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_digits() {
        for _ in 0..50 {
            let code = six_digit_code();
            assert_eq!(code.len(), 6, "{code}");
            assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn a_code_typed_with_spaces_around_it_is_the_same_code() {
        assert_eq!(
            code_hash("ticket", " 123456 "),
            code_hash("ticket", "123456")
        );
    }

    #[test]
    fn the_same_code_under_another_ticket_does_not_match() {
        assert_ne!(
            code_hash("ticket-a", "123456"),
            code_hash("ticket-b", "123456")
        );
        assert_ne!(
            code_hash("ticket-a", "123456"),
            code_hash("ticket-a", "123457")
        );
    }
}
