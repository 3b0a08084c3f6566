//! The contribution account over HTTP: the holder's own accounts only; an accountant's client
//! only with a received mandate; nobody else.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;
use serde_json::Value;

async fn account(app: &TestApp, cookie: &str, id: Option<i64>) -> (StatusCode, Value) {
    let form = id.map(|i| format!("account_id={i}")).unwrap_or_default();
    let (status, body, _) = app
        .call("/api/get_contribution_account", &form, Some(cookie))
        .await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_contributor_reads_their_schedule_payments_and_incomes() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("commercant@demo.passerelle.fr").await;
    let (status, a) = account(&app, &cookie, None).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["year"], 2026);
    let schedule = a["schedule"].as_array().unwrap();
    // Today is 1 May 2026: 5 February is a debt, 5 May, 5 August and 5 November are to pay
    // (the whole year was called in December).
    let statuses: Vec<&str> = schedule
        .iter()
        .map(|d| d["status_class"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["debt", "to-pay", "to-pay", "to-pay"]);
    let february = common::julie_2026(common::d(2026, 2, 5));
    assert_eq!(a["debt"], february.format_fr());
    // The February instalment carries the year's CFP, as its own line.
    assert!(
        schedule[0]["breakdown"]
            .as_str()
            .unwrap()
            .contains("formation professionnelle 120,00"),
        "{}",
        schedule[0]
    );
    let methods: Vec<&str> = a["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["method"].as_str().unwrap())
        .collect();
    assert!(
        methods.contains(&"Chèque") && methods.contains(&"Virement"),
        "{methods:?}"
    );
    // 2025's final income is not declared yet on 1 May 2026: 2026 and 2025 run on N-2.
    let incomes = a["incomes"].as_array().unwrap();
    assert_eq!(incomes[0]["year"], 2026);
    assert!(
        incomes[0]["basis"].as_str().unwrap().contains("provisoire"),
        "{}",
        incomes[0]
    );
    assert_eq!(incomes[0]["lines"].as_array().unwrap().len(), 6);
    // One set of numbers: what the year is called for is its contributions, its CSG-CRDS and
    // its CFP, the schedule's total for the year, and what the engine computes.
    let called = app::domain::calls::year_parts(
        2026,
        app::domain::contributions::Activity::Commerciale,
        app::domain::money::Cents(common::COMMERCANT_INCOME_2024),
    )
    .unwrap();
    assert_eq!(incomes[0]["called"], called.total().format_fr());
    assert_eq!(incomes[0]["scheduled"], incomes[0]["called"]);
    assert_eq!(a["schedule_total"], incomes[0]["called"]);
    assert_eq!(incomes[0]["csg_crds"], called.csg_crds.format_fr());
    assert_eq!(incomes[0]["cfp"], "120,00\u{a0}€");
    assert_eq!(incomes[0]["instalments"].as_array().unwrap().len(), 4);
    app.cleanup().await;
}

#[tokio::test]
async fn a_contributor_cannot_open_someone_elses_account() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let (_, own) = account(&app, &julie, None).await;
    let julies_id = own["account_id"].as_i64().unwrap();
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let (status, _) = account(&app, &camille, Some(julies_id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Camille may open her own old micro-entrepreneur account, listed as another account.
    let (_, mine) = account(&app, &camille, None).await;
    let other = mine["other_accounts"][0]["id"].as_i64().unwrap();
    assert_eq!(account(&app, &camille, Some(other)).await.0, StatusCode::OK);
    app.cleanup().await;
}

#[tokio::test]
async fn an_accountant_reads_a_clients_account_only_with_a_received_mandate() {
    let app = TestApp::new().await;
    let expert = app.sign_in("expert@demo.passerelle.fr").await;
    let (_, body, _) = app.call("/api/list_clients", "", Some(&expert)).await;
    let clients: Value = serde_json::from_str(&body).unwrap();
    for c in clients["clients"].as_array().unwrap() {
        let (status, a) = account(&app, &expert, c["account_id"].as_i64()).await;
        let expected = if c["mandate_received"].as_bool().unwrap() {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(status, expected, "{c} {a}");
    }
    assert_eq!(account(&app, &expert, None).await.0, StatusCode::NOT_FOUND);
    app.cleanup().await;
}

#[tokio::test]
async fn categories_without_contributions_are_refused() {
    let app = TestApp::new().await;
    for email in [
        "retraite@demo.passerelle.fr",
        "liberal@demo.passerelle.fr",
        "ayantdroit@demo.passerelle.fr",
        "agent@demo.passerelle.fr",
    ] {
        let cookie = app.sign_in(email).await;
        assert_eq!(
            account(&app, &cookie, None).await.0,
            StatusCode::FORBIDDEN,
            "{email}"
        );
    }
    app.cleanup().await;
}
