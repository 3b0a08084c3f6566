//! The simulator as JSON, over HTTP, without signing in.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

async fn post(app: &TestApp, body: &str) -> (StatusCode, Value) {
    let req = Request::post("/api/v1/simulations")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn anyone_can_simulate_and_gets_every_line_in_whole_euros() {
    let app = TestApp::new().await;
    let (status, v) = post(
        &app,
        r#"{"year": 2026, "activity": "commerciale", "base_eur": 100000}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let codes: Vec<&str> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "maladie",
            "indemnites_journalieres",
            "allocations_familiales",
            "retraite_base",
            "retraite_complementaire",
            "invalidite_deces"
        ]
    );
    let amounts: Vec<i64> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount_eur"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [7760, 500, 3100, 8962, 8619, 625]);
    assert_eq!(v["total_contributions_eur"], 29566);
    assert_eq!(
        (
            v["csg_crds_eur"].as_i64(),
            v["cfp_eur"].as_i64(),
            v["pass_eur"].as_i64()
        ),
        (Some(9700), Some(120), Some(48060))
    );
    app.cleanup().await;
}

#[tokio::test]
async fn bad_input_gets_422_naming_the_field() {
    let app = TestApp::new().await;
    for (body, field) in [
        (
            r#"{"year": 2025, "activity": "commerciale", "base_eur": -1}"#,
            "base_eur",
        ),
        (
            r#"{"year": 2025, "activity": "liberale", "base_eur": 1000}"#,
            "activity",
        ),
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

async fn openapi(app: &TestApp) -> Value {
    let (status, body, _) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn the_openapi_document_describes_the_endpoint_and_each_example_is_accepted() {
    let app = TestApp::new().await;
    let doc = openapi(&app).await;
    assert_eq!(doc["openapi"], "3.0.3");
    let post_doc = &doc["paths"]["/api/v1/simulations"]["post"];
    assert_eq!(
        post_doc["responses"]["422"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Errors"
    );
    let kinds: Vec<&str> = doc["components"]["schemas"]["SimulationRequest"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["$ref"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    for kind in [
        "IncomeSimulation",
        "GrossIncomeSimulation",
        "MicroYearSimulation",
        "MicroQuarterSimulation",
        "MicroMonthSimulation",
    ] {
        assert_eq!(
            doc["components"]["schemas"][kind]["additionalProperties"], false,
            "{kind}"
        );
    }
    let examples = post_doc["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    assert_eq!(examples.len(), 5);
    for (name, example) in examples {
        let (status, v) = post(&app, &example["value"].to_string()).await;
        assert_eq!(status, StatusCode::OK, "example {name}: {v}");
    }
    app.cleanup().await;
}

/// The promise of the document both ways: what it allows the server accepts, what it refuses
/// the server refuses (the two cases schemathesis found, and a huge amount).
#[tokio::test]
async fn the_server_accepts_what_the_document_allows_and_nothing_else() {
    let app = TestApp::new().await;
    for (body, field) in [
        (
            r#"{"year": 2025, "activity": "commerciale", "base_eur": 40000, "turnover_eur": null}"#,
            "turnover_eur",
        ),
        (r#"{"activity": "liberale", "year": 2024}"#, "activity"),
        (
            r#"{"year": 2025, "activity": "commerciale", "base_eur": 1e28}"#,
            "base_eur",
        ),
        (
            r#"{"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 100000000.5}"#,
            "turnover_eur",
        ),
        (
            r#"{"year": 2025, "activity": "commerciale", "base_eur": 1, "en_trop": 1}"#,
            "en_trop",
        ),
    ] {
        let (status, v) = post(&app, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(v["errors"][0]["field"], field, "{body}: {v}");
        assert!(
            v["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{field} : ")),
            "{v}"
        );
    }
    let doc = openapi(&app).await;
    assert_eq!(
        doc["components"]["schemas"]["Amount"]["maximum"],
        app::domain::contributions::MAX_AMOUNT_EUR
    );
    let (status, v) = post(
        &app,
        r#"{"year": 2025, "activity": "commerciale", "base_eur": 100000000}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    app.cleanup().await;
}

/// The simulator page's server function refuses a huge income naming the field, before the
/// engine multiplies it (10^28 € used to overflow a decimal product and panic).
#[tokio::test]
async fn the_page_refuses_a_huge_income_naming_the_field() {
    let app = TestApp::new().await;
    for revenu in ["10000000000000000000000000000", "1e28", "100 000 000,01"] {
        let r = app
            .post(
                "/api/run_simulation",
                &format!(
                    "annee=2025&activite=commerciale&revenu={}",
                    common::urlencode(revenu)
                ),
                None,
            )
            .await;
        assert!(
            r.error_on("revenu").contains("100 000 000 €"),
            "{revenu}: {}",
            r.body
        );
    }
    let r = app
        .post(
            "/api/run_simulation",
            "annee=2025&activite=commerciale&revenu=100000000",
            None,
        )
        .await;
    assert!(r.json()["total"].is_string(), "{}", r.body);
    app.cleanup().await;
}

/// Every route the server registers under `/api/v1` is in the document, with its method, and
/// every path of the document is registered; no `/api/v1` path is written elsewhere in the
/// server's code, so a route cannot be added beside the list.
#[tokio::test]
async fn every_api_v1_route_is_in_the_document() {
    let app = TestApp::new().await;
    let doc = openapi(&app).await;
    let registered = server::routes::api_v1();
    for (path, method, _) in &registered {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is missing from openapi.json"
        );
    }
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            assert!(
                registered
                    .iter()
                    .any(|(p, m, _)| *p == path.as_str() && *m == method.as_str()),
                "openapi.json describes {method} {path}, which is not registered"
            );
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let code = std::fs::read_to_string(&path).unwrap();
                for (at, _) in code.match_indices("\"/api/v1") {
                    let literal = code[at + 1..].split('"').next().unwrap_or_default();
                    assert!(
                        doc["paths"][literal].is_object(),
                        "{} registers {literal}, which is missing from openapi.json",
                        path.display()
                    );
                }
            }
        }
    }
    app.cleanup().await;
}
