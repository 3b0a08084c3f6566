//! The one status table (`AppError::status()`), over HTTP: each variant's status as a program
//! calling a server function or a plain route receives it, including the refusals that used to
//! answer 500 (the dashboard, the personal data, the accountant's clients and client, the
//! agency), and a plain HTML form post that keeps its redirect back to the form.

use crate::common;

use axum::http::{header, StatusCode};
use common::{TestApp, PUBLIC_URL};
use sea_orm::ConnectionTrait;

const ACCOUNTANT: &str = "expert@demo.passerelle.fr";
const AGENT: &str = "agent@demo.passerelle.fr";
const ARTISAN: &str = "artisan@demo.passerelle.fr";

#[tokio::test]
async fn every_error_answers_with_the_status_of_the_table() {
    let app = TestApp::new().await;
    let call = |endpoint: &'static str, form: &'static str, cookie: Option<String>| {
        let app = &app;
        async move { app.call(endpoint, form, cookie.as_deref()).await }
    };
    let expect = |what: &str, got: (StatusCode, String, Option<String>), want: StatusCode| {
        assert_eq!(got.0, want, "{what}: {}", got.1);
        assert_eq!(
            StatusCode::from_u16(
                serde_json::from_str::<app::error::AppError>(&got.1)
                    .unwrap_or_else(|e| panic!("{what}: {e} {}", got.1))
                    .status()
            )
            .unwrap(),
            want,
            "{what}: the body is the variant of that status"
        );
    };

    // Unauthenticated: 401, on each of the five paths.
    for endpoint in [
        "/api/get_dashboard",
        "/api/get_personal_data",
        "/api/list_clients",
        "/api/get_agency_overview",
    ] {
        expect(
            endpoint,
            call(endpoint, "", None).await,
            StatusCode::UNAUTHORIZED,
        );
    }
    expect(
        "get_client",
        call("/api/get_client", "account_id=1", None).await,
        StatusCode::UNAUTHORIZED,
    );

    // Forbidden: 403, by role, and by the checks after the role (an accountant or an agent
    // whose organisation is unknown, a client without a received mandate).
    let artisan = app.sign_in(ARTISAN).await;
    let accountant = app.sign_in(ACCOUNTANT).await;
    let agent = app.sign_in(AGENT).await;
    for (endpoint, form, who) in [
        ("/api/get_dashboard", "", &accountant),
        ("/api/get_personal_data", "", &agent),
        ("/api/list_clients", "", &artisan),
        ("/api/get_client", "account_id=1", &artisan),
        ("/api/get_agency_overview", "", &artisan),
    ] {
        expect(
            endpoint,
            call(endpoint, form, Some(who.clone())).await,
            StatusCode::FORBIDDEN,
        );
    }
    let mandate_less: i64 = app
        .state
        .db
        .query_one(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            "select id from contributor_account where id not in \
             (select contributor_account_id from accountant_mandate where status = 'received') \
             order by id limit 1",
        ))
        .await
        .unwrap()
        .expect("an account without a received mandate")
        .try_get("", "id")
        .unwrap();
    let form: &'static str = Box::leak(format!("account_id={mandate_less}").into_boxed_str());
    expect(
        "get_client without a mandate",
        call("/api/get_client", form, Some(accountant.clone())).await,
        StatusCode::FORBIDDEN,
    );
    app.state
        .db
        .execute_unprepared(&format!(
            "update identity set organisation_id = null where email in ('{ACCOUNTANT}', '{AGENT}')"
        ))
        .await
        .unwrap();
    for (endpoint, form, who) in [
        ("/api/list_clients", "", &accountant),
        ("/api/get_client", "account_id=1", &accountant),
        ("/api/get_agency_overview", "", &agent),
    ] {
        expect(
            &format!("{endpoint} without an organisation"),
            call(endpoint, form, Some(who.clone())).await,
            StatusCode::FORBIDDEN,
        );
    }

    // NotFound: 404.
    expect(
        "an unknown appointment",
        call("/api/get_appointment", "reference=RDV-2026-ZZZZ99", None).await,
        StatusCode::NOT_FOUND,
    );

    // Invalid: 422, with the fields.
    let r = app.post("/api/sign_in", "login=&password=", None).await;
    assert!(!r.error_on("login").is_empty());

    // BadRequest: 400 (arguments that do not decode).
    expect(
        "get_client without its argument",
        call("/api/get_client", "", Some(artisan.clone())).await,
        StatusCode::BAD_REQUEST,
    );
    expect(
        "get_client with a word for an id",
        call("/api/get_client", "account_id=un", Some(artisan.clone())).await,
        StatusCode::BAD_REQUEST,
    );

    // Throttled: 429 with Retry-After in seconds.
    for _ in 0..app::domain::throttle::SIGN_IN_PER_ACCOUNT.max {
        app.post(
            "/api/sign_in",
            "login=micro%40demo.passerelle.fr&password=faux-mot-de-passe",
            None,
        )
        .await;
    }
    let req = axum::http::Request::post("/api/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(axum::body::Body::from(
            "login=micro%40demo.passerelle.fr&password=faux-mot-de-passe",
        ))
        .unwrap();
    use tower::ServiceExt;
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry % 60 == 0, "{retry}");

    // A plain HTML form post keeps its redirect back to the form, whatever the error.
    let r = app
        .send(
            axum::http::Request::post("/api/get_dashboard")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html,application/xhtml+xml")
                .header(header::REFERER, format!("{PUBLIC_URL}/mon-compte"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    assert!(
        r.location
            .as_deref()
            .is_some_and(|l| l.contains("/mon-compte")),
        "{:?}",
        r.location
    );

    // Plain routes answer from the same table.
    let (status, _, _) = app.get("/tresorerie/fichiers/1", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = app.get("/tresorerie/fichiers/1", Some(&agent)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let treasury = app.sign_in("tresorerie@demo.passerelle.fr").await;
    let (status, _, _) = app
        .get("/tresorerie/fichiers/999999", Some(&treasury))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Internal: 500, with an incident reference and nothing technical.
    app.state
        .db
        .execute_unprepared("drop table outbox_email")
        .await
        .unwrap();
    let (status, body, _) = call("/api/list_demo_mail", "", None).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    match serde_json::from_str::<app::error::AppError>(&body).unwrap() {
        app::error::AppError::Internal(reference) => {
            assert!(
                !reference.is_empty() && !reference.contains("outbox"),
                "{reference}"
            )
        }
        other => panic!("{other:?}"),
    }

    app.cleanup().await;
}
