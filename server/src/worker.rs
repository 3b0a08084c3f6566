//! The background worker every server process runs. It holds no lock of its own: each outbox
//! message is claimed by a conditional UPDATE that one process only can win, purging expired
//! sessions is harmless when two processes do it at once, and the collection job claims each
//! debit and each bank file with an INSERT guarded by a UNIQUE constraint.

use app::persistence::repo::{outbox, sessions};
use app::ssr::AppState;
use chrono::Duration;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use tokio::sync::Notify;

const TICK: std::time::Duration = std::time::Duration::from_secs(5);

/// Where emails go: an SMTP relay when configured, otherwise nowhere but the outbox (and the
/// demo mailbox page, in development). Production refuses to start without SMTP.
#[allow(clippy::large_enum_variant)] // one per process, never moved about
pub enum Mailer {
    /// The relay, and the sender every message carries (read once).
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Mailbox),
    Log,
}

/// `Passerelle <address>`, the sender of every email.
pub fn sender(address: &str) -> Result<Mailbox, String> {
    format!("Passerelle <{address}>")
        .parse()
        .map_err(|e| format!("PASSERELLE_MAIL_FROM: {e}"))
}

impl Mailer {
    pub fn from_url(url: Option<&str>, from: &str) -> Result<Mailer, String> {
        match url {
            Some(u) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(u)
                    .map(|b| b.build())
                    .map_err(|e| format!("PASSERELLE_SMTP_URL: {e}"))?;
                Ok(Mailer::Smtp(transport, sender(from)?))
            }
            None => Ok(Mailer::Log),
        }
    }

    async fn send(&self, m: &outbox::OutboxMessage) -> Result<(), String> {
        match self {
            Mailer::Log => {
                // The body holds codes and signed links, the address names the person: neither
                // is logged.
                tracing::info!(id = m.id, to_domain = recipient_domain(&m.to_address), subject = %m.subject, "email kept in the outbox (no SMTP configured)");
                Ok(())
            }
            Mailer::Smtp(transport, from) => transport
                .send(email(m, from)?)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
        }
    }
}

/// The message as sent. A calendar file goes the way mail clients recognise an invitation: the
/// text and the calendar (`text/calendar; method=…`) as alternatives, and the same file attached
/// as `application/ics`, so that only one part carries the method.
pub fn email(m: &outbox::OutboxMessage, from: &Mailbox) -> Result<Message, String> {
    let to: Mailbox = m
        .to_address
        .parse()
        .map_err(|e| format!("recipient: {e}"))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&m.subject);
    let Some(a) = &m.attachment else {
        return builder.body(m.body_text.clone()).map_err(|e| e.to_string());
    };
    let content_type =
        ContentType::parse(&a.content_type).map_err(|e| format!("attachment type: {e}"))?;
    let text = SinglePart::plain(m.body_text.clone());
    let body = if a.content_type.starts_with("text/calendar") {
        let file_type =
            ContentType::parse("application/ics").map_err(|e| format!("attachment type: {e}"))?;
        MultiPart::mixed()
            .multipart(
                MultiPart::alternative().singlepart(text).singlepart(
                    SinglePart::builder()
                        .header(content_type)
                        .body(a.body.clone()),
                ),
            )
            .singlepart(Attachment::new(a.name.clone()).body(a.body.clone(), file_type))
    } else {
        MultiPart::mixed()
            .singlepart(text)
            .singlepart(Attachment::new(a.name.clone()).body(a.body.clone(), content_type))
    };
    builder.multipart(body).map_err(|e| e.to_string())
}

/// Sends what the outbox holds; returns how many messages were sent.
pub async fn dispatch_outbox(state: &AppState, mailer: &Mailer) -> Result<usize, String> {
    let claimed = outbox::claim_pending(&state.db, state.clock.now(), 20)
        .await
        .map_err(|e| e.to_string())?;
    let mut sent = 0;
    for m in claimed {
        match mailer.send(&m).await {
            Ok(()) => {
                outbox::mark_sent(&state.db, m.id, state.clock.now())
                    .await
                    .map_err(|e| e.to_string())?;
                sent += 1;
            }
            Err(e) => {
                // SMTP replies often quote the recipient ("550 <x@y>: unknown user").
                let logged = e.replace(
                    &m.to_address,
                    &format!("…@{}", recipient_domain(&m.to_address)),
                );
                tracing::warn!(id = m.id, error = %logged, "email not sent, will retry");
                outbox::mark_failed(&state.db, m.id, &e)
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(sent)
}

/// What the log may say of a recipient: the domain of the address, never the local part.
pub fn recipient_domain(address: &str) -> &str {
    address
        .rsplit_once('@')
        .map_or("?", |(_, domain)| domain.trim_end_matches('>'))
}

pub async fn purge_sessions(state: &AppState) -> Result<u64, String> {
    let now = state.clock.now();
    let p = state.config.session;
    sessions::delete_expired_sessions(
        &state.db,
        now - Duration::seconds(p.idle_secs),
        now - Duration::seconds(p.absolute_secs),
    )
    .await
    .map_err(|e| e.to_string())
}

pub async fn run(state: AppState, smtp_url: Option<String>, stop: Arc<Notify>) {
    let mailer = match Mailer::from_url(smtp_url.as_deref(), &state.config.mail_from) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "worker not started");
            return;
        }
    };
    let mut ticks: u64 = 0;
    loop {
        if let Err(e) = dispatch_outbox(&state, &mailer).await {
            tracing::error!(error = %e, "outbox dispatch failed");
        }
        if ticks.is_multiple_of(12) {
            if let Err(e) = purge_sessions(&state).await {
                tracing::error!(error = %e, "session purge failed");
            }
            match app::ssr::collection::run(&state, state.clock.now()).await {
                Ok(r) if !r.files.is_empty() || r.debits > 0 || r.notified > 0 || r.lapsed > 0 => {
                    tracing::info!(files = ?r.files, debits = r.debits, notified = r.notified, lapsed = r.lapsed, "collection pass");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "collection failed"),
            }
            let (today, now) = (state.clock.today(), state.clock.now());
            if let Err(e) = app::ssr::yearly_call::run(&state, today, now).await {
                tracing::error!(error = %e, "yearly call failed");
            }
            match app::features::appointments::server::run_jobs(&state, state.clock.now()).await {
                Ok(r) if r.reminders > 0 || r.purged > 0 => tracing::info!(
                    reminders = r.reminders,
                    purged = r.purged,
                    "appointment jobs"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "appointment jobs failed"),
            }
        }
        ticks += 1;
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = stop.notified() => return,
        }
    }
}
