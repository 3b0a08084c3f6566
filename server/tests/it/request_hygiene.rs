//! Request hygiene over the real router: which state-changing requests count as coming from
//! Passerelle's own pages, the nonce of the page scripts, HSTS.

use crate::common;

use app::ssr::{AppConfig, AppState};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{TestApp, PUBLIC_URL};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Asks who is signed in (a server function, so a POST) with the given headers; a refused
/// request gets 403, an accepted one the viewer as JSON.
async fn who_am_i(app: &TestApp, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let r = app.post_with("/api/get_viewer", "", headers).await;
    (r.status, r.body)
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
    let expected = if path == "/page-inexistante" {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    assert_eq!(res.status(), expected, "{path}");
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
    // The 404 page is rendered by the fallback handler: its scripts need the nonce too.
    for path in ["/", "/connexion", "/connexion", "/page-inexistante"] {
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
        nonces[0] != nonces[1] && nonces[1] != nonces[2] && nonces[2] != nonces[3],
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

/// A form posted without JavaScript, as a browser sends it from `page`.
fn browser_form(endpoint: &str, page: &str, form: &str) -> Request<Body> {
    Request::post(endpoint)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::ORIGIN, PUBLIC_URL)
        .header(header::REFERER, format!("{PUBLIC_URL}{page}"))
        .body(Body::from(form.to_owned()))
        .unwrap()
}

/// What the database keeps of each failed submission, decoded.
async fn kept_errors(app: &TestApp) -> Vec<String> {
    use app::persistence::entities::failed_submission;
    use base64::Engine;
    use sea_orm::EntityTrait;
    failed_submission::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            let encoded = row.error.replace("%3D", "=");
            let bytes = base64::engine::general_purpose::URL_SAFE
                .decode(encoded)
                .unwrap();
            String::from_utf8(bytes).unwrap()
        })
        .collect()
}

#[tokio::test]
async fn a_failed_form_comes_back_with_its_errors_but_the_url_holds_none_of_its_values() {
    let app = TestApp::new().await;
    let page = "/connexion?retour=%2Fmon-compte%2Fcotisations";
    let res = app
        .router
        .clone()
        .oneshot(browser_form(
            "/api/sign_in",
            page,
            "login=quelqu.un%40exemple.fr&password=pas-le-bon-123",
        ))
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("{PUBLIC_URL}{page}"),
        "the redirect carries no error and no value"
    );
    let set_cookie: Vec<String> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let cookie = set_cookie
        .iter()
        .find(|c| c.starts_with("passerelle_formulaire="))
        .unwrap_or_else(|| panic!("no failed-form cookie: {set_cookie:?}"));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=600"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let kept = kept_errors(&app).await;
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0].contains("quelqu.un@exemple.fr") && !kept[0].contains("pas-le-bon"),
        "{}",
        kept[0]
    );

    // Another process (its own router on the same database) serves the reload: the error and
    // the identifier come back, once.
    let other = server::startup::build_router(app.state.clone());
    let reload = |cookie: String| {
        let other = other.clone();
        async move {
            let req = Request::get(page)
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap();
            let res = other.oneshot(req).await.unwrap();
            let cleared = res
                .headers()
                .get_all(header::SET_COOKIE)
                .iter()
                .any(|v| v.to_str().unwrap().starts_with("passerelle_formulaire=;"));
            let html =
                String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
                    .into_owned();
            (html, cleared)
        }
    };
    let (html, cleared) = reload(cookie.clone()).await;
    assert!(
        html.contains("ou le mot de passe est incorrect") && html.contains("quelqu.un@exemple.fr"),
        "{html}"
    );
    assert!(cleared, "the cookie is cleared once read");
    assert!(
        kept_errors(&app).await.is_empty(),
        "read once, the row is gone"
    );
    let (html, _) = reload(cookie).await;
    assert!(
        !html.contains("ou le mot de passe est incorrect"),
        "a second reload shows no error"
    );

    // A NIR typed as identifier is not shown again, so it is not kept either.
    let res = app
        .router
        .clone()
        .oneshot(browser_form(
            "/api/sign_in",
            "/connexion",
            "login=1+80+05+75+012+345&password=pas-le-bon-123",
        ))
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let kept = kept_errors(&app).await;
    assert_eq!(kept.len(), 1);
    assert!(
        !kept[0].contains("012") && !kept[0].contains("pas-le-bon"),
        "{}",
        kept[0]
    );
    app.cleanup().await;
}

/// What a decoder or a framework says, which no person should read.
const TECHNICAL: [&str; 9] = [
    "serializ",
    "Serializ",
    "missing field",
    "invalid digit",
    "Custom(",
    "invalid type",
    "unknown variant",
    "server function",
    "Args(",
];

fn assert_plain(what: &str, text: &str) {
    for t in TECHNICAL {
        assert!(
            !text.contains(t),
            "{what} shows technical text {t:?}: {text}"
        );
    }
}

#[tokio::test]
async fn every_server_function_answers_an_empty_or_malformed_form_without_technical_text() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("artisan@demo.passerelle.fr").await;
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_owned())
        .filter(|p| p != "/api/sign_out")
        .collect();
    let malformed = "compte=abc&echeance=1.5&account_id=x&jour=999&mandat=-&fermeture=%FF&service=Nope&motif=abc&agence=z";
    for path in &paths {
        for body in ["", malformed] {
            let r = app.post(path, body, Some(&cookie)).await;
            assert!(
                !r.status.is_server_error(),
                "{path} with {body:?}: {} {}",
                r.status,
                r.body
            );
            assert_plain(&format!("{path} with {body:?}"), &r.body);
        }
    }
    // A value of the wrong kind is a 400 for a program, in French.
    let r = app
        .post(
            "/api/telepay_amount",
            "compte=abc&echeance=1&montant=1",
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.body, "\"BadRequest\"");
    app.cleanup().await;
}

#[tokio::test]
async fn a_declaration_sent_without_its_type_is_a_message_on_that_field_with_or_without_javascript()
{
    let app = TestApp::new().await;
    let cookie = app.sign_in("artisan@demo.passerelle.fr").await;
    let (_, body, _) = app
        .call("/api/get_contribution_account", "", Some(&cookie))
        .await;
    let compte = serde_json::from_str::<serde_json::Value>(&body).unwrap()["account_id"]
        .as_i64()
        .unwrap();
    // As the hydrated page sends it: the radio group left unchecked is absent from the form.
    for endpoint in ["/api/declare_income", "/api/review_declaration"] {
        let r = app
            .post(
                endpoint,
                &format!("compte={compte}&montant=38000"),
                Some(&cookie),
            )
            .await;
        assert!(
            r.error_on("declaration")
                .starts_with("Type de déclaration : choisissez"),
            "{endpoint}: {}",
            r.body
        );
    }
    let r = app
        .post(
            "/api/review_declaration",
            &format!("compte={compte}&montant=38000"),
            Some(&cookie),
        )
        .await;
    assert!(
        r.error_on("declaration")
            .starts_with("Type de déclaration : choisissez"),
        "{}",
        r.body
    );
    // Without JavaScript: the page comes back with the message and the amount typed.
    let page = "/mon-compte/cotisations/declarer";
    let mut req = browser_form(
        "/api/review_declaration",
        page,
        &format!("compte={compte}&montant=38000"),
    );
    req.headers_mut()
        .insert(header::COOKIE, cookie.parse().unwrap());
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let kept = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("passerelle_formulaire="))
        .expect("failed-form cookie");
    let (status, html, _) = app.get(page, Some(&format!("{cookie}; {kept}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Type de déclaration : choisissez ce que vous déclarez."),
        "{html}"
    );
    assert!(html.contains("value=\"38000\""), "the amount typed is kept");
    assert_plain(page, &html);
    app.cleanup().await;
}
