//! Declarations and payment delays over HTTP, on SQLite and on PostgreSQL (TEST_DATABASE_URL):
//! each declaration changes the schedule atomically; an agent's acceptance replaces the amount by
//! instalments exactly once. Today is 1 May 2026.

use crate::common;

use app::domain::contributions::Activity;
use app::domain::money::Cents;
use axum::http::StatusCode;
use chrono::Datelike;
use common::{urlencode, TestApp};
use serde_json::Value;

async fn account(app: &TestApp, cookie: &str, id: Option<i64>) -> Value {
    let form = id.map(|i| format!("account_id={i}")).unwrap_or_default();
    let (status, body, _) = app
        .call("/api/get_contribution_account", &form, Some(cookie))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// What the engine calls for a year of that income.
fn year_total(year: i32, activity: Activity, income: Cents) -> Cents {
    app::domain::calls::year_parts(year, activity, income)
        .unwrap()
        .total()
}

/// "1 234,56 €" back to cents, for sums.
fn cents(fr: &str) -> i64 {
    let negative = fr.starts_with('−');
    let digits: String = fr.chars().filter(|c| c.is_ascii_digit()).collect();
    let v: i64 = digits.parse().unwrap();
    if negative {
        -v
    } else {
        v
    }
}

fn rows<'a>(a: &'a Value, kind: &str) -> Vec<&'a Value> {
    a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .chain(a["earlier_unpaid"].as_array().unwrap())
        .filter(|d| d["kind"] == kind)
        .collect()
}

async fn declare(
    app: &TestApp,
    cookie: &str,
    account_id: i64,
    declaration: &str,
    amount: &str,
) -> (StatusCode, String, Option<String>) {
    let form = format!(
        "compte={account_id}&declaration={}&montant={}",
        urlencode(declaration),
        urlencode(amount)
    );
    app.call_located("/api/declare_income", &form, cookie).await
}

async fn last_mail(app: &TestApp, to: &str) -> app::persistence::repo::outbox::OutboxMessage {
    app::persistence::repo::outbox::list_recent(&app.state.db, 50)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to_address == to)
        .unwrap_or_else(|| panic!("no mail to {to}"))
}

fn reference_of(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_owned()
}

async fn receipt(app: &TestApp, cookie: &str, endpoint: &str, reference: &str) -> Value {
    let (status, body, _) = app
        .call(endpoint, &format!("reference={reference}"), Some(cookie))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn final_income_becomes_a_regularisation_spread_over_the_remaining_due_dates() {
    let app = TestApp::new().await;
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let before = account(&app, &camille, None).await;
    let id = before["account_id"].as_i64().unwrap();
    let (status, body, location) = declare(&app, &camille, id, "final:2025", "60 000").await;
    assert!(
        status.is_redirection() || status.is_success(),
        "{status} {body}"
    );
    let location = location.expect("redirect to the receipt");
    assert!(
        location.starts_with("/mon-compte/cotisations/declarations/DEC-2026-"),
        "{location}"
    );

    // 2025 was called on the final income of 2024 (43 900 €, N−1) once it was declared.
    let called_2025 = year_total(2025, Activity::Artisanale, Cents(43_900_00)).get();
    let expected = year_total(2025, Activity::Artisanale, Cents(60_000_00)).get() - called_2025;
    assert!(expected > 0, "the final income is above what was called");
    let after = account(&app, &camille, None).await;
    let regs = rows(&after, "Régularisation");
    assert_eq!(regs.len(), 8, "May to December 2026: {regs:?}");
    assert_eq!(
        regs.iter()
            .map(|r| cents(r["amount"].as_str().unwrap()))
            .sum::<i64>(),
        expected
    );
    assert_eq!(regs[0]["due_on"], "5 mai 2026");

    let r = receipt(
        &app,
        &camille,
        "/api/get_declaration_receipt",
        &reference_of(&location),
    )
    .await;
    assert_eq!(r["kind"], "Revenu définitif");
    // The acknowledgement of receipt, emailed with the same figures as the receipt.
    let mail = last_mail(&app, "artisan@demo.passerelle.fr").await;
    assert_eq!(
        mail.subject,
        format!(
            "Accusé de réception de votre déclaration {}",
            reference_of(&location)
        )
    );
    let total = r["computed"].as_array().unwrap().last().unwrap();
    assert!(
        mail.body_text.contains(&format!(
            "- {} : {}",
            total[0].as_str().unwrap(),
            total[1].as_str().unwrap()
        )),
        "{}",
        mail.body_text
    );
    assert!(
        mail.body_text.contains(&format!(
            "Montant déclaré : {}",
            Cents(60_000_00).format_fr()
        )),
        "{}",
        mail.body_text
    );
    // The regularisation of 2025 and the remaining 2026 instalments, now on 2025's income.
    assert_eq!(r["added"].as_array().unwrap().len(), 16, "{r}");
    assert_eq!(r["replaced"].as_array().unwrap().len(), 8, "{r}");
    let on_2025 = year_total(2026, Activity::Artisanale, Cents(60_000_00));
    let incomes = after["incomes"].as_array().unwrap();
    assert_eq!(incomes[0]["year"], 2026);
    // The base of 2026's lines is said in euros: the income less the 26 % abatement.
    let note = incomes[0]["base_note"].as_str().unwrap();
    assert!(note.contains("moins l'abattement de"), "{note}");
    assert_eq!(incomes[0]["called"], on_2025.format_fr());
    assert_eq!(
        incomes[0]["scheduled"], incomes[0]["called"],
        "{}",
        incomes[0]
    );
    assert_eq!(incomes[1]["year"], 2025);
    assert_eq!(
        incomes[1]["scheduled"], incomes[1]["called"],
        "{}",
        incomes[1]
    );
    // The schedule's total for 2026 says what it holds besides 2026 itself.
    let parts = after["schedule_parts"].as_array().unwrap();
    assert_eq!(parts[0][0], "dont cotisations 2026");
    assert_eq!(parts[0][1], incomes[0]["called"]);
    assert_eq!(parts[1][0], "dont régularisation 2025");
    assert_eq!(cents(parts[1][1].as_str().unwrap()), expected);
    assert_eq!(
        cents(after["schedule_total"].as_str().unwrap()),
        on_2025.get() + expected
    );
    assert!(r["credit"].is_null());
    // Kept in the history with its reference.
    assert!(after["declarations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["reference"] == reference_of(&location).as_str()));

    // A lower correction is a second declaration: the difference becomes a credit.
    let (_, _, second) = declare(&app, &camille, id, "final:2025", "20000").await;
    let r2 = receipt(
        &app,
        &camille,
        "/api/get_declaration_receipt",
        &reference_of(&second.unwrap()),
    )
    .await;
    let lower = year_total(2025, Activity::Artisanale, Cents(20_000_00)).get();
    // 2025: what was called on 43 900 € comes back above 20 000 €'s figure; 2026: January to
    // April stay called on 43 900 € (N−2), the rest of the year on 20 000 €.
    let jan_to_apr: i64 = (1..=4)
        .map(|m| common::camille_2026(common::d(2026, m, 5)).get())
        .sum();
    let target_2026 = year_total(2026, Activity::Artisanale, Cents(20_000_00)).get();
    assert_eq!(
        cents(r2["credit"].as_str().unwrap()),
        (called_2025 - lower) + (jan_to_apr - target_2026).max(0)
    );
    // The first receipt now says which declaration replaced it.
    let first = receipt(
        &app,
        &camille,
        "/api/get_declaration_receipt",
        &reference_of(&location),
    )
    .await;
    let second_reference = r2["reference"].as_str().unwrap();
    assert!(
        first["superseded"][0]
            .as_str()
            .unwrap()
            .contains(&format!("remplacée par la déclaration {second_reference}")),
        "{first}"
    );
    assert!(first["superseded"][1]
        .as_str()
        .unwrap()
        .ends_with(second_reference));
    assert!(r2["superseded"].is_null());
    let corrected = account(&app, &camille, None).await;
    for y in corrected["incomes"].as_array().unwrap() {
        assert_eq!(y["scheduled"], y["called"], "{y}");
    }
    let balance_after = account(&app, &camille, None).await;
    assert_eq!(
        balance_after["declarations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "Revenu définitif")
            .count(),
        5,
        "2022-2024 seeded, plus ours (newest 12 listed)"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_estimate_recomputes_the_remaining_due_dates_of_the_year() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let id = account(&app, &julie, None).await["account_id"]
        .as_i64()
        .unwrap();
    let (status, body, location) = declare(&app, &julie, id, "estimate:2026", "40000").await;
    assert!(location.is_some(), "{status} {body}");
    let after = account(&app, &julie, None).await;
    // 5 February stays (a debt); 5 May, 5 August and 5 November are recomputed.
    let current: Vec<&Value> = rows(&after, "Cotisation courante");
    let dates: Vec<&str> = current
        .iter()
        .map(|r| r["due_on"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "5 février 2026",
            "5 mai 2026",
            "5 août 2026",
            "5 novembre 2026"
        ]
    );
    let target = year_total(2026, Activity::Commerciale, Cents(40_000_00)).get();
    assert_eq!(
        current
            .iter()
            .map(|r| cents(r["amount"].as_str().unwrap()))
            .sum::<i64>(),
        target
    );
    let r = receipt(
        &app,
        &julie,
        "/api/get_declaration_receipt",
        &reference_of(&location.unwrap()),
    )
    .await;
    assert_eq!(
        r["replaced"].as_array().unwrap().len(),
        3,
        "the seeded 5 May, 5 August and 5 November rows: {r}"
    );
    assert_eq!(r["added"].as_array().unwrap().len(), 3);
    app.cleanup().await;
}

#[tokio::test]
async fn a_micro_entrepreneur_declares_a_quarter_and_a_correction_adds_the_difference() {
    let app = TestApp::new().await;
    let lucas = app.sign_in("micro@demo.passerelle.fr").await;
    let a = account(&app, &lucas, None).await;
    let id = a["account_id"].as_i64().unwrap();
    // The fourth quarter of 2025, due in January 2026, is that quarter's contributions.
    let labels: Vec<&str> = a["schedule_parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"dont cotisations 2025"), "{labels:?}");
    assert!(
        !labels.iter().any(|l| l.contains("régularisation")),
        "{labels:?}"
    );
    let form: Value = {
        let (_, body, _) = app
            .call(
                "/api/get_declaration_form",
                &format!("account_id={id}"),
                Some(&lucas),
            )
            .await;
        serde_json::from_str(&body).unwrap()
    };
    let values: Vec<&str> = form["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        values[0], "turnover:2026:1",
        "the latest closed quarter first: {values:?}"
    );
    assert!(
        !values.contains(&"turnover:2026:2"),
        "the current quarter is not over"
    );
    // Q1 2026 was declared at 14 900 € (3 159 € + 15 € CFP called); declaring 20 000 € adds the difference.
    let (_, body, location) = declare(&app, &lucas, id, "turnover:2026:1", "20000").await;
    let r = receipt(
        &app,
        &lucas,
        "/api/get_declaration_receipt",
        &reference_of(&location.expect(&body)),
    )
    .await;
    let added = r["added"].as_array().unwrap();
    assert_eq!(added.len(), 1);
    let q1_called: i64 = 3_159_00 + 15_00; // 21.2 % and 0.1 % CFP of 14 900 €, each to the euro
    assert_eq!(
        cents(added[0]["amount"].as_str().unwrap()),
        4_240_00 + 20_00 - q1_called
    );
    assert_eq!(
        added[0]["due_on"], "1er mai 2026",
        "the deadline has passed: due now"
    );
    let (status, body, _) = declare(&app, &lucas, id, "turnover:2026:2", "100").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("pas encore terminée"), "{body}");
    app.cleanup().await;
}

#[tokio::test]
async fn bad_declarations_are_refused_with_the_field_named_and_nothing_recorded() {
    let app = TestApp::new().await;
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let a = account(&app, &camille, None).await;
    let id = a["account_id"].as_i64().unwrap();
    let count = a["declarations"].as_array().unwrap().len();
    let cases = [
        ("final:2025", "-500", "montant", "ne peut pas être négatif"),
        (
            "final:2025",
            "40 000,123",
            "montant",
            "n'est pas un montant valide",
        ),
        ("final:2025", "", "montant", "saisissez un montant en euros"),
        ("final:2024", "40000", "declaration", "close"),
        ("final:2026", "40000", "declaration", "n'est pas terminée"),
        (
            "turnover:2026:1",
            "40000",
            "declaration",
            "chiffre d'affaires",
        ),
        ("n'importe quoi", "40000", "declaration", "choisissez"),
    ];
    for (declaration, amount, field, message) in cases {
        let (status, body, _) = declare(&app, &camille, id, declaration, amount).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{declaration} {amount}: {body}"
        );
        let v: Value = serde_json::from_str(&body).unwrap();
        let errors = v["Invalid"]["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["message"].as_str().unwrap().contains(message)),
            "{declaration} {amount}: {body}"
        );
        // What was typed comes back, to be shown again.
        assert!(
            v["Invalid"]["values"]
                .as_array()
                .unwrap()
                .iter()
                .any(|kv| kv[0] == "montant" && kv[1] == amount),
            "{body}"
        );
    }
    assert_eq!(
        account(&app, &camille, None).await["declarations"]
            .as_array()
            .unwrap()
            .len(),
        count
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_accountant_declares_for_a_client_only_with_a_received_mandate() {
    let app = TestApp::new().await;
    let expert = app.sign_in("expert@demo.passerelle.fr").await;
    let (_, body, _) = app.call("/api/list_clients", "", Some(&expert)).await;
    let clients: Value = serde_json::from_str(&body).unwrap();
    for c in clients["clients"].as_array().unwrap() {
        let id = c["account_id"].as_i64().unwrap();
        let declaration = if c["category_label"]
            .as_str()
            .unwrap_or_default()
            .contains("icro")
        {
            "turnover:2026:1"
        } else {
            "final:2025"
        };
        let (status, body, location) = declare(&app, &expert, id, declaration, "30000").await;
        if c["mandate_received"].as_bool().unwrap() {
            let location = location.unwrap_or_else(|| panic!("{c}: {status} {body}"));
            assert!(
                location.starts_with(&format!("/cabinet/clients/{id}/cotisations/declarations/")),
                "{location}"
            );
            // The client is told, by the acknowledgement, who declared for them.
            let mail = &app::persistence::repo::outbox::list_recent(&app.state.db, 1)
                .await
                .unwrap()[0];
            assert!(mail.subject.ends_with(&reference_of(&location)));
            assert!(
                mail.body_text.contains("pour votre compte"),
                "{}",
                mail.body_text
            );
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{c}");
        }
    }
    // Someone else's account is refused to a contributor too.
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let camille_account = account(&app, &app.sign_in("artisan@demo.passerelle.fr").await, None)
        .await["account_id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        declare(&app, &julie, camille_account, "final:2025", "1")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    app.cleanup().await;
}

/// The commerçant's 5 February 2026 debt and the address of its delay form.
async fn debt_line(app: &TestApp, cookie: &str) -> (i64, i64, i64) {
    let a = account(app, cookie, None).await;
    let debt = a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["status_class"] == "debt")
        .expect("a debt")
        .clone();
    let href = debt["delay_href"]
        .as_str()
        .expect("a delay link on the debt");
    let due_id: i64 = href.rsplit("echeance=").next().unwrap().parse().unwrap();
    (
        a["account_id"].as_i64().unwrap(),
        due_id,
        cents(debt["remaining"].as_str().unwrap()),
    )
}

async fn request_delay(
    app: &TestApp,
    cookie: &str,
    account_id: i64,
    due_id: i64,
    count: u32,
) -> (StatusCode, String, Option<String>) {
    let form = format!(
        "compte={account_id}&echeance={due_id}&echeances={count}&motif={}",
        urlencode("Baisse d'activité pendant les travaux de la rue.")
    );
    app.call_located("/api/request_payment_delay", &form, cookie)
        .await
}

#[tokio::test]
async fn a_delay_accepted_by_the_agent_replaces_the_debt_by_instalments() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let (account_id, due_id, debt) = debt_line(&app, &julie).await;
    // The preview shows the plan before sending.
    let (_, body, _) = app
        .call(
            "/api/get_delay_form",
            &format!("compte={account_id}&echeance={due_id}&echeances=3"),
            Some(&julie),
        )
        .await;
    let preview: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(preview["preview"].as_array().unwrap().len(), 3, "{preview}");
    assert_eq!(preview["preview"][0]["due_on"], "5 juin 2026");

    let (status, body, location) = request_delay(&app, &julie, account_id, due_id, 3).await;
    let reference = reference_of(&location.unwrap_or_else(|| panic!("{status} {body}")));
    assert!(reference.starts_with("DEL-2026-"));
    // A second request for the same amount waits for the first.
    let (status, body, _) = request_delay(&app, &julie, account_id, due_id, 4).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("déjà en cours"), "{body}");

    // Only an agent decides; the contributor cannot.
    let decide = format!("reference={reference}&decision=accepter&message=");
    assert_eq!(
        app.call("/api/decide_delay_request", &decide, Some(&julie))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    let (_, body, _) = app.call("/api/list_delay_requests", "", Some(&agent)).await;
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list[0]["reference"], reference.as_str());
    assert_eq!(list[0]["pending"], true);
    let (status, body, location) = app
        .call_located("/api/decide_delay_request", &decide, &agent)
        .await;
    assert!(location.is_some(), "{status} {body}");
    let (status, body, _) = app
        .call_located("/api/decide_delay_request", &decide, &agent)
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "decided once: {body}"
    );

    let after = account(&app, &julie, None).await;
    let instalments = rows(&after, "Échéance de délai de paiement");
    assert_eq!(instalments.len(), 3);
    assert_eq!(
        instalments
            .iter()
            .map(|r| cents(r["amount"].as_str().unwrap()))
            .sum::<i64>(),
        debt
    );
    assert!(
        after["debt"].is_null(),
        "the debt is replaced: {}",
        after["debt"]
    );
    assert_eq!(after["delays"][0]["status"], "Accordé");
    let r = receipt(&app, &julie, "/api/get_delay_receipt", &reference).await;
    assert_eq!(r["plan_is_final"], true);
    assert_eq!(r["plan"].as_array().unwrap().len(), 3);
    // The person is told by email.
    let mails = app::persistence::repo::outbox::list_recent(&app.state.db, 10)
        .await
        .unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.to_address == "commercant@demo.passerelle.fr"
                && m.subject.contains(&reference)
                && m.subject.contains("accordé")),
        "{mails:?}"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_refusal_needs_a_message_and_leaves_the_amount_due() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let (account_id, due_id, _) = debt_line(&app, &julie).await;
    let (_, _, location) = request_delay(&app, &julie, account_id, due_id, 6).await;
    let reference = reference_of(&location.unwrap());
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    let (status, body, _) = app
        .call(
            "/api/decide_delay_request",
            &format!("reference={reference}&decision=refuser&message="),
            Some(&agent),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("\"field\":\"message\""), "{body}");
    let message = urlencode("Votre dette est trop ancienne : appelez l'agence.");
    let (_, _, location) = app
        .call_located(
            "/api/decide_delay_request",
            &format!("reference={reference}&decision=refuser&message={message}"),
            &agent,
        )
        .await;
    assert!(location.is_some());
    let after = account(&app, &julie, None).await;
    assert!(after["debt"].is_string(), "still a debt");
    assert_eq!(after["delays"][0]["status"], "Refusé");
    assert!(after["delays"][0]["decision_message"]
        .as_str()
        .unwrap()
        .contains("trop ancienne"));
    app.cleanup().await;
}

#[tokio::test]
async fn twenty_agents_deciding_at_once_write_the_instalments_once() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let (account_id, due_id, debt) = debt_line(&app, &julie).await;
    let (_, _, location) = request_delay(&app, &julie, account_id, due_id, 4).await;
    let reference = reference_of(&location.unwrap());
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    let form = format!("reference={reference}&decision=accepter&message=");
    let calls = (0..20).map(|_| app.call_located("/api/decide_delay_request", &form, &agent));
    let results = futures::future::join_all(calls).await;
    let accepted = results.iter().filter(|(_, _, loc)| loc.is_some()).count();
    assert_eq!(
        accepted,
        1,
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert!(results.iter().all(|(s, _, loc)| loc.is_some()
        || *s == StatusCode::UNPROCESSABLE_ENTITY
        || *s == StatusCode::INTERNAL_SERVER_ERROR));
    let after = account(&app, &julie, None).await;
    let instalments = rows(&after, "Échéance de délai de paiement");
    assert_eq!(instalments.len(), 4);
    assert_eq!(
        instalments
            .iter()
            .map(|r| cents(r["amount"].as_str().unwrap()))
            .sum::<i64>(),
        debt
    );
    app.cleanup().await;
}

/// Sum of every amount the account lists for 2026 contributions (current and instalments).
fn called_2026(a: &Value) -> i64 {
    a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .chain(a["earlier_unpaid"].as_array().unwrap())
        .filter(|d| {
            d["period"].as_str().unwrap().ends_with("/2026") && d["kind"] != "Régularisation"
        })
        .map(|d| cents(d["amount"].as_str().unwrap()))
        .sum()
}

#[tokio::test]
async fn an_estimate_after_an_accepted_delay_does_not_charge_the_delayed_amount_again() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let (account_id, due_id, _) = debt_line(&app, &julie).await;
    let (_, _, location) = request_delay(&app, &julie, account_id, due_id, 3).await;
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    let decide = format!(
        "reference={}&decision=accepter&message=",
        reference_of(&location.unwrap())
    );
    assert!(app
        .call_located("/api/decide_delay_request", &decide, &agent)
        .await
        .2
        .is_some());
    declare(&app, &julie, account_id, "estimate:2026", "40000")
        .await
        .2
        .expect("declared");
    let after = account(&app, &julie, None).await;
    let target = year_total(2026, Activity::Commerciale, Cents(40_000_00)).get();
    assert_eq!(
        called_2026(&after),
        target,
        "instalments count as called: {after}"
    );
    assert_eq!(rows(&after, "Échéance de délai de paiement").len(), 3);
    app.cleanup().await;
}

#[tokio::test]
async fn the_same_lower_estimate_twice_gives_the_credit_once() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let id = account(&app, &julie, None).await["account_id"]
        .as_i64()
        .unwrap();
    let (_, _, first) = declare(&app, &julie, id, "estimate:2026", "0").await;
    let r1 = receipt(
        &app,
        &julie,
        "/api/get_declaration_receipt",
        &reference_of(&first.unwrap()),
    )
    .await;
    let target = year_total(2026, Activity::Commerciale, Cents::ZERO).get();
    assert_eq!(
        cents(r1["credit"].as_str().unwrap()),
        common::julie_2026(common::d(2026, 2, 5)).get() - target,
        "5 February stays called: {r1}"
    );
    let (_, _, second) = declare(&app, &julie, id, "estimate:2026", "0").await;
    let r2 = receipt(
        &app,
        &julie,
        "/api/get_declaration_receipt",
        &reference_of(&second.unwrap()),
    )
    .await;
    assert!(
        r2["credit"].is_null() && r2["added"].as_array().unwrap().is_empty(),
        "nothing changes the second time: {r2}"
    );
    let after = account(&app, &julie, None).await;
    assert_eq!(
        called_2026(&after) - (common::julie_2026(common::d(2026, 2, 5)).get() - target),
        target,
        "called minus the one credit is the new total"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_estimate_leaves_an_amount_awaiting_a_delay_decision_to_the_agent() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let a = account(&app, &julie, None).await;
    let account_id = a["account_id"].as_i64().unwrap();
    // The upcoming 5 May quarter: a delay for it starts after its due date.
    let may = a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["due_on"] == "5 mai 2026")
        .unwrap()
        .clone();
    let due_id: i64 = may["delay_href"]
        .as_str()
        .unwrap()
        .rsplit("echeance=")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, body, _) = app
        .call(
            "/api/get_delay_form",
            &format!("compte={account_id}&echeance={due_id}&echeances=2"),
            Some(&julie),
        )
        .await;
    let preview: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(preview["preview"][0]["due_on"], "5 juin 2026", "{preview}");
    let (_, _, location) = request_delay(&app, &julie, account_id, due_id, 2).await;
    let reference = reference_of(&location.unwrap());
    let (_, _, declared) = declare(&app, &julie, account_id, "estimate:2026", "40000").await;
    let r = receipt(
        &app,
        &julie,
        "/api/get_declaration_receipt",
        &reference_of(&declared.unwrap()),
    )
    .await;
    assert!(
        r["replaced"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["due_on"] != "5 mai 2026"),
        "{r}"
    );
    // The agent can still accept it.
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    let decide = format!("reference={reference}&decision=accepter&message=");
    let (status, body, location) = app
        .call_located("/api/decide_delay_request", &decide, &agent)
        .await;
    assert!(location.is_some(), "{status} {body}");
    // Someone else's receipt is as unknown as a wrong reference.
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    assert_eq!(
        app.call(
            "/api/get_delay_receipt",
            &format!("reference={reference}"),
            Some(&camille)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_turnover_correction_after_an_accepted_delay_counts_the_instalments_as_called() {
    let app = TestApp::new().await;
    let lucas = app.sign_in("micro@demo.passerelle.fr").await;
    let id = account(&app, &lucas, None).await["account_id"]
        .as_i64()
        .unwrap();
    // Q1 2026 corrected to 20 000 €: the difference is due now (1 May); Lucas asks to spread it.
    let (_, body, location) = declare(&app, &lucas, id, "turnover:2026:1", "20000").await;
    location.expect(&body);
    let a = account(&app, &lucas, None).await;
    let added = a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["due_on"] == "1er mai 2026" && d["delay_href"].is_string())
        .expect("the difference, due now")
        .clone();
    let due_id: i64 = added["delay_href"]
        .as_str()
        .unwrap()
        .rsplit("echeance=")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, _, location) = request_delay(&app, &lucas, id, due_id, 4).await;
    let agent = app.sign_in("agent@demo.passerelle.fr").await;
    let decide = format!(
        "reference={}&decision=accepter&message=",
        reference_of(&location.unwrap())
    );
    assert!(app
        .call_located("/api/decide_delay_request", &decide, &agent)
        .await
        .2
        .is_some());
    assert_eq!(
        rows(
            &account(&app, &lucas, None).await,
            "Échéance de délai de paiement"
        )
        .len(),
        4
    );

    // A second correction to 25 000 € adds only the difference between the two: the
    // instalments count as called, so nothing is charged twice.
    let (_, body, location) = declare(&app, &lucas, id, "turnover:2026:1", "25000").await;
    let r = receipt(
        &app,
        &lucas,
        "/api/get_declaration_receipt",
        &reference_of(&location.expect(&body)),
    )
    .await;
    let added: i64 = r["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| cents(x["amount"].as_str().unwrap()))
        .sum();
    assert_eq!(added, (5_300_00 + 25_00) - (4_240_00 + 20_00), "{r}");
    assert!(r["credit"].is_null());
    app.cleanup().await;
}

/// The amounts still ahead in the schedule, by due date.
fn ahead(a: &Value) -> Vec<(String, i64)> {
    a["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status_class"] == "to-pay")
        .map(|d| {
            (
                d["due_on"].as_str().unwrap().to_owned(),
                cents(d["amount"].as_str().unwrap()),
            )
        })
        .collect()
}

fn total_of(receipt: &Value) -> String {
    receipt["computed"].as_array().unwrap().last().unwrap()[1]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_lower_estimate_lowers_every_instalment_and_the_receipt_says_what_the_page_says() {
    let app = TestApp::new().await;
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let before = account(&app, &camille, None).await;
    let id = before["account_id"].as_i64().unwrap();
    // Her 2026 instalments run on 43 900 € (2024, N−2); she estimates 38 000 € for 2026.
    let (_, body, location) = declare(&app, &camille, id, "estimate:2026", "38000").await;
    let r = receipt(
        &app,
        &camille,
        "/api/get_declaration_receipt",
        &reference_of(&location.expect(&body)),
    )
    .await;
    let after = account(&app, &camille, None).await;
    let (old, new) = (ahead(&before), ahead(&after));
    assert_eq!(
        old.iter().map(|(d, _)| d).collect::<Vec<_>>(),
        new.iter().map(|(d, _)| d).collect::<Vec<_>>()
    );
    for ((due, was), (_, is)) in old.iter().zip(&new) {
        assert!(is < was, "{due}: {was} became {is}");
    }
    let called = year_total(2026, Activity::Artisanale, Cents(38_000_00)).format_fr();
    let y2026 = &after["incomes"][0];
    assert_eq!(y2026["year"], 2026);
    assert_eq!(y2026["basis"], "estimation de vos revenus 2026");
    assert_eq!(y2026["called"], called);
    assert_eq!(y2026["scheduled"], called);
    assert_eq!(after["schedule_total"], called);
    assert_eq!(total_of(&r), called, "{r}");
    app.cleanup().await;
}

#[tokio::test]
async fn a_lower_final_income_lowers_the_regularisation_and_the_year_agrees_everywhere() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let id = account(&app, &julie, None).await["account_id"]
        .as_i64()
        .unwrap();
    let regularised = |a: &Value| -> i64 {
        rows(a, "Régularisation")
            .iter()
            .map(|r| cents(r["amount"].as_str().unwrap()))
            .sum()
    };
    declare(&app, &julie, id, "final:2025", "57100")
        .await
        .2
        .expect("declared");
    let first = account(&app, &julie, None).await;
    let (_, _, location) = declare(&app, &julie, id, "final:2025", "55000").await;
    let second = account(&app, &julie, None).await;
    assert!(
        regularised(&second) < regularised(&first),
        "{} then {}",
        regularised(&first),
        regularised(&second)
    );
    let y2025 = |a: &Value| {
        a["incomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["year"] == 2025)
            .cloned()
            .unwrap()
    };
    let called = year_total(2025, Activity::Commerciale, Cents(55_000_00)).format_fr();
    assert_eq!(y2025(&second)["called"], called);
    assert_eq!(y2025(&second)["scheduled"], called, "{}", y2025(&second));
    assert!(cents(y2025(&first)["called"].as_str().unwrap()) > cents(&called));
    let r = receipt(
        &app,
        &julie,
        "/api/get_declaration_receipt",
        &reference_of(&location.unwrap()),
    )
    .await;
    assert_eq!(total_of(&r), called, "{r}");
    // 2026 is now computed on 2025's final income, and calls exactly that.
    let y2026 = &second["incomes"][0];
    assert_eq!(y2026["year"], 2026);
    assert_eq!(
        y2026["called"],
        year_total(2026, Activity::Commerciale, Cents(55_000_00)).format_fr()
    );
    assert_eq!(y2026["scheduled"], y2026["called"]);
    app.cleanup().await;
}

#[tokio::test]
async fn a_declaration_is_reviewed_before_it_is_recorded_and_validated_once() {
    let app = TestApp::new().await;
    let julie = app.sign_in("commercant@demo.passerelle.fr").await;
    let before = account(&app, &julie, None).await;
    let id = before["account_id"].as_i64().unwrap();
    let form = format!(
        "compte={id}&declaration={}&montant=40000",
        urlencode("estimate:2026")
    );
    let (_, body, location) = app
        .call_located("/api/review_declaration", &form, &julie)
        .await;
    assert_eq!(
        location.as_deref(),
        Some(format!("/mon-compte/cotisations/declarer/verifier?compte={id}").as_str()),
        "{body}"
    );
    // Nothing is recorded by the review.
    assert_eq!(
        account(&app, &julie, None).await["schedule"],
        before["schedule"]
    );
    let review: Value = app
        .post(
            "/api/get_declaration_review",
            &format!("account_id={id}"),
            Some(&julie),
        )
        .await
        .json();
    let rows = review["rows"].as_array().unwrap();
    let changed: Vec<&str> = rows
        .iter()
        .filter(|r| r["changed"] == true)
        .map(|r| r["due_on"].as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        ["5 mai 2026", "5 août 2026", "5 novembre 2026"],
        "{review}"
    );
    let target = year_total(2026, Activity::Commerciale, Cents(40_000_00));
    assert_eq!(review["totals"][0][2], target.format_fr(), "{review}");
    assert!(review["replacing"].is_null());
    // The form gets back what was typed ("Modifier ma déclaration").
    let f: Value = app
        .post(
            "/api/get_declaration_form",
            &format!("account_id={id}"),
            Some(&julie),
        )
        .await
        .json();
    assert_eq!(f["draft"][1], "40000");
    // A stale token is refused, naming what to do; the right one records once, twice clicked.
    let stale = app
        .call_located(
            "/api/declare_income",
            &format!("compte={id}&jeton=autre"),
            &julie,
        )
        .await;
    assert!(stale.1.contains("vérifiez-la à nouveau"), "{}", stale.1);
    let token = review["token"].as_str().unwrap();
    let validate = format!("compte={id}&jeton={token}");
    let (a, b) = tokio::join!(
        app.call_located("/api/declare_income", &validate, &julie),
        app.call_located("/api/declare_income", &validate, &julie)
    );
    assert_eq!(a.2, b.2, "the same receipt");
    let receipt_at = a.2.unwrap();
    assert!(
        receipt_at.contains("/declarations/DEC-2026-"),
        "{receipt_at}"
    );
    let after = account(&app, &julie, None).await;
    assert_eq!(
        after["declarations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "Revenu estimé")
            .count(),
        1
    );
    // What the review said is what the schedule now calls.
    let ahead: Vec<(String, String)> = after["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status_class"] == "to-pay")
        .map(|d| {
            (
                d["due_on"].as_str().unwrap().to_owned(),
                d["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let reviewed: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["due_on"].as_str().unwrap().to_owned(),
                r["after"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(ahead, reviewed);
    // A second estimate of the same year says what replacing the first does.
    app.call_located(
        "/api/review_declaration",
        &format!(
            "compte={id}&declaration={}&montant=38000",
            urlencode("estimate:2026")
        ),
        &julie,
    )
    .await;
    let again: Value = app
        .post(
            "/api/get_declaration_review",
            &format!("account_id={id}"),
            Some(&julie),
        )
        .await
        .json();
    assert!(
        again["replacing"].as_str().unwrap().contains("la remplace"),
        "{again}"
    );
    // Someone else's review is not theirs to read.
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let (status, _, _) = app
        .call(
            "/api/get_declaration_review",
            &format!("account_id={id}"),
            Some(&camille),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}

#[tokio::test]
async fn an_accountant_reviews_and_validates_for_a_client_only_with_a_received_mandate() {
    let app = TestApp::new().await;
    let expert = app.sign_in("expert@demo.passerelle.fr").await;
    let (_, body, _) = app.call("/api/list_clients", "", Some(&expert)).await;
    let clients: Value = serde_json::from_str(&body).unwrap();
    let clients = clients["clients"].as_array().unwrap();
    let lucas = clients
        .iter()
        .find(|c| c["holder_name"] == "Lucas Petit")
        .unwrap()["account_id"]
        .as_i64()
        .unwrap();
    let pending = clients
        .iter()
        .find(|c| c["mandate_received"] == false)
        .unwrap()["account_id"]
        .as_i64()
        .unwrap();
    let form = |id: i64| {
        format!(
            "compte={id}&declaration={}&montant=15000",
            urlencode("turnover:2026:1")
        )
    };
    let (_, body, location) = app
        .call_located("/api/review_declaration", &form(lucas), &expert)
        .await;
    assert_eq!(
        location.as_deref(),
        Some(format!("/cabinet/clients/{lucas}/cotisations/declarer/verifier").as_str()),
        "{body}"
    );
    let review: Value = app
        .post(
            "/api/get_declaration_review",
            &format!("account_id={lucas}"),
            Some(&expert),
        )
        .await
        .json();
    assert!(
        review["replacing"].as_str().unwrap().contains("la corrige"),
        "{review}"
    );
    let token = review["token"].as_str().unwrap();
    let (_, _, receipt) = app
        .call_located(
            "/api/declare_income",
            &format!("compte={lucas}&jeton={token}"),
            &expert,
        )
        .await;
    assert!(receipt.unwrap().starts_with(&format!(
        "/cabinet/clients/{lucas}/cotisations/declarations/DEC-2026-"
    )),);
    // A client whose mandate is only requested: refused inside each server function.
    let (status, _, _) = app
        .call("/api/review_declaration", &form(pending), Some(&expert))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app
        .call(
            "/api/get_declaration_review",
            &format!("account_id={pending}"),
            Some(&expert),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}

#[tokio::test]
async fn a_credit_is_deducted_from_the_next_amounts_due_and_its_use_is_in_the_history() {
    use app::persistence::repo::ledger;
    let app = TestApp::new().await;
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let before = account(&app, &camille, None).await;
    let id = before["account_id"].as_i64().unwrap();
    let today = common::today();
    // 2025 was called and debited on 43 900 €: its final income of 20 000 € is a credit, and
    // the rest of 2026, recomputed on it, calls a little more than January to April did.
    let (_, _, location) = declare(&app, &camille, id, "final:2025", "20000").await;
    let r = receipt(
        &app,
        &camille,
        "/api/get_declaration_receipt",
        &reference_of(&location.unwrap()),
    )
    .await;
    let credit = cents(r["credit"].as_str().unwrap());
    assert!(credit > 0, "{r}");
    assert!(
        r["credit_use"]
            .as_str()
            .unwrap()
            .contains("déduits de vos prochaines échéances"),
        "{r}"
    );
    let rows = ledger::list_due_rows(&app.state.db, id).await.unwrap();
    let uses = ledger::list_credit_uses(&app.state.db, id).await.unwrap();
    let credit_row = rows
        .iter()
        .find(|r| r.label == "Trop-perçu 2025")
        .expect("the credit is a row of the schedule");
    assert_eq!(credit_row.line.amount.get(), -credit);
    let deducted: i64 = uses.iter().map(|u| u.amount.get()).sum();
    assert!(deducted > 0, "May to December 2026 are ahead");
    assert!(uses.iter().all(|u| u.credit_due_id == credit_row.line.id));
    // Deducted from amounts due from today on, earliest first, never more than each amount.
    let ahead: Vec<&ledger::DueRow> = rows
        .iter()
        .filter(|r| r.line.amount.get() > 0 && r.line.due_on >= today)
        .collect();
    for row in &ahead {
        let on_it: i64 = uses
            .iter()
            .filter(|u| u.amount_due_id == row.line.id)
            .map(|u| u.amount.get())
            .sum();
        assert_eq!(row.line.allocated.get(), on_it, "nothing paid ahead yet");
    }
    let first_open = ahead.iter().position(|r| r.line.remaining().get() > 0);
    if let Some(i) = first_open {
        assert!(
            ahead[i + 1..]
                .iter()
                .all(|r| r.line.allocated == Cents::ZERO),
            "earliest first"
        );
        assert_eq!(
            deducted, credit,
            "the credit is used up before a row stays open"
        );
    } else {
        assert_eq!(
            credit_row.line.credit_left().get(),
            credit - deducted,
            "what could not be deducted stays, to be refunded"
        );
    }
    // The page says so: the credit row, the rows it went to, and the history.
    let after = account(&app, &camille, None).await;
    let page_rows: Vec<&Value> = ["schedule", "next_year", "earlier_unpaid"]
        .iter()
        .flat_map(|k| after[*k].as_array().unwrap())
        .collect();
    let shown = page_rows
        .iter()
        .find(|r| r["label"] == "Trop-perçu 2025")
        .unwrap();
    let note = shown["credit_note"].as_str().unwrap();
    assert!(note.contains("déduits de"), "{note}");
    assert_eq!(
        shown["status"],
        if deducted == credit {
            "Trop-perçu déduit"
        } else {
            "Trop-perçu à déduire"
        }
    );
    let noted = page_rows
        .iter()
        .filter(|r| {
            r["credit_note"]
                .as_str()
                .is_some_and(|n| n.contains("déduits (Trop-perçu 2025)"))
        })
        .count();
    assert_eq!(
        noted,
        ahead.iter().filter(|r| r.line.allocated.get() > 0).count()
    );
    let history: i64 = after["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["method"] == "Trop-perçu 2025 déduit")
        .map(|p| {
            assert!(p["reference"].as_str().unwrap().starts_with("Échéance du "));
            cents(p["amount"].as_str().unwrap())
        })
        .sum();
    assert_eq!(history, deducted);
    // The dashboard's next amount is what is left of it after the deduction.
    let next_on = ahead
        .iter()
        .filter(|r| r.line.remaining().get() > 0)
        .map(|r| r.line.due_on)
        .min();
    let next: i64 = ahead
        .iter()
        .filter(|r| Some(r.line.due_on) == next_on)
        .map(|r| r.line.remaining().get())
        .sum();
    let (_, body, _) = app.call("/api/get_dashboard", "", Some(&camille)).await;
    let dashboard: Value = serde_json::from_str(&body).unwrap();
    let card = &dashboard["accounts"][0];
    match next_on {
        Some(_) => assert_eq!(cents(card["next_due_amount"].as_str().unwrap()), next),
        None => assert!(card["next_due_amount"].is_null()),
    }
    // The same declaration again changes nothing: the credit is not deducted twice.
    declare(&app, &camille, id, "final:2025", "20000").await;
    let again = ledger::list_credit_uses(&app.state.db, id).await.unwrap();
    assert_eq!(again.len(), uses.len());
    // On 1 December, next year's call takes what is left of the credit.
    let left = credit - deducted;
    assert!(left > 0, "more credit than the rest of 2026");
    let december = common::d(2026, 12, 1);
    app::ssr::yearly_call::run(&app.state, december, app.state.clock.now())
        .await
        .unwrap();
    let rows = ledger::list_due_rows(&app.state.db, id).await.unwrap();
    let next_year: Vec<&ledger::DueRow> = rows
        .iter()
        .filter(|r| r.period_start.year() == 2027)
        .collect();
    let called_2027: i64 = next_year.iter().map(|r| r.line.amount.get()).sum();
    assert!(called_2027 > 0);
    let deducted_2027: i64 = next_year.iter().map(|r| r.line.allocated.get()).sum();
    assert_eq!(deducted_2027, left.min(called_2027));
    let credit_row = rows.iter().find(|r| r.label == "Trop-perçu 2025").unwrap();
    assert_eq!(
        credit_row.line.credit_left().get(),
        left - deducted_2027,
        "the rest, if any, to be refunded"
    );
    app.cleanup().await;
}
