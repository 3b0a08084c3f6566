//! Throttling (OWASP ASVS 2.2.1): sign-in attempts per account and per address, emailed codes
//! sent per address and per address of origin, wrong codes per person. Each attempt is counted
//! in the database *before* the work it guards (one atomic statement that returns the new
//! count), and the decision is made on the count returned: parallel requests cannot all see
//! the same old value.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How many attempts a key may make in a window, and how long it waits once over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Attempts allowed in one window.
    pub max: i32,
    /// The window after which attempts are forgotten.
    pub window_minutes: i64,
    /// The wait imposed once the limit is reached; `None` waits until the window ends.
    pub lock_minutes: Option<i64>,
}

/// Sign-in attempts per account: 5 in 15 minutes, then 15 minutes' wait.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
    max: 5,
    window_minutes: 15,
    lock_minutes: Some(15),
};
/// Sign-in attempts per address of origin (failures only: a success gives its attempt back).
pub const SIGN_IN_PER_ADDRESS: Limit = Limit {
    max: 20,
    window_minutes: 15,
    lock_minutes: Some(15),
};
/// Codes sent to one email address: 3 per 15 minutes…
pub const CODES_PER_EMAIL: Limit = Limit {
    max: 3,
    window_minutes: 15,
    lock_minutes: None,
};
/// …and 10 per day.
pub const CODES_PER_EMAIL_PER_DAY: Limit = Limit {
    max: 10,
    window_minutes: 24 * 60,
    lock_minutes: None,
};
/// Codes asked for from one address of origin: 20 per hour.
pub const CODES_PER_ADDRESS: Limit = Limit {
    max: 20,
    window_minutes: 60,
    lock_minutes: None,
};
/// Codes typed for one person or account, across all their codes: after 10 attempts in 15
/// minutes, 15 minutes' wait (the right code included).
pub const CODE_ATTEMPTS_PER_PERSON: Limit = Limit {
    max: 10,
    window_minutes: 15,
    lock_minutes: Some(15),
};

/// The state of one key's counter, as the database holds it after counting an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub count: i32,
    pub window_started_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Whether an attempt may go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Go,
    /// Not before this instant.
    Wait(DateTime<Utc>),
}

impl Limit {
    pub fn window(self) -> Duration {
        Duration::minutes(self.window_minutes)
    }

    /// A stored counter starts again from zero when its window is over or its wait served.
    /// (The same condition is written in SQL in the repository; this is its reference.)
    pub fn restarts(
        self,
        window_started_at: DateTime<Utc>,
        locked_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> bool {
        window_started_at <= now - self.window() || locked_until.is_some_and(|u| u <= now)
    }

    /// The counter after one more attempt at `now` (what the repository's statement computes).
    pub fn count_one(self, before: Option<Counter>, now: DateTime<Utc>) -> Counter {
        match before {
            Some(c) if !self.restarts(c.window_started_at, c.locked_until, now) => Counter {
                count: c.count + 1,
                ..c
            },
            _ => Counter {
                count: 1,
                window_started_at: now,
                locked_until: None,
            },
        }
    }

    /// The decision on the counter that includes this attempt.
    pub fn verdict(self, c: Counter, now: DateTime<Utc>) -> Verdict {
        if let Some(until) = c.locked_until.filter(|u| *u > now) {
            return Verdict::Wait(until);
        }
        if c.count > self.max {
            return Verdict::Wait(self.wait_from(c, now));
        }
        Verdict::Go
    }

    /// The wait to record when this attempt used up the limit (and failed, for sign-in and codes).
    pub fn lock_after(self, c: Counter, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (c.count >= self.max).then(|| self.wait_from(c, now))
    }

    fn wait_from(self, c: Counter, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.lock_minutes {
            Some(m) => c
                .locked_until
                .filter(|u| *u > now)
                .unwrap_or(now + Duration::minutes(m)),
            None => c.window_started_at + self.window(),
        }
    }
}

/// Whole minutes to wait until `until` (at least one), for the message and `Retry-After`.
pub fn minutes_until(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let secs = (until - now).num_seconds().max(1);
    (secs + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 10, m, s).unwrap()
    }

    fn run(limit: Limit, attempts: usize, at: DateTime<Utc>) -> (Option<Counter>, Vec<Verdict>) {
        let mut c = None;
        let mut verdicts = Vec::new();
        for _ in 0..attempts {
            let counted = limit.count_one(c, at);
            verdicts.push(limit.verdict(counted, at));
            c = Some(counted);
        }
        (c, verdicts)
    }

    #[test]
    fn the_first_attempts_go_and_the_next_ones_wait() {
        let (_, verdicts) = run(SIGN_IN_PER_ACCOUNT, 8, t(0, 1));
        assert!(verdicts[..5].iter().all(|v| *v == Verdict::Go));
        assert!(verdicts[5..].iter().all(|v| matches!(v, Verdict::Wait(_))));
    }

    #[test]
    fn the_attempt_that_uses_up_the_limit_sets_a_wait_that_holds_even_for_the_right_password() {
        let c = Counter {
            count: 5,
            window_started_at: t(0, 0),
            locked_until: None,
        };
        let until = SIGN_IN_PER_ACCOUNT.lock_after(c, t(0, 10)).unwrap();
        assert_eq!(until, t(15, 10));
        assert_eq!(
            SIGN_IN_PER_ACCOUNT.lock_after(Counter { count: 4, ..c }, t(0, 10)),
            None
        );
        // Counted again (a 6th attempt, the right password): it waits for the lock.
        let sixth = SIGN_IN_PER_ACCOUNT.count_one(
            Some(Counter {
                locked_until: Some(until),
                ..c
            }),
            t(1, 0),
        );
        assert_eq!(
            SIGN_IN_PER_ACCOUNT.verdict(sixth, t(1, 0)),
            Verdict::Wait(until)
        );
        // Once the wait is served the counter starts again.
        let later = SIGN_IN_PER_ACCOUNT.count_one(
            Some(Counter {
                locked_until: Some(until),
                ..c
            }),
            until,
        );
        assert_eq!(
            later,
            Counter {
                count: 1,
                window_started_at: until,
                locked_until: None
            }
        );
        assert_eq!(SIGN_IN_PER_ACCOUNT.verdict(later, until), Verdict::Go);
    }

    #[test]
    fn a_limit_without_a_lock_waits_until_its_window_ends() {
        let (_, verdicts) = run(CODES_PER_EMAIL, 4, t(3, 0));
        assert_eq!(verdicts[3], Verdict::Wait(t(18, 0)));
        assert_eq!(minutes_until(t(18, 0), t(3, 0)), 15);
        assert_eq!(minutes_until(t(3, 1), t(3, 0)), 1);
    }

    #[test]
    fn attempts_are_forgotten_after_the_window() {
        let (c, _) = run(SIGN_IN_PER_ACCOUNT, 4, t(0, 0));
        let next = SIGN_IN_PER_ACCOUNT.count_one(c, t(20, 0));
        assert_eq!(next.count, 1);
        assert_eq!(SIGN_IN_PER_ACCOUNT.verdict(next, t(20, 0)), Verdict::Go);
    }

    #[test]
    fn ten_wrong_codes_lock_the_code_flow_for_15_minutes() {
        let (c, verdicts) = run(CODE_ATTEMPTS_PER_PERSON, 11, t(0, 0));
        assert!(verdicts[..10].iter().all(|v| *v == Verdict::Go));
        assert_eq!(verdicts[10], Verdict::Wait(t(15, 0)));
        assert_eq!(
            CODE_ATTEMPTS_PER_PERSON.lock_after(
                Counter {
                    count: 10,
                    ..c.unwrap()
                },
                t(0, 0)
            ),
            Some(t(15, 0))
        );
    }
}
