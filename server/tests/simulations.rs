//! The simulator as JSON, over HTTP, without signing in.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn post(app: &TestApp, body: &str) -> (StatusCode, Value) {
    let req = Request::post("/api/v1/simulations").header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_owned())).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn anyone_can_simulate_and_gets_every_line_in_whole_euros() {
    let app = TestApp::new().await;
    let (status, v) = post(&app, r#"{"year": 2026, "activity": "commerciale", "base_eur": 100000}"#).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let codes: Vec<&str> = v["lines"].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["maladie", "indemnites_journalieres", "allocations_familiales", "retraite_base", "retraite_complementaire", "invalidite_deces"]);
    let amounts: Vec<i64> = v["lines"].as_array().unwrap().iter().map(|l| l["amount_eur"].as_i64().unwrap()).collect();
    assert_eq!(amounts, [7760, 500, 3100, 8962, 8619, 625]);
    assert_eq!(v["total_contributions_eur"], 29566);
    assert_eq!((v["csg_crds_eur"].as_i64(), v["cfp_eur"].as_i64(), v["pass_eur"].as_i64()), (Some(9700), Some(120), Some(48060)));
    app.cleanup().await;
}

#[tokio::test]
async fn bad_input_gets_422_naming_the_field() {
    let app = TestApp::new().await;
    for (body, field) in [
        (r#"{"year": 2025, "activity": "commerciale", "base_eur": -1}"#, "base_eur"),
        (r#"{"year": 2025, "activity": "liberale", "base_eur": 1000}"#, "activity"),
        (r#"{"year": 2025}"#, "activity"),
        (r#"pas du json"#, "body"),
    ] {
        let (status, v) = post(&app, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(v["errors"][0]["field"], field, "{body}: {v}");
        assert!(!v["errors"][0]["message"].as_str().unwrap().is_empty());
    }
    app.cleanup().await;
}

#[tokio::test]
async fn the_openapi_document_describes_the_endpoint() {
    let app = TestApp::new().await;
    let (status, body, _) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["paths"]["/api/v1/simulations"]["post"]["responses"]["422"].is_object());
    let example = doc["paths"]["/api/v1/simulations"]["post"]["requestBody"]["content"]["application/json"]["example"].clone();
    assert_eq!(example, json!({"year": 2025, "activity": "commerciale", "base_eur": 40000}));
    app.cleanup().await;
}
