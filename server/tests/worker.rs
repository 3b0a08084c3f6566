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
