//! Request hygiene over the real router: which state-changing requests count as coming from
//! Passerelle's own pages, the nonce of the page scripts, HSTS.

mod common;

use app::ssr::{AppConfig, AppState};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{TestApp, PUBLIC_URL};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Asks who is signed in (a server function, so a POST) with the given headers; a refused
/// request gets 403, an accepted one the viewer as JSON.
async fn who_am_i(app: &TestApp, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let mut req = Request::post("/api/get_viewer")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    (
        status,
        String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned(),
    )
}

#[tokio::test]
async fn fetch_metadata_admits_only_same_origin_and_typed_requests() {
    let app = TestApp::new().await;
    assert_eq!(
        who_am_i(&app, &[("sec-fetch-site", "same-origin")]).await,
        (StatusCode::OK, "null".into())
    );
    assert_eq!(
        who_am_i(&app, &[("sec-fetch-site", "none")]).await.0,
        StatusCode::OK
    );
    // Another site of the same registrable domain, even claiming our Origin, is refused.
    assert_eq!(
        who_am_i(
            &app,
            &[("sec-fetch-site", "same-site"), ("origin", PUBLIC_URL)]
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        who_am_i(&app, &[("sec-fetch-site", "cross-site")]).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = who_am_i(
        &app,
        &[("sec-fetch-site", "cross-site"), ("origin", PUBLIC_URL)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("ne provient pas de Passerelle"), "{body}");
    app.cleanup().await;
}

#[tokio::test]
async fn without_fetch_metadata_the_origin_must_be_the_public_one() {
    let app = TestApp::new().await;
    assert_eq!(
        who_am_i(&app, &[("origin", PUBLIC_URL)]).await,
        (StatusCode::OK, "null".into())
    );
    assert_eq!(
        who_am_i(&app, &[("origin", "null")]).await.0,
        StatusCode::FORBIDDEN,
        "sandboxed frames and data: URLs send Origin: null"
    );
    for other in [
        "http://attaquant.example",
        "http://localhost:8080",
        "https://localhost",
        "http://localhost.attaquant.example",
    ] {
        assert_eq!(
            who_am_i(&app, &[("origin", other)]).await.0,
            StatusCode::FORBIDDEN,
            "{other}"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn without_origin_the_referer_must_be_a_page_of_ours() {
    let app = TestApp::new().await;
    assert_eq!(
        who_am_i(
            &app,
            &[("referer", "http://localhost/connexion?retour=%2F")]
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        who_am_i(&app, &[("referer", "http://attaquant.example/localhost")])
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    // Origin, when present, is what counts.
    assert_eq!(
        who_am_i(
            &app,
            &[
                ("origin", "http://attaquant.example"),
                ("referer", "http://localhost/connexion")
            ]
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_request_without_those_headers_passes_only_without_a_session_cookie() {
    let app = TestApp::new().await;
    assert_eq!(
        who_am_i(&app, &[]).await,
        (StatusCode::OK, "null".into()),
        "a script acts for nobody"
    );
    let cookie = app.sign_in("artisan@demo.passerelle.fr").await;
    assert_eq!(
        who_am_i(&app, &[("cookie", &cookie)]).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = who_am_i(&app, &[("cookie", &cookie), ("origin", PUBLIC_URL)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Camille"),
        "the session is the artisan's: {body}"
    );
    // Reading a page is never refused: links from other sites must work.
    let req = Request::get("/connexion")
        .header("sec-fetch-site", "cross-site")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.router.clone().oneshot(req).await.unwrap().status(),
        StatusCode::OK
    );
    app.cleanup().await;
}

/// The CSP nonce of a page, and the opening tag of every `<script>` in it.
async fn page_scripts(app: &TestApp, path: &str) -> (String, Vec<String>) {
    let req = Request::get(path)
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        !csp.contains("unsafe-inline") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in the CSP of {path}: {csp}"))
        .to_owned();
    let html =
        String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    let tags = html
        .match_indices("<script")
        .map(|(at, _)| {
            html[at..]
                .split_once('>')
                .map_or(&html[at..], |(tag, _)| tag)
                .to_owned()
        })
        .collect();
    (nonce, tags)
}

#[tokio::test]
async fn every_script_of_a_page_carries_the_nonce_of_its_response() {
    let app = TestApp::new().await;
    let mut nonces = Vec::new();
    for path in ["/", "/connexion", "/connexion"] {
        let (nonce, scripts) = page_scripts(&app, path).await;
        assert!(nonce.len() >= 16, "{nonce}");
        assert!(!scripts.is_empty(), "{path} has its hydration script");
        for tag in &scripts {
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: {tag} lacks nonce {nonce}"
            );
        }
        nonces.push(nonce);
    }
    assert!(
        nonces[0] != nonces[1] && nonces[1] != nonces[2],
        "one nonce per response: {nonces:?}"
    );
    // Other answers name no nonce: no inline script runs there.
    let res = app
        .router
        .clone()
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn hsts_only_when_the_public_url_is_https() {
    let app = TestApp::new().await;
    let get = |router: axum::Router| async move {
        router
            .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
            .await
            .unwrap()
    };
    assert!(
        get(app.router.clone())
            .await
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "plain HTTP in tests"
    );
    let https = AppState {
        config: AppConfig {
            public_url: "https://moncompte.passerelle.example".into(),
            secure_cookies: true,
            ..app.state.config.clone()
        },
        ..app.state.clone()
    };
    let res = get(server::startup::build_router(https)).await;
    assert_eq!(
        res.headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .unwrap(),
        "max-age=63072000; includeSubDomains"
    );
    app.cleanup().await;
}
