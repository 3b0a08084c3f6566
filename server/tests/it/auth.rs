//! Signing in and out over HTTP: sessions in the database, cookies, throttling, NIR sign-in,
//! account creation and password reset by emailed code.

use crate::common;

use app::persistence::repo::{audit, outbox};
use axum::http::StatusCode;
use common::{urlencode, TestApp, PASSWORD};

#[tokio::test]
async fn signing_in_sets_an_http_only_lax_cookie_and_signing_out_ends_the_session() {
    let app = TestApp::new().await;
    let res = app
        .call(
            "/api/sign_in",
            &format!("login=artisan%40demo.passerelle.fr&password={PASSWORD}"),
            None,
        )
        .await;
    assert!(res.0.is_success() || res.0.is_redirection(), "{res:?}");
    let cookie = res.2.expect("cookie");
    assert!(cookie.starts_with("passerelle_session="));

    let (status, body, _) = app.call("/api/get_viewer", "", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Camille Martin"), "{body}");

    let (status, _, _) = app.call("/api/sign_out", "", Some(&cookie)).await;
    assert!(status.is_success() || status.is_redirection());
    // The old cookie is worthless now, even replayed.
    let (_, body, _) = app.call("/api/get_viewer", "", Some(&cookie)).await;
    assert_eq!(body, "null");
    let (status, _, _) = app.call("/api/get_dashboard", "", Some(&cookie)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

#[tokio::test]
async fn the_session_cookie_attributes_are_strict() {
    let app = TestApp::new().await;
    let req = axum::http::Request::post("/api/sign_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(axum::body::Body::from(format!(
            "login=micro%40demo.passerelle.fr&password={PASSWORD}"
        )))
        .unwrap();
    use tower::ServiceExt;
    let res = app.router.clone().oneshot(req).await.unwrap();
    let set_cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Lax")
            && set_cookie.contains("Path=/"),
        "{set_cookie}"
    );
    assert!(
        !set_cookie.contains("Secure"),
        "plain HTTP in tests: {set_cookie}"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_id() {
    let app = TestApp::new().await;
    let a = app.sign_in("artisan@demo.passerelle.fr").await;
    let b = app.sign_in("artisan@demo.passerelle.fr").await;
    assert_ne!(a, b);
    app.cleanup().await;
}

#[tokio::test]
async fn insured_people_sign_in_with_their_nir_without_the_key() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("1 84 12 76 451 089").await;
    let (_, body, _) = app.call("/api/get_viewer", "", Some(&cookie)).await;
    assert!(body.contains("Camille Martin"), "{body}");
    app.cleanup().await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let app = TestApp::new().await;
    let (s1, b1, c1) = app
        .call(
            "/api/sign_in",
            "login=artisan%40demo.passerelle.fr&password=mauvais-mot-de-passe",
            None,
        )
        .await;
    let (s2, b2, c2) = app
        .call(
            "/api/sign_in",
            "login=personne%40demo.passerelle.fr&password=mauvais-mot-de-passe",
            None,
        )
        .await;
    assert_eq!(s1, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((s1, c1.is_some()), (s2, c2.is_some()));
    assert!(
        b1.contains("L'identifiant ou le mot de passe est incorrect."),
        "{b1}"
    );
    assert_eq!(b1.replace("artisan", "X"), b2.replace("personne", "X"));
    let events = audit::list_events_for_action(&app.state.db, "sign_in")
        .await
        .unwrap();
    assert_eq!(events.iter().filter(|(_, o)| o == "failure").count(), 2);
    app.cleanup().await;
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_even_with_the_right_password() {
    let app = TestApp::new().await;
    for _ in 0..app::domain::throttle::SIGN_IN_PER_ACCOUNT.max {
        let (status, _, _) = app
            .call(
                "/api/sign_in",
                "login=commercant%40demo.passerelle.fr&password=faux-mot-de-passe",
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (status, body, cookie) = app
        .call(
            "/api/sign_in",
            &format!("login=commercant%40demo.passerelle.fr&password={PASSWORD}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(cookie.is_none());
    // Another account is not affected.
    app.sign_in("micro@demo.passerelle.fr").await;
    app.cleanup().await;
}

/// The six digits of the latest code sent to `to`.
async fn last_code(app: &TestApp, to: &str) -> String {
    let mails = outbox::list_recent(&app.state.db, 10).await.unwrap();
    let mail = mails
        .into_iter()
        .find(|m| m.to_address == to)
        .expect("a code was sent");
    mail.body_text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("six digits")
        .to_owned()
}

fn ticket_from(location_body: &str) -> String {
    location_body
        .split("ticket=")
        .nth(1)
        .unwrap()
        .split(['"', '&', '\''])
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_person_on_record_creates_an_account_with_an_emailed_code() {
    let app = TestApp::new().await;
    // Marc Girard is on record (a commerçant) but has never signed in.
    let form = "nir=1+80+07+75+111+222+71&birth_date=02%2F07%2F1980&email=marc.girard%40exemple.fr";
    let ticket = ticket_from(&app.call_for_redirect("/api/start_signup", form).await);
    let code = last_code(&app, "marc.girard@exemple.fr").await;

    let weak = format!("ticket={ticket}&code={code}&password=court&confirm=court");
    let (status, body, _) = app.call("/api/finish_signup", &weak, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("12 caractères"), "{body}");

    let good = format!(
        "ticket={ticket}&code={code}&password={p}&confirm={p}",
        p = urlencode("une phrase de passe solide")
    );
    let (status, body, cookie) = app.call("/api/finish_signup", &good, None).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let (_, body, _) = app
        .call("/api/get_viewer", "", Some(&cookie.unwrap()))
        .await;
    assert!(body.contains("Marc Girard"), "{body}");

    // The code cannot serve twice.
    let (status, _, _) = app.call("/api/finish_signup", &good, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    app.cleanup().await;
}

#[tokio::test]
async fn account_creation_refuses_a_bad_nir_naming_the_field() {
    let app = TestApp::new().await;
    // A wrong key, and 15 bytes that are not 15 characters (a multibyte character used to
    // make the parser cut inside it and panic).
    for nir in ["295109912611199", "1841276451089é", "😀84127645108946"] {
        let (status, body, _) = app
            .call(
                "/api/start_signup",
                &format!(
                    "nir={}&birth_date=01%2F01%2F1995&email=a%40b.fr",
                    urlencode(nir)
                ),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{nir}");
        assert!(
            body.contains("Numéro de sécurité sociale") && body.contains("\"field\":\"nir\""),
            "{nir}: {body}"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn an_unknown_person_gets_the_same_answer_and_no_email() {
    let app = TestApp::new().await;
    let before = outbox::list_recent(&app.state.db, 100).await.unwrap().len();
    let (status, _, _) = app
        .call(
            "/api/start_signup",
            "nir=295109912611193&birth_date=01%2F10%2F1995&email=inconnu%40exemple.fr",
            None,
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert_eq!(
        outbox::list_recent(&app.state.db, 100).await.unwrap().len(),
        before
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_password_reset_changes_the_password_and_closes_every_session() {
    let app = TestApp::new().await;
    let old_session = app.sign_in("retraite@demo.passerelle.fr").await;
    let ticket = ticket_from(
        &app.call_for_redirect("/api/start_reset", "email=retraite%40demo.passerelle.fr")
            .await,
    );
    let code = last_code(&app, "retraite@demo.passerelle.fr").await;
    let p = urlencode("un tout nouveau mot de passe");
    let (status, body, _) = app
        .call(
            "/api/finish_reset",
            &format!("ticket={ticket}&code={code}&password={p}&confirm={p}"),
            None,
        )
        .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );

    let (status, _, _) = app.call("/api/get_dashboard", "", Some(&old_session)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "old sessions are closed");
    let (status, _, _) = app
        .call(
            "/api/sign_in",
            &format!("login=retraite%40demo.passerelle.fr&password={PASSWORD}"),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old password no longer works"
    );
    let (status, _, cookie) = app
        .call(
            "/api/sign_in",
            &format!("login=retraite%40demo.passerelle.fr&password={p}"),
            None,
        )
        .await;
    assert!(cookie.is_some(), "{status}");
    app.cleanup().await;
}

#[tokio::test]
async fn an_idle_session_expires_and_its_row_is_deleted() {
    let mut app = TestApp::new().await;
    app.state.config.session.idle_secs = 1;
    app.router = server::startup::build_router(app.state.clone());
    let cookie = app.sign_in("artisan@demo.passerelle.fr").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, _, set_cookie) = app.call("/api/get_dashboard", "", Some(&cookie)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        set_cookie.is_some_and(|c| c.ends_with('=')),
        "the cookie is cleared"
    );
    app.cleanup().await;
}
