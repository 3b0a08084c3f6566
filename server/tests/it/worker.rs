//! The background worker: emails leave the outbox once, whichever process sends them.

use crate::common;

use app::persistence::repo::outbox;
use common::TestApp;
use server::worker::{dispatch_outbox, Mailer};

#[tokio::test]
async fn the_outbox_is_dispatched_once_by_two_workers() {
    let app = TestApp::new().await;
    let now = app.state.clock.now();
    for i in 0..12 {
        outbox::insert_message(
            &app.state.db,
            &format!("p{i}@exemple.fr"),
            "Objet",
            "Corps",
            now,
        )
        .await
        .unwrap();
    }
    let (m1, m2) = (Mailer::Log, Mailer::Log);
    let (a, b) = tokio::join!(
        dispatch_outbox(&app.state, &m1),
        dispatch_outbox(&app.state, &m2)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 12);
    assert_eq!(
        dispatch_outbox(&app.state, &m1).await.unwrap(),
        0,
        "nothing left to send"
    );
    assert!(outbox::list_recent(&app.state.db, 20)
        .await
        .unwrap()
        .iter()
        .all(|m| m.sent_at.is_some()));
    app.cleanup().await;
}

#[tokio::test]
async fn a_bad_smtp_url_is_refused_at_start_up() {
    assert!(Mailer::from_url(Some("pas une url"), "ne-pas-repondre@caisse.example.fr").is_err());
    assert!(Mailer::from_url(
        Some("smtp://relais.exemple.fr:25"),
        "ne-pas-repondre@caisse.example.fr"
    )
    .is_ok());
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
    app::ssr::mail::send_reset_code(
        &app.state.db,
        "camille.martin@artisans.exemple.fr",
        "493027",
        now,
    )
    .await
    .unwrap();
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    // The test runtime runs on this one thread, so every event of the dispatch reaches it.
    let sent = {
        let _guard = tracing::subscriber::set_default(subscriber);
        dispatch_outbox(&app.state, &Mailer::Log).await.unwrap()
    };
    assert_eq!(sent, 1);
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("Réinitialisation de votre mot de passe")
            && logs.contains("artisans.exemple.fr"),
        "subject and domain are logged: {logs}"
    );
    assert!(!logs.contains("493027"), "the code leaked: {logs}");
    assert!(
        !logs.contains("camille.martin"),
        "the address leaked: {logs}"
    );
    assert!(
        !logs.contains("valable 30 minutes"),
        "the body leaked: {logs}"
    );
    let kept = outbox::list_recent(&app.state.db, 20).await.unwrap();
    assert!(
        kept.iter().any(|m| m.body_text.contains("493027")),
        "the demo mailbox still shows the email"
    );
    app.cleanup().await;
}

#[test]
fn a_calendar_file_is_sent_as_an_invitation_and_as_an_attachment() {
    let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
    let m = outbox::OutboxMessage {
        id: 1,
        to_address: "helene@example.fr".into(),
        subject: "Votre rendez-vous est confirmé".into(),
        body_text: "Bonjour".into(),
        created_at: chrono::Utc::now(),
        sent_at: None,
        attachment: Some(outbox::Attachment {
            name: "rendez-vous.ics".into(),
            content_type: "text/calendar; charset=utf-8; method=REQUEST".into(),
            body: ics.into(),
        }),
    };
    let from = server::worker::sender("ne-pas-repondre@caisse.example.fr").unwrap();
    let raw = String::from_utf8(server::worker::email(&m, &from).unwrap().formatted()).unwrap();
    let at = |needle: &str| {
        raw.find(needle)
            .unwrap_or_else(|| panic!("{needle} in\n{raw}"))
    };
    assert!(
        raw.contains("From: Passerelle <ne-pas-repondre@caisse.example.fr>"),
        "the configured sender: {raw}"
    );
    // mixed( alternative( text, calendar with its method ), the file attached )
    let (mixed, alternative, text) = (
        at("Content-Type: multipart/mixed"),
        at("Content-Type: multipart/alternative"),
        at("Content-Type: text/plain"),
    );
    let inline = at("Content-Type: text/calendar; charset=utf-8; method=REQUEST");
    let attached = at("Content-Disposition: attachment; filename=\"rendez-vous.ics\"");
    assert!(
        mixed < alternative && alternative < text && text < inline && inline < attached,
        "{raw}"
    );
    let headers = &raw[attached..attached + raw[attached..].find("\r\n\r\n").unwrap()];
    assert!(headers.contains("Content-Type: application/ics"), "{raw}");
    assert_eq!(
        raw.matches("Content-Disposition").count(),
        1,
        "the invitation part is not an attachment: {raw}"
    );
    assert_eq!(
        raw.matches("METHOD:REQUEST").count(),
        2,
        "the file in both parts: {raw}"
    );
    assert_eq!(
        raw.matches("method=").count(),
        1,
        "only the inline part carries the method: {raw}"
    );

    let plain = outbox::OutboxMessage {
        attachment: None,
        ..m
    };
    let raw = String::from_utf8(server::worker::email(&plain, &from).unwrap().formatted()).unwrap();
    assert!(
        !raw.contains("multipart") && raw.contains("Bonjour"),
        "{raw}"
    );
}

#[tokio::test]
async fn next_year_is_called_in_december_once_whatever_the_number_of_workers() {
    use app::domain::{calls, contributions::Activity, money::Cents, schedule};
    use app::persistence::repo::ledger;
    use chrono::Datelike;
    let app = TestApp::new().await;
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let (_, body, _) = app
        .call("/api/get_contribution_account", "", Some(&camille))
        .await;
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["account_id"]
        .as_i64()
        .unwrap();
    // 2027 is computed on 2025's final income (N−2), declared in spring.
    let (_, _, location) = app
        .call_located(
            "/api/declare_income",
            &format!("compte={id}&declaration=final%3A2025&montant=47000"),
            &camille,
        )
        .await;
    assert!(location.is_some());
    let called_2027 = || async {
        ledger::list_due_rows(&app.state.db, id)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.period_start.year() == 2027)
            .collect::<Vec<_>>()
    };
    let now = app.state.clock.now();
    // Not before December.
    app::ssr::yearly_call::run(&app.state, common::d(2026, 11, 30), now)
        .await
        .unwrap();
    assert!(called_2027().await.is_empty());
    // Two workers on 1 December, then another pass the day after: called once.
    let (x, y) = tokio::join!(
        app::ssr::yearly_call::run(&app.state, common::d(2026, 12, 1), now),
        app::ssr::yearly_call::run(&app.state, common::d(2026, 12, 1), now)
    );
    x.unwrap();
    y.unwrap();
    app::ssr::yearly_call::run(&app.state, common::d(2026, 12, 2), now)
        .await
        .unwrap();
    let rows = called_2027().await;
    let expected = calls::year_parts(2027, Activity::Artisanale, Cents(47_000_00)).unwrap();
    let split = calls::split(
        expected,
        &schedule::due_dates_of_year(schedule::Periodicity::Monthly, 2027),
    );
    assert_eq!(
        rows.iter()
            .map(|r| (r.line.due_on, r.parts))
            .collect::<Vec<_>>(),
        split,
        "twelve instalments, the CFP with February"
    );
    assert_eq!(rows.iter().map(|r| r.parts).sum::<calls::Parts>(), expected);
    assert!(rows.iter().all(|r| r.line.due_on.year() == 2027));
    app.cleanup().await;
}
