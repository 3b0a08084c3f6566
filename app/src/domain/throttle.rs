//! Throttling failed sign-ins, per account and per address (OWASP ASVS 2.2.1): after a few
//! failures in a window, further attempts wait, longer each time.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Failures allowed in a window before attempts are delayed.
pub const FREE_FAILURES_PER_ACCOUNT: i32 = 5;
pub const FREE_FAILURES_PER_ADDRESS: i32 = 20;
/// The window after which failures are forgotten.
pub const WINDOW_MINUTES: i64 = 15;
/// The longest wait imposed.
pub const MAX_LOCK_MINUTES: i64 = 15;

/// The failure counter of one key (an account or an address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureCounter {
    pub failures: i32,
    pub window_started_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

impl FailureCounter {
    pub fn new(now: DateTime<Utc>) -> Self {
        FailureCounter { failures: 0, window_started_at: now, locked_until: None }
    }

    /// Whether an attempt may go ahead at `now`.
    pub fn allows(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_none_or(|until| now >= until)
    }

    /// The counter after one more failure: past `free` failures, a lock that doubles from one
    /// minute up to [`MAX_LOCK_MINUTES`].
    pub fn after_failure(self, now: DateTime<Utc>, free: i32) -> FailureCounter {
        let mut c = if now - self.window_started_at >= Duration::minutes(WINDOW_MINUTES) { FailureCounter::new(now) } else { self };
        c.failures += 1;
        if c.failures >= free {
            let extra = (c.failures - free).min(10) as u32;
            let minutes = (1i64 << extra).min(MAX_LOCK_MINUTES);
            c.locked_until = Some(now + Duration::minutes(minutes));
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 10, m, s).unwrap()
    }

    #[test]
    fn the_first_failures_are_free_then_attempts_wait() {
        let mut c = FailureCounter::new(t(0, 0));
        for _ in 0..FREE_FAILURES_PER_ACCOUNT - 1 {
            c = c.after_failure(t(0, 1), FREE_FAILURES_PER_ACCOUNT);
            assert!(c.allows(t(0, 2)));
        }
        c = c.after_failure(t(0, 1), FREE_FAILURES_PER_ACCOUNT);
        assert!(!c.allows(t(0, 30)));
        assert!(c.allows(t(1, 1)));
    }

    #[test]
    fn the_wait_grows_but_stays_bounded() {
        let mut c = FailureCounter::new(t(0, 0));
        for _ in 0..40 {
            c = c.after_failure(t(1, 0), FREE_FAILURES_PER_ACCOUNT);
        }
        assert_eq!(c.locked_until, Some(t(1, 0) + Duration::minutes(MAX_LOCK_MINUTES)));
    }

    #[test]
    fn failures_are_forgotten_after_the_window() {
        let mut c = FailureCounter::new(t(0, 0));
        for _ in 0..4 {
            c = c.after_failure(t(0, 0), FREE_FAILURES_PER_ACCOUNT);
        }
        c = c.after_failure(t(20, 0), FREE_FAILURES_PER_ACCOUNT);
        assert_eq!(c.failures, 1);
        assert!(c.allows(t(20, 1)));
    }
}
