//! Liveness, readiness and the headers every response carries.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn healthz_and_readyz_answer_once_migrated() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz", None).await.0, StatusCode::OK);
    let (status, body, _) = app.get("/readyz", None).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));
    app.cleanup().await;
}

#[tokio::test]
async fn pages_are_french_never_cached_and_not_framable() {
    let app = TestApp::new().await;
    let req = axum::http::Request::get("/connexion")
        .header("accept", "text/html")
        .body(axum::body::Body::empty())
        .unwrap();
    use tower::ServiceExt;
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
    assert!(h
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    // The server's time for the page, read by the benchmark: `app;dur=<milliseconds>`.
    let timing = h.get("server-timing").unwrap().to_str().unwrap();
    let ms: f64 = timing
        .strip_prefix("app;dur=")
        .unwrap_or_else(|| panic!("{timing}"))
        .parse()
        .unwrap();
    assert!(ms > 0.0 && ms < 60_000.0, "{timing}");
    let (_, body, _) = app.get("/connexion", None).await;
    assert!(
        body.contains("<html lang=\"fr\""),
        "{}",
        &body[..200.min(body.len())]
    );
    assert!(body.contains("<title>Connexion – Passerelle</title>"));
    app.cleanup().await;
}

#[tokio::test]
async fn the_dashboard_shows_the_next_due_date_and_the_debt_from_the_ledger() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("commercant@demo.passerelle.fr").await;
    let (status, body, _) = app.call("/api/get_dashboard", "", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let d: serde_json::Value = serde_json::from_str(&body).unwrap();
    let card = &d["accounts"][0];
    // Today is 1 May 2026 in these tests: the next quarterly due date is 5 May 2026; the
    // quarter of 5 February 2026 is more than 30 days late, hence a debt.
    assert_eq!(card["next_due_on"], "5 mai 2026");
    assert_eq!(
        card["debt"],
        common::julie_2026(common::d(2026, 2, 5)).format_fr(),
        "{card}"
    );
    assert_eq!(
        card["next_due_amount"],
        common::julie_2026(common::d(2026, 5, 5)).format_fr(),
        "{card}"
    );
    assert!(card["overdue"].is_null(), "{card}");
    app.cleanup().await;
}
