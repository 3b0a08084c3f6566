//! The demo mailbox: what the outbox holds, so that the demo and the browser tests can read
//! the codes that would go by email. Answers "not found" unless the demo mailbox is enabled,
//! which production refuses.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailView {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    /// The attached file's name and text (the .ics of an appointment), if any.
    pub attachment: Option<(String, String)>,
}

#[server(prefix = "/api", endpoint = "list_demo_mail")]
pub async fn list_demo_mail() -> Result<Vec<MailView>, AppError> {
    use crate::persistence::repo::outbox;
    use crate::ssr::ctx;
    let state = ctx()?;
    if !state.config.demo_mailbox {
        return Err(AppError::NotFound);
    }
    let rows = outbox::list_recent(&state.db, 50).await?;
    Ok(rows
        .into_iter()
        .map(|m| MailView {
            to: m.to_address,
            subject: m.subject,
            body: m.body_text,
            created_at: m.created_at.format("%d/%m/%Y %H:%M UTC").to_string(),
            attachment: m.attachment.map(|a| (a.name, a.body)),
        })
        .collect())
}
