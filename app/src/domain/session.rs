//! Session lifetime: 30 minutes idle, 12 hours absolute (OWASP ASVS 3.3.2), with a warning
//! before the idle limit so that people can extend it (RGAA: no time limit without a way out).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The limits in force, from configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPolicy {
    pub idle_secs: i64,
    pub absolute_secs: i64,
    /// How long before the idle limit the warning shows.
    pub warn_secs: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_secs: 30 * 60,
            absolute_secs: 12 * 3600,
            warn_secs: 5 * 60,
        }
    }
}

/// Whether a session is still usable at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionState {
    Active,
    IdleExpired,
    AbsoluteExpired,
}

impl SessionPolicy {
    pub fn state(
        &self,
        created_at: DateTime<Utc>,
        last_seen_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> SessionState {
        if now - created_at >= Duration::seconds(self.absolute_secs) {
            SessionState::AbsoluteExpired
        } else if now - last_seen_at >= Duration::seconds(self.idle_secs) {
            SessionState::IdleExpired
        } else {
            SessionState::Active
        }
    }

    /// When the session ends if nothing happens: the idle limit, or the absolute one if sooner.
    pub fn ends_at(&self, created_at: DateTime<Utc>, last_seen_at: DateTime<Utc>) -> DateTime<Utc> {
        (last_seen_at + Duration::seconds(self.idle_secs))
            .min(created_at + Duration::seconds(self.absolute_secs))
    }

    /// Activity within this many seconds of the last recorded one is not written again, so that
    /// each page view does not cost a database write.
    pub fn touch_granularity_secs(&self) -> i64 {
        (self.idle_secs / 30).clamp(1, 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, h, m, 0).unwrap()
    }

    #[test]
    fn thirty_idle_minutes_end_the_session() {
        let p = SessionPolicy::default();
        assert_eq!(p.state(t(8, 0), t(9, 0), t(9, 29)), SessionState::Active);
        assert_eq!(
            p.state(t(8, 0), t(9, 0), t(9, 30)),
            SessionState::IdleExpired
        );
    }

    #[test]
    fn twelve_hours_end_the_session_even_when_active() {
        let p = SessionPolicy::default();
        assert_eq!(
            p.state(t(8, 0), t(19, 59), t(20, 0)),
            SessionState::AbsoluteExpired
        );
    }

    #[test]
    fn the_end_is_the_sooner_of_both_limits() {
        let p = SessionPolicy::default();
        assert_eq!(p.ends_at(t(8, 0), t(9, 0)), t(9, 30));
        assert_eq!(p.ends_at(t(8, 0), t(19, 50)), t(20, 0));
    }
}
