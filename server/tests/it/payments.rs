//! Paying over HTTP, on SQLite and on PostgreSQL (TEST_DATABASE_URL): SEPA mandates, the
//! telepayment wizard (idempotent under 20 parallel validations), automatic debit, and the
//! collection job down to pain.008 files valid against the XSD, exactly once even with two
//! server processes. Today is 1 May 2026.

use crate::common;

use app::domain::money::Cents;
use app::domain::sepa::Iban;
use app::persistence::entities::{bank_file, sepa_debit, telepayment};
use axum::http::StatusCode;
use chrono::{NaiveDate, TimeZone};
use common::{urlencode, TestApp};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::Value;

const JULIE: &str = "commercant@demo.passerelle.fr";
const CAMILLE: &str = "artisan@demo.passerelle.fr";

/// An amount as shown, with ordinary spaces (the pages use narrow and no-break spaces).
/// Julie's debt: her quarter due on 5 February 2026, as the engine computes it.
fn debt_amount() -> Cents {
    common::julie_2026(common::d(2026, 2, 5))
}

/// Julie's current contribution due on 5 May 2026.
fn may_amount() -> Cents {
    common::julie_2026(common::d(2026, 5, 5))
}

/// As a person types it in the amount field: `4448,25`.
fn typed(c: Cents) -> String {
    format!("{},{:02}", c.get() / 100, c.get() % 100)
}

/// As screens write it, with plain spaces: `4 448,25 €`.
fn shown(c: Cents) -> String {
    c.format_fr().replace(['\u{202f}', '\u{a0}'], " ")
}

fn plain(v: &Value) -> String {
    v.as_str()
        .unwrap_or_default()
        .replace(['\u{202f}', '\u{a0}'], " ")
}

fn iban(bban: &str) -> String {
    Iban::from_parts("FR", bban).unwrap().grouped()
}

async fn page(app: &TestApp, cookie: &str) -> Value {
    let (status, body, _) = app.call("/api/get_payment_page", "", Some(cookie)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn join(
    app: &TestApp,
    cookie: &str,
    account: i64,
    iban: &str,
    extra: &str,
) -> (StatusCode, String, Option<String>) {
    let form = format!(
        "compte={account}&nom=Bernard&prenom=Julie&adresse={}&iban={}&bic=&conditions=oui{extra}",
        urlencode("17 place du Ralliement, 49000 Angers"),
        urlencode(iban)
    );
    app.call_located("/api/join_telepayment", &form, cookie)
        .await
}

fn ok(r: &(StatusCode, String, Option<String>)) -> String {
    assert!(r.0.is_redirection() || r.0.is_success(), "{} {}", r.0, r.1);
    r.2.clone().expect("a redirect")
}

fn error_of(r: &(StatusCode, String, Option<String>), field: &str) -> String {
    assert_eq!(r.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.1);
    let v: Value = serde_json::from_str(&r.1).unwrap();
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

/// Julie (commerçant, quarterly, 5 February 2026 unpaid for 85 days: a debt) with two mandates.
async fn julie_with_two_accounts(app: &TestApp) -> (String, i64, Vec<i64>) {
    let julie = app.sign_in(JULIE).await;
    let account = page(app, &julie).await["account_id"].as_i64().unwrap();
    ok(&join(app, &julie, account, &iban("20041010050500013M02606"), "").await);
    ok(&join(app, &julie, account, &iban("30006000011234567890189"), "").await);
    let p = page(app, &julie).await;
    let mandates: Vec<i64> = p["mandates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(mandates.len(), 2);
    (julie, account, mandates)
}

fn debt(p: &Value) -> Value {
    p["dues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["status"] == "Dette")
        .cloned()
        .expect("Julie's debt")
}

/// Steps 1 and 2 of the wizard; returns the draft's token from step 3.
async fn prepare(
    app: &TestApp,
    cookie: &str,
    account: i64,
    due: i64,
    amount: &str,
    split: &[(i64, &str)],
) -> String {
    ok(&app
        .call_located(
            "/api/telepay_amount",
            &format!(
                "compte={account}&echeance={due}&montant={}",
                urlencode(amount)
            ),
            cookie,
        )
        .await);
    let mut form = format!("compte={account}");
    for (i, (m, a)) in split.iter().enumerate() {
        form.push_str(&format!(
            "&mandat_{n}={m}&montant_{n}={}",
            urlencode(a),
            n = i + 1
        ));
    }
    let r = app.call_located("/api/telepay_split", &form, cookie).await;
    assert!(ok(&r).starts_with("/mon-compte/cotisations/payer/verification"));
    let (status, body, _) = app
        .call(
            "/api/get_telepayment_step",
            &format!("compte={account}"),
            Some(cookie),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let step: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(step["reachable"], 3);
    step["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_direct_debit_calendar_is_the_accounts_own() {
    let app = TestApp::new().await;
    let camille = app.sign_in(CAMILLE).await;
    let debit = &page(&app, &camille).await["debit"];
    assert!(
        debit["calendar"].as_str().unwrap().contains("5 février"),
        "{debit}"
    );
    assert_eq!(debit["choose_day"], true);
    // A micro-entrepreneur's amounts fall due at each declaration's deadline.
    let lucas = app.sign_in("micro@demo.passerelle.fr").await;
    let debit = &page(&app, &lucas).await["debit"];
    let calendar = debit["calendar"].as_str().unwrap();
    assert!(calendar.contains("date limite"), "{debit}");
    assert!(!calendar.contains("5 février"), "{debit}");
    assert_eq!(debit["choose_day"], false);
    // Nor does a request choose one for them: a monthly debit asked "on the 20th" stays on the 5th.
    let p = page(&app, &lucas).await;
    let account = p["account_id"].as_i64().unwrap();
    ok(&join(&app, &lucas, account, &iban("20041010050500013M02606"), "").await);
    let mandate = page(&app, &lucas).await["mandates"][0]["id"]
        .as_i64()
        .unwrap();
    ok(&app
        .call_located(
            "/api/request_direct_debit",
            &format!("compte={account}&mandat={mandate}&periodicite=mensuelle&jour=20"),
            &lucas,
        )
        .await);
    let debit = &page(&app, &lucas).await["debit"];
    assert_eq!(debit["periodicity"], "mensuelle", "{debit}");
    assert_eq!(debit["day"], 5, "{debit}");
    app.cleanup().await;
}

#[tokio::test]
async fn joining_telepayment_checks_every_field_and_tells_nothing_of_another_persons_mandate() {
    let app = TestApp::new().await;
    let julie = app.sign_in(JULIE).await;
    let account = page(&app, &julie).await["account_id"].as_i64().unwrap();

    let bad = join(
        &app,
        &julie,
        account,
        "FR76 3000 6000 0112 3456 7890 188",
        "",
    )
    .await;
    assert!(error_of(&bad, "iban").contains("clé de contrôle"));
    let form = format!(
        "compte={account}&nom=&prenom=Julie&adresse=Angers&iban={}&bic=XX",
        urlencode(&iban("30006000011234567890189"))
    );
    let missing = app
        .call_located("/api/join_telepayment", &form, &julie)
        .await;
    assert!(error_of(&missing, "nom").starts_with("Nom du titulaire"));
    assert!(error_of(&missing, "bic").starts_with("BIC"));
    assert!(error_of(&missing, "conditions").contains("accepter"));
    let kept: Value = serde_json::from_str(&missing.1).unwrap();
    assert!(
        kept["Invalid"]["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v[0] == "adresse" && v[1] == "Angers"),
        "typed values come back"
    );
    assert!(
        !missing.1.contains("30006000011234567890189"),
        "the IBAN is never echoed"
    );

    // A name the bank file could not carry, and a test BIC the schema refuses.
    let form = format!(
        "compte={account}&nom={}&prenom=Julie&adresse=Angers&iban={}&bic=BNPAFR1P&conditions=oui",
        urlencode("李小龍"),
        urlencode(&iban("30006000011234567890189"))
    );
    let r = app
        .call_located("/api/join_telepayment", &form, &julie)
        .await;
    assert!(error_of(&r, "nom").contains("lettres latines"));
    assert!(error_of(&r, "bic").starts_with("BIC"));

    let location = ok(&join(&app, &julie, account, &iban("30006000011234567890189"), "").await);
    assert!(
        location.contains("mandat=PAS-CO049020090733-"),
        "{location}"
    );
    let p = page(&app, &julie).await;
    let m = &p["mandates"][0];
    assert_eq!(m["status"], "Actif");
    assert!(
        m["iban"].as_str().unwrap().starts_with("FR")
            && m["iban"].as_str().unwrap().contains("••••"),
        "masked: {m}"
    );

    // The same account twice is refused. Camille's IBAN, mandated on her own account, is
    // accepted for Julie (a joint account) and nothing tells her about Camille's mandate.
    assert!(error_of(
        &join(&app, &julie, account, &iban("30006000011234567890189"), "").await,
        "iban"
    )
    .contains("déjà un mandat actif"));
    let camille_iban = iban("30004000031234567890143");
    ok(&join(&app, &julie, account, &camille_iban, "").await);

    // Up to three active mandates; a revoked one is never reused.
    ok(&join(&app, &julie, account, &iban("10107001180001234567890"), "").await);
    assert!(error_of(
        &join(&app, &julie, account, &iban("12345678901234567890123"), "").await,
        "iban"
    )
    .contains("3 comptes bancaires"));
    let first = m["id"].as_i64().unwrap();
    let first_rum = m["rum"].as_str().unwrap().to_owned();
    ok(&app
        .call_located(
            "/api/revoke_mandate",
            &format!("compte={account}&mandat={first}"),
            &julie,
        )
        .await);
    let location = ok(&join(&app, &julie, account, &iban("30006000011234567890189"), "").await);
    assert!(!location.contains(&first_rum), "a new RUM: {location}");
    let p = page(&app, &julie).await;
    let revoked: Vec<&Value> = p["mandates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "Révoqué")
        .collect();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0]["rum"], first_rum.as_str());
    app.cleanup().await;
}

#[tokio::test]
async fn accountants_never_sign_nor_pay_and_nobody_pays_someone_elses_amount() {
    let app = TestApp::new().await;
    let (julie, account, mandates) = julie_with_two_accounts(&app).await;
    let due = debt(&page(&app, &julie).await)["id"].as_i64().unwrap();
    let accountant = app.sign_in("expert@demo.passerelle.fr").await;
    for (endpoint, form) in [
        ("/api/get_payment_page", format!("compte={account}")),
        (
            "/api/join_telepayment",
            format!(
                "compte={account}&nom=X&prenom=Y&adresse=Z&iban={}&bic=&conditions=oui",
                urlencode(&iban("30006000011234567890189"))
            ),
        ),
        (
            "/api/telepay_amount",
            format!("compte={account}&echeance={due}&montant=10"),
        ),
        (
            "/api/revoke_mandate",
            format!("compte={account}&mandat={}", mandates[0]),
        ),
        (
            "/api/request_direct_debit",
            format!(
                "compte={account}&mandat={}&periodicite=mensuelle&jour=5",
                mandates[0]
            ),
        ),
    ] {
        let (status, body, _) = app.call(endpoint, &form, Some(&accountant)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}: {body}");
    }
    let camille = app.sign_in(CAMILLE).await;
    let (status, _, _) = app
        .call(
            "/api/telepay_amount",
            &format!("compte={account}&echeance={due}&montant=10"),
            Some(&camille),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app
        .call(
            "/api/get_telepayment",
            "reference=TLP-2026-AAAAAA",
            Some(&julie),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}

#[tokio::test]
async fn the_artisan_on_automatic_debit_has_no_payer_for_current_contributions() {
    let app = TestApp::new().await;
    let camille = app.sign_in(CAMILLE).await;
    let p = page(&app, &camille).await;
    let dues = p["dues"].as_array().unwrap();
    assert!(!dues.is_empty());
    assert!(dues.iter().all(|d| d["pay_href"].is_null()), "{dues:?}");
    let first = &dues[0];
    assert!(
        first["note"]
            .as_str()
            .unwrap()
            .starts_with("Prélevé automatiquement le 5 mai 2026"),
        "{first}"
    );
    assert!(p["debit"]["current"]
        .as_str()
        .unwrap()
        .contains("mensuel, le 5"));
    // The server refuses it too, whatever the browser sends.
    let account = p["account_id"].as_i64().unwrap();
    let r = app
        .call_located(
            "/api/telepay_amount",
            &format!("compte={account}&echeance={}&montant=801", first["id"]),
            &camille,
        )
        .await;
    assert!(error_of(&r, "echeance").contains("prélevées automatiquement"));
    app.cleanup().await;
}

#[tokio::test]
async fn a_debt_split_over_two_accounts_is_paid_once_even_with_twenty_parallel_validations() {
    let app = TestApp::new().await;
    let (julie, account, m) = julie_with_two_accounts(&app).await;
    let d = debt(&page(&app, &julie).await);
    let due = d["id"].as_i64().unwrap();
    assert_eq!(plain(&d["remaining"]), shown(debt_amount()));
    assert!(d["pay_href"]
        .as_str()
        .unwrap()
        .starts_with("/mon-compte/cotisations/payer/montant"));

    // Refusals name the field and keep what was typed.
    let r = app
        .call_located(
            "/api/telepay_amount",
            &format!("compte={account}&echeance={due}&montant=90000"),
            &julie,
        )
        .await;
    assert!(error_of(&r, "montant").contains("reste à payer"));
    ok(&app
        .call_located(
            "/api/telepay_amount",
            &format!(
                "compte={account}&echeance={due}&montant={}",
                urlencode(shown(debt_amount()).trim_end_matches(" €"))
            ),
            &julie,
        )
        .await);
    let r = app
        .call_located(
            "/api/telepay_split",
            &format!(
                "compte={account}&mandat_1={}&montant_1=2000&mandat_2={}&montant_2=1000",
                m[0], m[1]
            ),
            &julie,
        )
        .await;
    assert!(
        error_of(&r, "montant_1").contains("doit être égale"),
        "{}",
        r.1
    );
    assert!(r.1.contains("\"2000\""), "kept: {}", r.1);

    let token = prepare(
        &app,
        &julie,
        account,
        due,
        shown(debt_amount()).trim_end_matches(" €"),
        &[
            (m[0], "2 000"),
            (m[1], &typed(debt_amount() - Cents(2000_00))),
        ],
    )
    .await;
    let form = format!("compte={account}&jeton={token}");
    let calls = (0..20).map(|_| app.call_located("/api/validate_telepayment", &form, &julie));
    let results = futures::future::join_all(calls).await;
    let locations: Vec<String> = results.iter().map(ok).collect();
    assert!(
        locations
            .iter()
            .all(|l| l == &locations[0]
                && l.starts_with("/mon-compte/cotisations/paiements/TLP-2026-")),
        "{locations:?}"
    );
    assert_eq!(
        telepayment::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        1
    );

    let reference = locations[0].rsplit('/').next().unwrap();
    let (status, body, _) = app
        .call(
            "/api/get_telepayment",
            &format!("reference={reference}"),
            Some(&julie),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let receipt: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(plain(&receipt["amount"]), shown(debt_amount()));
    // Paid on Friday 1 May (closed): collected on Monday 4 May.
    assert_eq!(receipt["collection_date"], "4 mai 2026");
    assert_eq!(receipt["ics"], "FR72ZZZ123456");
    assert_eq!(receipt["parts"].as_array().unwrap().len(), 2);
    assert_eq!(
        plain(&receipt["parts"][1]["amount"]),
        shown(debt_amount() - Cents(2000_00))
    );

    // The confirmation is the pre-notification, sent by email too.
    let (_, mail, _) = app.call("/api/list_demo_mail", "", None).await;
    assert!(
        mail.contains(reference) && mail.contains("pré-notification"),
        "{mail}"
    );
    // The page now says it is scheduled; a resubmission after the draft is gone still answers.
    let p = page(&app, &julie).await;
    assert!(debt(&p)["note"].as_str().unwrap().contains(reference));
    assert_eq!(
        ok(&app
            .call_located("/api/validate_telepayment", &form, &julie)
            .await),
        locations[0]
    );
    app.cleanup().await;
}

#[tokio::test]
async fn another_part_adds_to_what_is_scheduled_and_modifier_replaces_one_payment() {
    let app = TestApp::new().await;
    let (julie, account, m) = julie_with_two_accounts(&app).await;
    // The current contribution due on 5 May 2026: open until noon on 4 May.
    let p = page(&app, &julie).await;
    let current = p["dues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["due_on"] == "5 mai 2026")
        .cloned()
        .unwrap();
    let due = current["id"].as_i64().unwrap();
    let validate = |token: String| {
        let (app, julie) = (&app, &julie);
        async move {
            ok(&app
                .call_located(
                    "/api/validate_telepayment",
                    &format!("compte={account}&jeton={token}"),
                    julie,
                )
                .await)
        }
    };
    let first =
        validate(prepare(&app, &julie, account, due, "1000", &[(m[0], "1000")]).await).await;
    let first_ref = first.rsplit('/').next().unwrap().to_owned();
    // Another part may not schedule more than is left once the first is counted…
    let too_much = app
        .call_located(
            "/api/telepay_amount",
            &format!(
                "compte={account}&echeance={due}&montant={}",
                typed(may_amount())
            ),
            &julie,
        )
        .await;
    assert!(
        error_of(&too_much, "montant")
            .replace(['\u{202f}', '\u{a0}'], " ")
            .contains(&format!("({})", shown(may_amount() - Cents(1000_00)))),
        "{}",
        too_much.1
    );
    // …and adds to it: both stay scheduled.
    validate(prepare(&app, &julie, account, due, "412", &[(m[1], "412")]).await).await;
    let statuses = || async {
        telepayment::Entity::find()
            .order_by_asc(telepayment::Column::Id)
            .all(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.status, t.amount_cents))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        statuses().await,
        vec![
            ("scheduled".to_owned(), 1000_00),
            ("scheduled".to_owned(), 412_00)
        ]
    );
    let row = |p: &Value| {
        p["dues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == due)
            .cloned()
            .unwrap()
    };
    let after = row(&page(&app, &julie).await);
    assert_eq!(
        plain(&after["remaining"]),
        shown(may_amount() - Cents(1412_00)),
        "what is left excludes what is scheduled: {after}"
    );
    assert_eq!(after["pay_label"], "Payer une autre partie");
    assert!(
        after["note"].as_str().unwrap().contains(&first_ref),
        "{after}"
    );

    // "Modifier le paiement programmé" on the first one's confirmation: it replaces that one only.
    let receipt: Value = serde_json::from_str(
        &app.call(
            "/api/get_telepayment",
            &format!("reference={first_ref}"),
            Some(&julie),
        )
        .await
        .1,
    )
    .unwrap();
    let change = receipt["change_href"].as_str().unwrap().to_owned();
    assert!(
        change.ends_with(&format!("&modifier={first_ref}")),
        "{change}"
    );
    let step: Value = app
        .post(
            "/api/get_telepayment_step",
            &format!("compte={account}&echeance={due}&modifier={first_ref}"),
            Some(&julie),
        )
        .await
        .json();
    assert_eq!(step["replacing"]["reference"], first_ref.as_str());
    let all_but_the_other = may_amount() - Cents(412_00);
    assert_eq!(
        plain(&step["left"]),
        shown(all_but_the_other),
        "all but the other part"
    );
    let modified = app
        .call_located(
            "/api/telepay_amount",
            &format!(
                "compte={account}&echeance={due}&montant={}&modifier={first_ref}",
                typed(all_but_the_other)
            ),
            &julie,
        )
        .await;
    ok(&modified);
    let r = app
        .call_located(
            "/api/telepay_split",
            &format!(
                "compte={account}&mandat_1={}&montant_1={}",
                m[0],
                typed(all_but_the_other)
            ),
            &julie,
        )
        .await;
    ok(&r);
    let step: Value = app
        .post(
            "/api/get_telepayment_step",
            &format!("compte={account}"),
            Some(&julie),
        )
        .await
        .json();
    assert_eq!(
        step["replacing"]["reference"],
        first_ref.as_str(),
        "the review says which payment it replaces"
    );
    validate(step["token"].as_str().unwrap().to_owned()).await;
    assert_eq!(
        statuses().await,
        vec![
            ("replaced".to_owned(), 1000_00),
            ("scheduled".to_owned(), 412_00),
            ("scheduled".to_owned(), all_but_the_other.get())
        ]
    );
    let (_, body, _) = app
        .call(
            "/api/get_telepayment",
            &format!("reference={first_ref}"),
            Some(&julie),
        )
        .await;
    assert!(body.contains("Remplacé"), "{body}");
    // Everything is scheduled now: no "Payer", and a new part is refused naming the payment.
    let after = row(&page(&app, &julie).await);
    assert!(
        after["pay_href"].is_null() && plain(&after["remaining"]) == "0,00 €",
        "{after}"
    );
    let refused = app
        .call_located(
            "/api/telepay_amount",
            &format!("compte={account}&echeance={due}&montant=1"),
            &julie,
        )
        .await;
    assert!(
        error_of(&refused, "echeance").contains("Modifier le paiement programmé"),
        "{}",
        refused.1
    );
    app.cleanup().await;
}

fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<chrono::Utc> {
    chrono_tz::Europe::Paris
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

fn xsd_valid(xml: &str) {
    let dir = std::env::temp_dir().join(format!("passerelle-pain008-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{:x}.xml", xml.len() ^ xml.as_ptr() as usize));
    std::fs::write(&file, xml).unwrap();
    let xsd = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/pain.008.001.02.xsd"
    );
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd)
        .arg(&file)
        .output()
        .expect("xmllint (libxml2-utils) is installed by scripts/bootstrap.sh");
    assert!(
        out.status.success(),
        "pain.008 file rejected by the XSD:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn collection_writes_one_valid_file_per_date_and_sequence_and_records_the_payments_once() {
    let app = TestApp::new().await;
    let (julie, account, m) = julie_with_two_accounts(&app).await;
    let due = debt(&page(&app, &julie).await)["id"].as_i64().unwrap();
    let token = prepare(
        &app,
        &julie,
        account,
        due,
        &typed(debt_amount()),
        &[
            (m[0], "2000"),
            (m[1], &typed(debt_amount() - Cents(2000_00))),
        ],
    )
    .await;
    ok(&app
        .call_located(
            "/api/validate_telepayment",
            &format!("compte={account}&jeton={token}"),
            &julie,
        )
        .await);

    // Before the cut-off of 4 May (noon on Sunday 3 May, plus the grace minutes): nothing.
    let before = app::ssr::collection::run(&app.state, paris(2026, 5, 3, 11, 59))
        .await
        .unwrap();
    assert!(before.files.is_empty() && before.debits == 0, "{before:?}");
    let after = app::ssr::collection::run(&app.state, paris(2026, 5, 3, 12, 10))
        .await
        .unwrap();
    assert_eq!(after.files.len(), 1, "{after:?}");
    let files = bank_file::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(
        (
            files[0].collection_date,
            files[0].sequence_type.as_str(),
            files[0].transactions,
            files[0].control_sum_cents
        ),
        (
            NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
            "FRST",
            2,
            debt_amount().get()
        )
    );
    let xml = &files[0].content;
    assert!(
        xml.contains("<MndtId>PAS-CO049020090733-")
            && xml.contains("<Id>FR72ZZZ123456</Id>")
            && xml.contains(&format!(
                "<CtrlSum>{}.{:02}</CtrlSum>",
                debt_amount().get() / 100,
                debt_amount().get() % 100
            ))
            && xml.contains("<SeqTp>FRST</SeqTp>"),
        "{xml}"
    );
    xsd_valid(xml);
    // Again, and again later: nothing more.
    assert_eq!(
        app::ssr::collection::run(&app.state, paris(2026, 5, 3, 12, 20))
            .await
            .unwrap(),
        Default::default()
    );

    // The debt is paid by telepayment, in the history.
    let (_, body, _) = app
        .call("/api/get_contribution_account", "", Some(&julie))
        .await;
    let a: Value = serde_json::from_str(&body).unwrap();
    assert!(a["debt"].is_null(), "{}", a["debt"]);
    let tele: Vec<&Value> = a["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["method"] == "Télépaiement")
        .collect();
    assert_eq!(tele.len(), 2);
    assert!(tele.iter().all(|p| p["received_on"] == "4 mai 2026"));

    // Camille's automatic debit of 5 May (pre-notified on 5 April): RCUR, her mandate was used before.
    let dd = app::ssr::collection::run(&app.state, paris(2026, 5, 4, 12, 10))
        .await
        .unwrap();
    assert_eq!(dd.files.len(), 1, "{dd:?}");
    let rcur = bank_file::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.sequence_type == "RCUR")
        .unwrap();
    assert_eq!(
        (
            rcur.collection_date,
            rcur.transactions,
            rcur.control_sum_cents
        ),
        (
            NaiveDate::from_ymd_opt(2026, 5, 5).unwrap(),
            1,
            common::camille_2026(common::d(2026, 5, 5)).get()
        )
    );
    xsd_valid(&rcur.content);

    // The treasury lists and downloads the files; nobody else may (agents included).
    let treasury = app.sign_in("tresorerie@demo.passerelle.fr").await;
    let (status, body, _) = app.call("/api/list_bank_files", "", Some(&treasury)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let list: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(list.len(), 2);
    let href = list[0]["href"].as_str().unwrap();
    let (status, downloaded, _) = app.get(href, Some(&treasury)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(downloaded.contains("CstmrDrctDbtInitn"));
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    assert_eq!(app.get(href, Some(&agent)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(href, Some(&julie)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(href, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.call("/api/list_bank_files", "", Some(&julie)).await.0,
        StatusCode::FORBIDDEN
    );
    app.cleanup().await;
}

#[tokio::test]
async fn two_server_processes_collect_each_debit_exactly_once() {
    let app = TestApp::new().await;
    let (julie, account, m) = julie_with_two_accounts(&app).await;
    let p = page(&app, &julie).await;
    let due = p["dues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["due_on"] == "5 mai 2026")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let token = prepare(
        &app,
        &julie,
        account,
        due,
        &typed(may_amount()),
        &[(m[0], &typed(may_amount() - Cents(412_00))), (m[1], "412")],
    )
    .await;
    ok(&app
        .call_located(
            "/api/validate_telepayment",
            &format!("compte={account}&jeton={token}"),
            &julie,
        )
        .await);

    // Two processes of the real binary, same database, on 5 May: Julie's telepayment and
    // Camille's automatic debit, both collected on 5 May, are due for filing.
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("collect-once")
            .env("PASSERELLE_DATABASE_URL", &app.db.url)
            .env("PASSERELLE_TODAY", "2026-05-05")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the passerelle binary")
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let show = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    assert!(
        a.status.success() && b.status.success(),
        "{}\n{}",
        show(&a),
        show(&b)
    );
    let written: Vec<String> = [a.stdout, b.stdout]
        .iter()
        .flat_map(|o| {
            String::from_utf8_lossy(o)
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|l| l.starts_with("PAS-"))
        .collect();
    let files = bank_file::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(
        files.len(),
        2,
        "FRST (Julie's new mandates) and RCUR (Camille's) of 5 May: {written:?}"
    );
    assert_eq!(
        written.len(),
        2,
        "each file written by one process only: {written:?}"
    );
    assert_eq!(
        sepa_debit::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        3
    );
    let debits = sepa_debit::Entity::find().all(&app.state.db).await.unwrap();
    assert!(debits.iter().all(|d| d.bank_file_id.is_some()));
    for f in &files {
        xsd_valid(&f.content);
    }
    let (_, body, _) = app
        .call("/api/get_contribution_account", "", Some(&julie))
        .await;
    let a: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        a["payments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["method"] == "Télépaiement")
            .count(),
        2
    );
    app.cleanup().await;
}

#[tokio::test]
async fn automatic_debit_is_joined_then_changed_once_a_year_and_the_schedule_follows() {
    let app = TestApp::new().await;
    let (julie, account, m) = julie_with_two_accounts(&app).await;
    // Without a chosen mandate, and with a day that does not exist.
    let r = app
        .call_located(
            "/api/request_direct_debit",
            &format!("compte={account}&periodicite=mensuelle&jour=5"),
            &julie,
        )
        .await;
    assert!(error_of(&r, "mandat").starts_with("Compte à débiter"));
    let r = app
        .call_located(
            "/api/request_direct_debit",
            &format!(
                "compte={account}&mandat={}&periodicite=mensuelle&jour=12",
                m[0]
            ),
            &julie,
        )
        .await;
    assert!(error_of(&r, "jour").contains("le 5 ou le 20"));

    ok(&app
        .call_located(
            "/api/request_direct_debit",
            &format!(
                "compte={account}&mandat={}&periodicite=mensuelle&jour=20",
                m[0]
            ),
            &julie,
        )
        .await);
    let p = page(&app, &julie).await;
    assert!(
        p["debit"]["upcoming"]
            .as_str()
            .unwrap()
            .contains("1er juillet 2026"),
        "{}",
        p["debit"]
    );
    // The quarters due on 5 August and 5 November become six debits on the 20th, July to
    // December: the same total, to the cent, with the rounding remainder on the last one.
    let (_, body, _) = app
        .call("/api/get_contribution_account", "", Some(&julie))
        .await;
    let a: Value = serde_json::from_str(&body).unwrap();
    let later: Vec<(String, String)> = a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["due_on"].as_str().unwrap().contains("20 "))
        .map(|d| {
            (
                d["due_on"].as_str().unwrap().to_owned(),
                plain(&d["amount"]),
            )
        })
        .collect();
    let moved =
        common::julie_2026(common::d(2026, 8, 5)) + common::julie_2026(common::d(2026, 11, 5));
    let dates: Vec<&str> = later.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(
        dates,
        [
            "20 juillet 2026",
            "20 août 2026",
            "20 septembre 2026",
            "20 octobre 2026",
            "20 novembre 2026",
            "20 décembre 2026"
        ]
    );
    let total: i64 = a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["due_on"].as_str().unwrap().contains("20 "))
        .map(|d| {
            let t = plain(&d["amount"]).replace([' ', '€'], "").replace(',', "");
            t.parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(total, moved.get(), "{later:?}");
    // The schedule is pre-notified by email.
    let (_, mail, _) = app.call("/api/list_demo_mail", "", None).await;
    assert!(
        mail.contains("20 juillet 2026") && mail.contains("pré-notification"),
        "{mail}"
    );
    // Before it takes effect, the 5 May quarter is still payable online.
    assert!(p["dues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["due_on"] == "5 mai 2026" && d["pay_href"].is_string()));

    ok(&app
        .call_located(
            "/api/request_direct_debit",
            &format!("compte={account}&mandat={}&periodicite=trimestrielle", m[0]),
            &julie,
        )
        .await);
    let r = app
        .call_located(
            "/api/request_direct_debit",
            &format!(
                "compte={account}&mandat={}&periodicite=mensuelle&jour=5",
                m[0]
            ),
            &julie,
        )
        .await;
    let msg = error_of(&r, "periodicite");
    assert!(
        msg.contains("une seule modification") && msg.contains("1er janvier 2027"),
        "{msg}"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_delay_knows_the_scheduled_payments_and_accepting_it_cancels_them() {
    let app = TestApp::new().await;
    let (julie, account, m) = julie_with_two_accounts(&app).await;
    let due = debt(&page(&app, &julie).await)["id"].as_i64().unwrap();
    let delay_form = |n: u32| {
        format!(
            "compte={account}&echeance={due}&echeances={n}&motif={}",
            urlencode("Travaux devant la boutique depuis trois mois.")
        )
    };
    // The whole debt scheduled: no delay is needed, nor accepted.
    let whole = typed(debt_amount());
    let token = prepare(&app, &julie, account, due, &whole, &[(m[0], &whole)]).await;
    let whole = ok(&app
        .call_located(
            "/api/validate_telepayment",
            &format!("compte={account}&jeton={token}"),
            &julie,
        )
        .await);
    let whole_ref = whole.rsplit('/').next().unwrap().to_owned();
    // A debt (due 5 February) may be modified until noon before its collection, not before its old due date.
    let receipt = app
        .post(
            "/api/get_telepayment",
            &format!("reference={whole_ref}"),
            Some(&julie),
        )
        .await
        .json();
    assert!(
        receipt["change_href"]
            .as_str()
            .is_some_and(|h| h.ends_with(&format!("&modifier={whole_ref}"))),
        "{receipt}"
    );
    assert_eq!(receipt["change_until"], "3 mai 2026 à midi");
    let f = app
        .post(
            "/api/get_delay_form",
            &format!("compte={account}&echeance={due}"),
            Some(&julie),
        )
        .await
        .json();
    assert!(f["covered"].as_str().unwrap().contains(&whole_ref), "{f}");
    let refused = app
        .call_located("/api/request_payment_delay", &delay_form(3), &julie)
        .await;
    assert!(
        error_of(&refused, "echeance").contains("entièrement couvert"),
        "{}",
        refused.1
    );

    // Modified down to 1 000 €: the delay may be asked; the form and the agent's card show it.
    let step: Value = app
        .post(
            "/api/get_telepayment_step",
            &format!("compte={account}&echeance={due}&modifier={whole_ref}"),
            Some(&julie),
        )
        .await
        .json();
    assert_eq!(step["replacing"]["reference"], whole_ref.as_str());
    ok(&app
        .call_located(
            "/api/telepay_amount",
            &format!("compte={account}&echeance={due}&montant=1000&modifier={whole_ref}"),
            &julie,
        )
        .await);
    ok(&app
        .call_located(
            "/api/telepay_split",
            &format!("compte={account}&mandat_1={}&montant_1=1000", m[0]),
            &julie,
        )
        .await);
    let token = app
        .post(
            "/api/get_telepayment_step",
            &format!("compte={account}"),
            Some(&julie),
        )
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let part = ok(&app
        .call_located(
            "/api/validate_telepayment",
            &format!("compte={account}&jeton={token}"),
            &julie,
        )
        .await);
    let reference = part.rsplit('/').next().unwrap().to_owned();
    let f = app
        .post(
            "/api/get_delay_form",
            &format!("compte={account}&echeance={due}"),
            Some(&julie),
        )
        .await
        .json();
    assert!(
        f["covered"].is_null() && f["scheduled"][0].as_str().unwrap().contains(&reference),
        "{f}"
    );
    let delay = ok(&app
        .call_located("/api/request_payment_delay", &delay_form(3), &julie)
        .await);
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    let cards = app
        .post("/api/list_delay_requests", "", Some(&agent))
        .await
        .json();
    let card = cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| delay.ends_with(c["reference"].as_str().unwrap()))
        .unwrap();
    assert!(
        card["scheduled"][0].as_str().unwrap().contains(&reference),
        "{card}"
    );

    // Accepted: the telepayment is cancelled in the same transaction, and the person is told.
    ok(&app
        .call_located(
            "/api/decide_delay_request",
            &format!(
                "reference={}&decision=accepter&message=",
                delay.rsplit('/').next().unwrap()
            ),
            &agent,
        )
        .await);
    let (_, body, _) = app
        .call(
            "/api/get_telepayment",
            &format!("reference={reference}"),
            Some(&julie),
        )
        .await;
    assert!(
        body.contains("Annulé"),
        "cancelled at once, not at collection: {body}"
    );
    let mail = app::persistence::repo::outbox::list_recent(&app.state.db, 5)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.subject.contains("est accordé"))
        .unwrap();
    assert!(
        mail.body_text
            .contains(&format!("Votre télépaiement {reference}"))
            && mail.body_text.contains("ne le sera pas"),
        "{}",
        mail.body_text
    );
    let report = app::ssr::collection::run(&app.state, paris(2026, 5, 3, 12, 10))
        .await
        .unwrap();
    assert!(report.files.is_empty() && report.debits == 0, "{report:?}");
    app.cleanup().await;
}

#[tokio::test]
async fn after_an_outage_a_missed_collection_date_moves_to_the_next_reachable_one() {
    let app = TestApp::new().await;
    let (julie, account, m) = julie_with_two_accounts(&app).await;
    let due = debt(&page(&app, &julie).await)["id"].as_i64().unwrap();
    let whole = typed(debt_amount());
    let token = prepare(&app, &julie, account, due, &whole, &[(m[0], &whole)]).await;
    ok(&app
        .call_located(
            "/api/validate_telepayment",
            &format!("compte={account}&jeton={token}"),
            &julie,
        )
        .await);
    // Planned for Monday 4 May; the worker only runs again on Wednesday 6 May at 9:00.
    // Camille's automatic debit of Tuesday 5 May was missed too.
    let late = app::ssr::collection::run(&app.state, paris(2026, 5, 6, 9, 0))
        .await
        .unwrap();
    assert_eq!((late.debits, late.files.len()), (2, 0), "{late:?}");
    let debits = sepa_debit::Entity::find().all(&app.state.db).await.unwrap();
    assert!(
        debits
            .iter()
            .all(|d| d.collection_date == NaiveDate::from_ymd_opt(2026, 5, 7).unwrap()),
        "{debits:?}"
    );
    let filed = app::ssr::collection::run(&app.state, paris(2026, 5, 6, 12, 10))
        .await
        .unwrap();
    assert_eq!(filed.files.len(), 2, "{filed:?}");
    for file in bank_file::Entity::find().all(&app.state.db).await.unwrap() {
        assert!(file
            .content
            .contains("<ReqdColltnDt>2026-05-07</ReqdColltnDt>"));
        xsd_valid(&file.content);
    }
    app.cleanup().await;
}
