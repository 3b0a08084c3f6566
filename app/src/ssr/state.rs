//! The state every request can reach: database pool, clock and the settings the app needs.

use super::clock::Clock;
use super::passwords::Hasher;
use crate::domain::session::SessionPolicy;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

/// What the application needs from the configuration (the server reads and checks it once).
#[derive(Clone, Debug)]
pub struct AppConfig {
    pub session: SessionPolicy,
    /// Secure cookies with the `__Host-` prefix, when the public URL is HTTPS.
    pub secure_cookies: bool,
    /// Whether the demo mailbox page may show the outbox (never in production).
    pub demo_mailbox: bool,
    /// The public base URL used in emails.
    pub public_url: String,
}

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub config: AppConfig,
    pub hasher: Hasher,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
