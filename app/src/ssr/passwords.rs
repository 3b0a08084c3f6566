//! Argon2id password hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane), run off the
//! async executor, with a bound on how many hashes run at once (each takes 19 MiB).

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

pub const M_COST_KIB: u32 = 19 * 1024;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

fn argon2() -> Argon2<'static> {
    // Params::new only fails on out-of-range values; these are constants within range.
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password synchronously (start-up seeding and tests; requests use [`Hasher`]).
pub fn hash_blocking(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify_blocking(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a password nobody has, verified when the account does not exist, so that the
/// answer takes as long either way.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    verified: Arc<AtomicU64>,
}

impl Hasher {
    pub fn new(concurrent: usize) -> Self {
        Hasher {
            permits: Arc::new(Semaphore::new(concurrent.max(1))),
            verified: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How many password verifications this process has run (throttling is checked by it).
    pub fn verifications(&self) -> u64 {
        self.verified.load(Ordering::Relaxed)
    }

    pub async fn hash(&self, password: String) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || hash_blocking(&password))
            .await
            .map_err(|e| e.to_string())?
    }

    /// Verifies against `phc`, or against a dummy hash when there is no account.
    pub async fn verify(&self, password: String, phc: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        self.verified.fetch_add(1, Ordering::Relaxed);
        let exists = phc.is_some();
        let phc = phc.unwrap_or_else(|| {
            DUMMY_HASH
                .get_or_init(|| hash_blocking("dummy-password-never-used").unwrap_or_default())
                .clone()
        });
        let ok = tokio::task::spawn_blocking(move || verify_blocking(&password, &phc))
            .await
            .unwrap_or(false);
        ok && exists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_the_owasp_parameters_in_kibibytes() {
        assert_eq!(M_COST_KIB, 19456);
        let h = hash_blocking("Passerelle-demo-2026").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
    }

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let hasher = Hasher::new(2);
        let h = hasher.hash("un mot de passe long".into()).await.unwrap();
        assert!(
            hasher
                .verify("un mot de passe long".into(), Some(h.clone()))
                .await
        );
        assert!(!hasher.verify("un autre mot de passe".into(), Some(h)).await);
        assert!(!hasher.verify("un mot de passe long".into(), None).await);
    }
}
