//! The background worker: emails leave the outbox once, whichever process sends them.

mod common;

use app::persistence::repo::outbox;
use common::TestApp;
use server::worker::{dispatch_outbox, Mailer};

#[tokio::test]
async fn the_outbox_is_dispatched_once_by_two_workers() {
    let app = TestApp::new().await;
    let now = app.state.clock.now();
    for i in 0..12 {
        outbox::insert_message(&app.state.db, &format!("p{i}@exemple.fr"), "Objet", "Corps", now).await.unwrap();
    }
    let (m1, m2) = (Mailer::Log, Mailer::Log);
    let (a, b) = tokio::join!(dispatch_outbox(&app.state, &m1), dispatch_outbox(&app.state, &m2));
    assert_eq!(a.unwrap() + b.unwrap(), 12);
    assert_eq!(dispatch_outbox(&app.state, &m1).await.unwrap(), 0, "nothing left to send");
    assert!(outbox::list_recent(&app.state.db, 20).await.unwrap().iter().all(|m| m.sent_at.is_some()));
    app.cleanup().await;
}

#[tokio::test]
async fn a_bad_smtp_url_is_refused_at_start_up() {
    assert!(Mailer::from_url(Some("pas une url")).is_err());
    assert!(Mailer::from_url(Some("smtp://relais.exemple.fr:25")).is_ok());
}

/// Collects what a `tracing` subscriber writes, for the test below.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn without_smtp_the_log_holds_neither_the_code_nor_the_address() {
    let app = TestApp::new().await;
    let now = app.state.clock.now();
    app::ssr::mail::send_reset_code(&app.state.db, "camille.martin@artisans.exemple.fr", "493027", now).await.unwrap();
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_max_level(tracing::Level::TRACE).with_ansi(false).finish();
    // The test runtime runs on this one thread, so every event of the dispatch reaches it.
    let sent = {
        let _guard = tracing::subscriber::set_default(subscriber);
        dispatch_outbox(&app.state, &Mailer::Log).await.unwrap()
    };
    assert_eq!(sent, 1);
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("Réinitialisation de votre mot de passe") && logs.contains("artisans.exemple.fr"), "subject and domain are logged: {logs}");
    assert!(!logs.contains("493027"), "the code leaked: {logs}");
    assert!(!logs.contains("camille.martin"), "the address leaked: {logs}");
    assert!(!logs.contains("valable 30 minutes"), "the body leaked: {logs}");
    let kept = outbox::list_recent(&app.state.db, 20).await.unwrap();
    assert!(kept.iter().any(|m| m.body_text.contains("493027")), "the demo mailbox still shows the email");
    app.cleanup().await;
}
