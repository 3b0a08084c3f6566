//! Settings, read once from the environment at start-up. Every variable is optional; the
//! defaults run the embedded demo on SQLite.

use app::domain::sepa::{parse_bic, valid_ics, Iban};
use app::domain::session::SessionPolicy;
use app::ssr::CreditorConfig;
use chrono::NaiveDate;
use std::net::SocketAddr;

/// Signs appointment links outside production only (every demo process shares it).
const DEMO_LINK_KEY: &str = "passerelle-demonstration-link-key-not-secret";

#[derive(Clone, Debug)]
pub struct Settings {
    /// `PASSERELLE_DATABASE_URL`: default `sqlite://data/passerelle.db?mode=rwc`.
    pub database_url: String,
    /// `PASSERELLE_ADDR` (or `LEPTOS_SITE_ADDR`): default `127.0.0.1:3000`.
    pub addr: Option<SocketAddr>,
    /// `PASSERELLE_ENV=production` refuses the demo switches below.
    pub production: bool,
    /// `PASSERELLE_TODAY=2026-05-01`: pins the date (tests and demo only).
    pub today: Option<NaiveDate>,
    /// `--demo`: seed the demo data (idempotent).
    pub demo: bool,
    /// `PASSERELLE_PUBLIC_URL`: required in production; in development the listen address
    /// (`http://127.0.0.1:3000` by default). Its origin is the only one state-changing requests
    /// may come from; HTTPS turns on Secure cookies and HSTS.
    pub public_url: String,
    /// `PASSERELLE_SMTP_URL` (e.g. `smtp://user:pass@host:587`): required in production; without
    /// it emails stay in the outbox and are shown on the demo mailbox page (the log only records
    /// their subject and the recipient's domain).
    pub smtp_url: Option<String>,
    /// `PASSERELLE_SESSION_IDLE_SECS`, `PASSERELLE_SESSION_ABSOLUTE_SECS`, `PASSERELLE_SESSION_WARN_SECS`.
    pub session: SessionPolicy,
    /// `PASSERELLE_DB_MAX_CONNECTIONS`: default 10 (PostgreSQL) or 5 (SQLite).
    pub db_max_connections: u32,
    /// `PASSERELLE_WORKER=off` disables the background worker in this process.
    pub worker: bool,
    /// `PASSERELLE_CREDITOR_NAME`, `PASSERELLE_CREDITOR_ICS`, `PASSERELLE_CREDITOR_IBAN`,
    /// `PASSERELLE_CREDITOR_BIC`: the fund as a SEPA creditor. Demonstration values by default;
    /// production requires the ICS and the IBAN.
    pub creditor: CreditorConfig,
    /// `PASSERELLE_LINK_KEY`: the key that signs the links in appointment emails (at least 32
    /// characters, the same in every process). Required in production; a demonstration key otherwise.
    pub link_key: String,
    /// `PASSERELLE_MAIL_FROM`: the address emails come from, and the organizer of calendar
    /// events (an address of the fund's own domain, so that receiving servers accept it).
    /// Required in production; `ne-pas-repondre@passerelle.example` otherwise.
    pub mail_from: String,
}

impl Settings {
    pub fn from_env(args: &[String]) -> Result<Settings, String> {
        Settings::from_lookup(args, |name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(
        args: &[String],
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, String> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        fn parse<T: std::str::FromStr>(
            name: &str,
            value: Option<String>,
        ) -> Result<Option<T>, String> {
            match value {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse::<T>()
                    .map(Some)
                    .map_err(|_| format!("{name}: invalid value")),
            }
        }
        let production = var("PASSERELLE_ENV").is_some_and(|v| v == "production");
        let today = parse::<NaiveDate>("PASSERELLE_TODAY", var("PASSERELLE_TODAY"))?;
        let demo = args.iter().any(|a| a == "--demo");
        if production && today.is_some() {
            return Err("PASSERELLE_TODAY is refused when PASSERELLE_ENV=production".into());
        }
        if production && demo {
            return Err("--demo is refused when PASSERELLE_ENV=production".into());
        }
        let database_url = var("PASSERELLE_DATABASE_URL")
            .unwrap_or_else(|| "sqlite://data/passerelle.db?mode=rwc".into());
        let addr = match var("PASSERELLE_ADDR") {
            Some(a) => Some(
                a.parse()
                    .map_err(|_| "PASSERELLE_ADDR: expected host:port".to_string())?,
            ),
            None => None,
        };
        let defaults = SessionPolicy::default();
        let session = SessionPolicy {
            idle_secs: parse(
                "PASSERELLE_SESSION_IDLE_SECS",
                var("PASSERELLE_SESSION_IDLE_SECS"),
            )?
            .unwrap_or(defaults.idle_secs),
            absolute_secs: parse(
                "PASSERELLE_SESSION_ABSOLUTE_SECS",
                var("PASSERELLE_SESSION_ABSOLUTE_SECS"),
            )?
            .unwrap_or(defaults.absolute_secs),
            warn_secs: parse(
                "PASSERELLE_SESSION_WARN_SECS",
                var("PASSERELLE_SESSION_WARN_SECS"),
            )?
            .unwrap_or(defaults.warn_secs),
        };
        let is_pg = database_url.starts_with("postgres");
        let demo_creditor = CreditorConfig::default();
        if production
            && (var("PASSERELLE_CREDITOR_ICS").is_none()
                || var("PASSERELLE_CREDITOR_IBAN").is_none())
        {
            return Err("PASSERELLE_CREDITOR_ICS and PASSERELLE_CREDITOR_IBAN are required when PASSERELLE_ENV=production".into());
        }
        let ics = var("PASSERELLE_CREDITOR_ICS")
            .map(|v| v.trim().to_ascii_uppercase())
            .unwrap_or(demo_creditor.ics);
        if !valid_ics(&ics) {
            return Err("PASSERELLE_CREDITOR_ICS: not a valid French creditor identifier (e.g. FR72ZZZ123456)".into());
        }
        let iban = match var("PASSERELLE_CREDITOR_IBAN") {
            Some(v) => Iban::parse(&v)
                .map_err(|e| format!("PASSERELLE_CREDITOR_IBAN: {e}"))?
                .as_str()
                .to_owned(),
            None => demo_creditor.iban,
        };
        let bic = match var("PASSERELLE_CREDITOR_BIC") {
            Some(v) => parse_bic(&v).map_err(|e| format!("PASSERELLE_CREDITOR_BIC: {e}"))?,
            None if var("PASSERELLE_CREDITOR_IBAN").is_some() => None,
            None => demo_creditor.bic,
        };
        let link_key = match var("PASSERELLE_LINK_KEY") {
            Some(k) if k.trim().len() >= 32 => k.trim().to_owned(),
            Some(_) => return Err("PASSERELLE_LINK_KEY: at least 32 characters".into()),
            None if production => {
                return Err("PASSERELLE_LINK_KEY is required when PASSERELLE_ENV=production".into())
            }
            None => DEMO_LINK_KEY.to_owned(),
        };
        let smtp_url = var("PASSERELLE_SMTP_URL");
        if production && smtp_url.is_none() {
            return Err("PASSERELLE_SMTP_URL is required when PASSERELLE_ENV=production".into());
        }
        let public_url = match var("PASSERELLE_PUBLIC_URL") {
            Some(u) if crate::security::origin_of(&u).is_some() => {
                u.trim().trim_end_matches('/').to_owned()
            }
            Some(_) => return Err("PASSERELLE_PUBLIC_URL: expected http(s)://host[:port]".into()),
            None if production => {
                return Err(
                    "PASSERELLE_PUBLIC_URL is required when PASSERELLE_ENV=production".into(),
                )
            }
            None => {
                let listen = addr
                    .map(|a: SocketAddr| a.to_string())
                    .or_else(|| var("LEPTOS_SITE_ADDR"))
                    .unwrap_or_else(|| "127.0.0.1:3000".into());
                format!("http://{}", listen.trim())
            }
        };
        let mail_from = match var("PASSERELLE_MAIL_FROM") {
            Some(a) => a.trim().parse::<lettre::Address>().map(|a| a.to_string()).map_err(|_| "PASSERELLE_MAIL_FROM: expected an email address, e.g. ne-pas-repondre@caisse.fr".to_owned())?,
            None if production => return Err("PASSERELLE_MAIL_FROM is required when PASSERELLE_ENV=production".into()),
            None => app::ssr::mail::NO_REPLY.to_owned(),
        };
        let creditor = CreditorConfig {
            name: var("PASSERELLE_CREDITOR_NAME").unwrap_or(demo_creditor.name),
            ics,
            iban,
            bic,
        };
        Ok(Settings {
            db_max_connections: parse(
                "PASSERELLE_DB_MAX_CONNECTIONS",
                var("PASSERELLE_DB_MAX_CONNECTIONS"),
            )?
            .unwrap_or(if is_pg { 10 } else { 5 }),
            database_url,
            addr,
            production,
            today,
            demo,
            public_url,
            smtp_url,
            session,
            worker: var("PASSERELLE_WORKER").is_none_or(|v| v != "off"),
            creditor,
            link_key,
            mail_from,
        })
    }

    /// The database URL with any password hidden, for the start-up log line.
    pub fn database_url_for_log(&self) -> String {
        match (self.database_url.find("://"), self.database_url.rfind('@')) {
            (Some(scheme), Some(at)) if at > scheme => format!(
                "{}://•••@{}",
                &self.database_url[..scheme],
                &self.database_url[at + 1..]
            ),
            _ => self.database_url.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)], args: &[&str]) -> Result<Settings, String> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        Settings::from_lookup(&args, |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn hides_the_database_password_in_logs() {
        let s = settings(
            &[(
                "PASSERELLE_DATABASE_URL",
                "postgres://user:secret@db:5432/app",
            )],
            &[],
        )
        .unwrap();
        assert_eq!(s.database_url_for_log(), "postgres://•••@db:5432/app");
    }

    #[test]
    fn defaults_to_an_embedded_sqlite_file() {
        let s = settings(&[], &[]).unwrap();
        assert_eq!(s.database_url, "sqlite://data/passerelle.db?mode=rwc");
        assert_eq!(s.session, SessionPolicy::default());
        assert!(!s.demo && s.today.is_none() && s.worker);
    }

    #[test]
    fn production_refuses_a_pinned_date_and_the_demo() {
        assert!(settings(
            &[
                ("PASSERELLE_ENV", "production"),
                ("PASSERELLE_TODAY", "2026-05-01")
            ],
            &[]
        )
        .unwrap_err()
        .contains("PASSERELLE_TODAY"));
        assert!(settings(
            &[("PASSERELLE_ENV", "production")],
            &["passerelle", "--demo"]
        )
        .unwrap_err()
        .contains("--demo"));
        let dev = settings(
            &[("PASSERELLE_TODAY", "2026-05-01")],
            &["passerelle", "--demo"],
        )
        .unwrap();
        assert_eq!(dev.today, NaiveDate::from_ymd_opt(2026, 5, 1));
        assert!(dev.demo);
    }

    #[test]
    fn the_creditor_is_checked_and_required_in_production() {
        let demo = settings(&[], &[]).unwrap();
        assert_eq!(demo.creditor, CreditorConfig::default());
        assert!(
            settings(&[("PASSERELLE_CREDITOR_ICS", "FR73ZZZ123456")], &[])
                .unwrap_err()
                .contains("PASSERELLE_CREDITOR_ICS")
        );
        assert!(settings(
            &[("PASSERELLE_CREDITOR_IBAN", "FR7630006000011234567890188")],
            &[]
        )
        .unwrap_err()
        .contains("PASSERELLE_CREDITOR_IBAN"));
        assert!(settings(&[("PASSERELLE_ENV", "production")], &[])
            .unwrap_err()
            .contains("PASSERELLE_CREDITOR_ICS"));
        let own = settings(
            &[
                ("PASSERELLE_CREDITOR_ICS", "fr72zzz123456"),
                ("PASSERELLE_CREDITOR_IBAN", "DE89 3704 0044 0532 0130 00"),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(
            (
                own.creditor.ics.as_str(),
                own.creditor.iban.as_str(),
                own.creditor.bic
            ),
            ("FR72ZZZ123456", "DE89370400440532013000", None)
        );
    }

    const PRODUCTION: [(&str, &str); 5] = [
        ("PASSERELLE_ENV", "production"),
        ("PASSERELLE_MAIL_FROM", "ne-pas-repondre@caisse.example.fr"),
        (
            "PASSERELLE_PUBLIC_URL",
            "https://moncompte.passerelle.example",
        ),
        ("PASSERELLE_CREDITOR_ICS", "FR72ZZZ123456"),
        ("PASSERELLE_CREDITOR_IBAN", "DE89 3704 0044 0532 0130 00"),
    ];

    #[test]
    fn the_link_key_is_long_and_required_in_production() {
        assert!(settings(&PRODUCTION, &[])
            .unwrap_err()
            .contains("PASSERELLE_LINK_KEY"));
        assert!(settings(&[("PASSERELLE_LINK_KEY", "short")], &[])
            .unwrap_err()
            .contains("PASSERELLE_LINK_KEY"));
        let key = "0123456789abcdef0123456789abcdef";
        let mut with_key = PRODUCTION.to_vec();
        with_key.push(("PASSERELLE_LINK_KEY", key));
        with_key.push(("PASSERELLE_SMTP_URL", "smtps://relais.exemple.fr"));
        assert_eq!(settings(&with_key, &[]).unwrap().link_key, key);
        assert_eq!(settings(&[], &[]).unwrap().link_key, DEMO_LINK_KEY);
    }

    #[test]
    fn production_requires_smtp_since_the_log_never_holds_email_bodies() {
        let mut vars = PRODUCTION.to_vec();
        vars.push(("PASSERELLE_LINK_KEY", "0123456789abcdef0123456789abcdef"));
        assert_eq!(
            settings(&vars, &[]).unwrap_err(),
            "PASSERELLE_SMTP_URL is required when PASSERELLE_ENV=production"
        );
        vars.push(("PASSERELLE_SMTP_URL", " "));
        assert!(
            settings(&vars, &[])
                .unwrap_err()
                .contains("PASSERELLE_SMTP_URL"),
            "a blank value counts as missing"
        );
        vars.pop();
        vars.push(("PASSERELLE_SMTP_URL", "smtps://user:secret@smtp.exemple.fr"));
        let s = settings(&vars, &[]).unwrap();
        assert_eq!(
            s.smtp_url.as_deref(),
            Some("smtps://user:secret@smtp.exemple.fr")
        );
        assert!(
            settings(&[], &[]).unwrap().smtp_url.is_none(),
            "development runs without SMTP"
        );
    }

    #[test]
    fn the_public_url_is_the_listen_address_in_development_and_required_in_production() {
        assert_eq!(
            settings(&[], &[]).unwrap().public_url,
            "http://127.0.0.1:3000"
        );
        assert_eq!(
            settings(&[("PASSERELLE_ADDR", "127.0.0.1:8123")], &[])
                .unwrap()
                .public_url,
            "http://127.0.0.1:8123"
        );
        assert_eq!(
            settings(
                &[(
                    "PASSERELLE_PUBLIC_URL",
                    "https://moncompte.passerelle.example/"
                )],
                &[]
            )
            .unwrap()
            .public_url,
            "https://moncompte.passerelle.example"
        );
        assert!(settings(
            &[("PASSERELLE_PUBLIC_URL", "moncompte.passerelle.example")],
            &[]
        )
        .unwrap_err()
        .contains("PASSERELLE_PUBLIC_URL"));
        let mut without: Vec<_> = PRODUCTION
            .iter()
            .copied()
            .filter(|(k, _)| *k != "PASSERELLE_PUBLIC_URL")
            .collect();
        without.extend([
            ("PASSERELLE_LINK_KEY", "0123456789abcdef0123456789abcdef"),
            ("PASSERELLE_SMTP_URL", "smtps://relais.exemple.fr"),
        ]);
        assert_eq!(
            settings(&without, &[]).unwrap_err(),
            "PASSERELLE_PUBLIC_URL is required when PASSERELLE_ENV=production"
        );
    }

    #[test]
    fn the_sender_address_is_checked_and_required_in_production() {
        assert_eq!(
            settings(&[], &[]).unwrap().mail_from,
            app::ssr::mail::NO_REPLY
        );
        assert!(
            settings(&[("PASSERELLE_MAIL_FROM", "pas une adresse")], &[])
                .unwrap_err()
                .contains("PASSERELLE_MAIL_FROM")
        );
        let mut vars: Vec<_> = PRODUCTION
            .iter()
            .copied()
            .filter(|(k, _)| *k != "PASSERELLE_MAIL_FROM")
            .collect();
        vars.extend([
            ("PASSERELLE_LINK_KEY", "0123456789abcdef0123456789abcdef"),
            ("PASSERELLE_SMTP_URL", "smtps://relais.exemple.fr"),
        ]);
        assert_eq!(
            settings(&vars, &[]).unwrap_err(),
            "PASSERELLE_MAIL_FROM is required when PASSERELLE_ENV=production"
        );
        vars.push((
            "PASSERELLE_MAIL_FROM",
            " ne-pas-repondre@caisse.example.fr ",
        ));
        assert_eq!(
            settings(&vars, &[]).unwrap().mail_from,
            "ne-pas-repondre@caisse.example.fr"
        );
    }

    #[test]
    fn an_invalid_value_names_the_variable() {
        assert_eq!(
            settings(&[("PASSERELLE_SESSION_IDLE_SECS", "trente")], &[]).unwrap_err(),
            "PASSERELLE_SESSION_IDLE_SECS: invalid value"
        );
    }
}
