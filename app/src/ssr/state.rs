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
    /// The fund as a SEPA creditor: named in mandates, pre-notifications and bank files.
    pub creditor: CreditorConfig,
    /// The key that signs appointment links (HMAC-SHA256), shared by every process.
    pub link_key: String,
    /// The address emails come from, also the organizer of calendar events.
    pub mail_from: String,
}

/// The creditor of the SEPA direct debits (`PASSERELLE_CREDITOR_*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditorConfig {
    pub name: String,
    /// The SEPA creditor identifier (ICS).
    pub ics: String,
    /// The fund's own account, credited by the collections.
    pub iban: String,
    pub bic: Option<String>,
}

impl Default for CreditorConfig {
    /// The demonstration creditor: the example ICS of the SEPA rulebook and a test IBAN.
    fn default() -> Self {
        CreditorConfig {
            name: "Passerelle - Caisse des indépendants (démonstration)".into(),
            ics: "FR72ZZZ123456".into(),
            iban: "FR7630006000011234567890189".into(),
            bic: Some("AGRIFRPP".into()),
        }
    }
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
