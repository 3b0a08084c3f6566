//! Test harness: the real router over a fresh database seeded with the demo, driven in-process.

#![allow(dead_code)]

use app::persistence::testing::TestDb;
use app::ssr::{passwords::Hasher, AppConfig, AppState, Clock};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const PASSWORD: &str = "Passerelle-demo-2026";

/// The public URL of the test server; a browser sends it as `Origin` with its cookies.
pub const PUBLIC_URL: &str = "http://localhost";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: TestDb,
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
}

/// One shared Argon2 hash of the demo password (hashing is slow on purpose).
fn demo_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| app::ssr::passwords::hash_blocking(PASSWORD).unwrap())
        .clone()
}

impl TestApp {
    pub async fn new() -> TestApp {
        let db = TestDb::new().await.expect("test database");
        let clock = Clock::fixed_today(today());
        app::persistence::seed::seed_demo(&db.db, &demo_hash(), clock.today(), clock.now())
            .await
            .expect("demo data");
        let state = AppState {
            db: db.db.clone(),
            clock,
            config: AppConfig {
                session: Default::default(),
                secure_cookies: false,
                demo_mailbox: true,
                public_url: PUBLIC_URL.into(),
                creditor: Default::default(),
                link_key: "test-link-key-test-link-key-test-link-key".into(),
                mail_from: app::ssr::mail::NO_REPLY.into(),
            },
            hasher: Hasher::new(4),
            leptos_options: leptos::config::LeptosOptions::builder()
                .output_name("passerelle")
                .build(),
        };
        let router = server::startup::build_router(state.clone());
        TestApp { router, state, db }
    }

    pub async fn cleanup(self) {
        self.db.cleanup().await;
    }

    /// Sends one request to the router and reads the whole answer.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let cookies = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|s| s.split(';').next().unwrap_or_default().to_owned())
            .collect();
        let body = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
            .into_owned();
        Reply {
            status,
            body,
            location,
            cookies,
        }
    }

    /// Calls a server function as a program would (a form, JSON accepted), with these headers.
    pub async fn post_with(&self, endpoint: &str, form: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::post(endpoint)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        self.send(req.body(Body::from(form.to_owned())).unwrap())
            .await
    }

    /// Calls a server function as a program would; returns the status, the body, where it
    /// redirects, and every cookie it sets (`name=value`). A cookie is sent, as a browser
    /// does, with its `Origin`.
    pub async fn post(&self, endpoint: &str, form: &str, cookie: Option<&str>) -> Reply {
        match cookie.filter(|c| !c.is_empty()) {
            Some(c) => {
                self.post_with(endpoint, form, &[("cookie", c), ("origin", PUBLIC_URL)])
                    .await
            }
            None => self.post_with(endpoint, form, &[]).await,
        }
    }

    /// `post`, as (status, body, first cookie set).
    pub async fn call(
        &self,
        endpoint: &str,
        form: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, String, Option<String>) {
        let r = self.post(endpoint, form, cookie).await;
        (r.status, r.body, r.cookies.into_iter().next())
    }

    /// Calls a server function that answers with a redirect, and returns where it points.
    pub async fn call_for_redirect(&self, endpoint: &str, form: &str) -> String {
        let r = self.post(endpoint, form, None).await;
        r.location
            .unwrap_or_else(|| panic!("{endpoint} did not redirect: {}", r.status))
    }

    /// `post` with a cookie, as (status, body, where it redirects).
    pub async fn call_located(
        &self,
        endpoint: &str,
        form: &str,
        cookie: &str,
    ) -> (StatusCode, String, Option<String>) {
        let r = self.post(endpoint, form, Some(cookie)).await;
        (r.status, r.body, r.location)
    }

    /// Fetches a page as a browser would.
    pub async fn get(
        &self,
        path: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, String, Option<String>) {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let r = self.send(req.body(Body::empty()).unwrap()).await;
        (r.status, r.body, r.location)
    }

    /// Signs in and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, login: &str) -> String {
        let form = format!("login={}&password={PASSWORD}", urlencode(login));
        let (status, body, cookie) = self.call("/api/sign_in", &form, None).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "sign-in of {login} failed: {status} {body}"
        );
        cookie.unwrap_or_else(|| panic!("no session cookie for {login}"))
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub location: Option<String>,
    pub cookies: Vec<String>,
}

impl Reply {
    /// The JSON answer of a successful call.
    pub fn json(&self) -> serde_json::Value {
        assert!(self.status.is_success(), "{} {}", self.status, self.body);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// Where a successful form submission sends the person.
    pub fn to(&self) -> String {
        assert!(
            self.status.is_redirection() || self.status.is_success(),
            "{} {}",
            self.status,
            self.body
        );
        self.location
            .clone()
            .unwrap_or_else(|| panic!("no redirect: {} {}", self.status, self.body))
    }

    /// The message of the error on `field` (a 422 answer).
    pub fn error_on(&self, field: &str) -> String {
        assert_eq!(
            self.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            self.body
        );
        let v: serde_json::Value = serde_json::from_str(&self.body).unwrap();
        let errors = v["Invalid"]["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{v}"));
        errors
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("no error on {field}: {v}"))["message"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The demo's incomes, as the seed declares them (what the engine computes amounts due on).
pub const ARTISAN_INCOME_2024: i64 = 43_900_00;
pub const COMMERCANT_INCOME_2024: i64 = 54_800_00;

/// What the engine calls on `due` for a year computed on `income` and spread over the year's
/// due dates, as the yearly call in December does: the demo schedule, from the engine.
pub fn instalment(
    year: i32,
    activity: app::domain::contributions::Activity,
    income: i64,
    p: app::domain::schedule::Periodicity,
    due: NaiveDate,
) -> app::domain::money::Cents {
    use app::domain::{calls, money::Cents, schedule};
    let parts = calls::year_parts(year, activity, Cents(income)).unwrap();
    calls::split(parts, &schedule::due_dates_of_year(p, year))
        .into_iter()
        .find(|(d, _)| *d == due)
        .map(|(_, p)| p.total())
        .unwrap()
}

/// Julie's (commerçant, quarterly) instalment of 2026 due on `due`, on 1 May 2026.
pub fn julie_2026(due: NaiveDate) -> app::domain::money::Cents {
    instalment(
        2026,
        app::domain::contributions::Activity::Commerciale,
        COMMERCANT_INCOME_2024,
        app::domain::schedule::Periodicity::Quarterly,
        due,
    )
}

/// Camille's (artisan, monthly) instalment of 2026 due on `due`, on 1 May 2026.
pub fn camille_2026(due: NaiveDate) -> app::domain::money::Cents {
    instalment(
        2026,
        app::domain::contributions::Activity::Artisanale,
        ARTISAN_INCOME_2024,
        app::domain::schedule::Periodicity::Monthly,
        due,
    )
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
