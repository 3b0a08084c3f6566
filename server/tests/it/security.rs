//! The holes found by probing every endpoint as every demo identity (issue 11), each held shut
//! over HTTP on both databases: bank files for the treasury alone, emailed codes and sign-in
//! attempts counted before they are checked, the return path after signing in, the mandate
//! oracle, contribution figures on the dashboard, one sign-in per person.

use crate::common;

use app::persistence::entities::{
    contributor_account, identity, login_throttle, organisation, outbox_email,
};
use app::persistence::repo::{audit, identities, payments};
use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use common::{urlencode, TestApp, PASSWORD};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

async fn identity_id(app: &TestApp, email: &str) -> i64 {
    identities::find_identity_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// An agent of another agency (La Réunion), signed in.
async fn reunion_agent(app: &TestApp) -> String {
    let agency = organisation::Entity::find()
        .filter(organisation::Column::Name.contains("Réunion"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo has a Réunion agency");
    let hash = app::ssr::passwords::hash_blocking(PASSWORD).unwrap();
    let new = identities::NewIdentity {
        email: "agent.reunion@demo.passerelle.fr",
        password_hash: &hash,
        kind: identities::KIND_AGENT,
        person_id: None,
        organisation_id: Some(agency.id),
        display_name: "Agence La Réunion",
    };
    identities::insert_identity(&app.state.db, new, Utc::now())
        .await
        .unwrap();
    app.sign_in("agent.reunion@demo.passerelle.fr").await
}

#[tokio::test]
async fn bank_files_are_listed_and_downloaded_by_the_treasury_alone_and_each_download_is_audited() {
    let app = TestApp::new().await;
    let now = app.state.clock.now();
    let date = app.state.clock.today() + Duration::days(3);
    let file = payments::claim_bank_file(&app.state.db, "PAS-TEST-FRST-1", date, "FRST", now)
        .await
        .unwrap()
        .unwrap();
    payments::fill_bank_file(
        &app.state.db,
        file,
        1,
        app::domain::money::Cents(801_00),
        "<Document><CstmrDrctDbtInitn/></Document>",
    )
    .await
    .unwrap();
    let href = format!("/tresorerie/fichiers/{file}");

    let paris_est = app.sign_in("agent@demo.passerelle.fr").await;
    let reunion = reunion_agent(&app).await;
    for agent in [&paris_est, &reunion] {
        assert_eq!(
            app.call("/api/list_bank_files", "", Some(agent)).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(app.get(&href, Some(agent)).await.0, StatusCode::FORBIDDEN);
        // The old address of the agents' page is gone.
        assert_ne!(
            app.get(&format!("/agence/fichiers/{file}"), Some(agent))
                .await
                .0,
            StatusCode::OK
        );
    }
    let (_, agency_page, _) = app.get("/agence", Some(&paris_est)).await;
    assert!(
        !agency_page.contains("/tresorerie"),
        "agents are not offered the bank files"
    );

    let treasury = app.sign_in("tresorerie@demo.passerelle.fr").await;
    let (status, body, _) = app.call("/api/list_bank_files", "", Some(&treasury)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("PAS-TEST-FRST-1") && body.contains(&href),
        "{body}"
    );
    let (status, xml, _) = app.get(&href, Some(&treasury)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(xml.contains("CstmrDrctDbtInitn"));
    let (status, page, _) = app.get("/tresorerie", Some(&treasury)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Fichiers de prélèvement SEPA"), "{page}");

    // The treasury sees no one's personal file, dashboard or agency.
    for (endpoint, args) in [
        ("/api/get_dashboard", ""),
        ("/api/get_personal_data", ""),
        ("/api/get_contribution_account", "account_id=1"),
        ("/api/list_clients", ""),
        ("/api/get_agency_overview", ""),
        ("/api/list_delay_requests", ""),
        ("/api/get_agency_agenda", ""),
    ] {
        let (status, body, _) = app.call(endpoint, args, Some(&treasury)).await;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{endpoint}: {status} {body}"
        );
    }

    let events = audit::list_events_for_action(&app.state.db, "bank_file_download")
        .await
        .unwrap();
    let treasury_id = identity_id(&app, "tresorerie@demo.passerelle.fr").await;
    assert_eq!(
        events
            .iter()
            .filter(|(who, outcome)| *who == Some(treasury_id) && outcome == "ok")
            .count(),
        1,
        "{events:?}"
    );
    assert_eq!(
        events
            .iter()
            .filter(|(_, outcome)| outcome == "refused")
            .count(),
        2,
        "{events:?}"
    );
    let row = app::persistence::entities::audit_event::Entity::find()
        .filter(app::persistence::entities::audit_event::Column::Action.eq("bank_file_download"))
        .filter(app::persistence::entities::audit_event::Column::Outcome.eq("ok"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.object.as_deref(), Some("PAS-TEST-FRST-1"), "which file");
    app.cleanup().await;
}

fn ticket_of(location: &str) -> String {
    location
        .split("ticket=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned()
}

/// The codes emailed to `to`, oldest first.
async fn codes_sent_to(app: &TestApp, to: &str) -> Vec<String> {
    outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .order_by_asc(outbox_email::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|m| {
            m.body_text
                .split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 6)
                .map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn emailed_codes_cannot_be_guessed_by_asking_for_more_of_them() {
    let app = TestApp::new().await;
    let email = "artisan@demo.passerelle.fr";
    let new_password = urlencode("une toute nouvelle phrase de passe");
    let finish = |ticket: &str, code: &str| {
        format!("ticket={ticket}&code={code}&password={new_password}&confirm={new_password}")
    };
    // Six tickets asked for, six wrong guesses on each.
    let mut tickets = Vec::new();
    let mut refused_tickets = 0;
    let mut answers = Vec::new();
    for _ in 0..6 {
        let r = app
            .post(
                "/api/start_reset",
                &format!("email={}", urlencode(email)),
                None,
            )
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            refused_tickets += 1;
            assert!(r.body.contains("Throttled"), "{}", r.body);
            continue;
        }
        let ticket = ticket_of(&r.to());
        for _ in 0..6 {
            answers.push(
                app.post("/api/finish_reset", &finish(&ticket, "000000"), None)
                    .await
                    .status,
            );
        }
        tickets.push(ticket);
    }
    assert_eq!(tickets.len(), 3, "3 codes per address per 15 minutes");
    assert_eq!(refused_tickets, 3);
    let codes = codes_sent_to(&app, email).await;
    assert_eq!(codes.len(), 3, "no email for a refused request");
    assert!(
        !codes.contains(&"000000".to_owned()),
        "the guess is wrong for this test to hold"
    );
    // 10 wrong codes across the tickets, then the flow waits.
    assert_eq!(
        answers
            .iter()
            .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
            .count(),
        10,
        "{answers:?}"
    );
    assert_eq!(
        answers
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        8,
        "{answers:?}"
    );

    // The right code of the latest ticket is refused until the wait ends, and says when.
    let latest = tickets.last().unwrap();
    let req = axum::http::Request::post("/api/finish_reset")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(axum::body::Body::from(finish(
            latest,
            codes.last().unwrap(),
        )))
        .unwrap();
    use tower::ServiceExt;
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = res
        .headers()
        .get(header::RETRY_AFTER)
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((14 * 60..=15 * 60).contains(&retry), "{retry}");

    // Fifteen minutes later (the lock and window moved back): the right code of an earlier
    // ticket stays dead, the latest one works.
    let past = app.state.clock.now() - Duration::minutes(16);
    let rows = login_throttle::Entity::find()
        .filter(login_throttle::Column::Key.starts_with("code-attempt:"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "one counter for the person, across tickets");
    for r in rows {
        let mut m: login_throttle::ActiveModel = r.into();
        m.window_started_at = Set(past);
        m.locked_until = Set(Some(past));
        m.update(&app.state.db).await.unwrap();
    }
    assert!(
        app.post("/api/finish_reset", &finish(&tickets[0], &codes[0]), None)
            .await
            .error_on("code")
            .starts_with("Code de vérification"),
        "an earlier code is invalidated by the next one"
    );
    let r = app
        .post(
            "/api/finish_reset",
            &finish(latest, codes.last().unwrap()),
            None,
        )
        .await;
    assert!(
        r.status.is_success() || r.status.is_redirection(),
        "{} {}",
        r.status,
        r.body
    );
    let signed = app
        .post(
            "/api/sign_in",
            &format!("login=artisan%40demo.passerelle.fr&password={new_password}"),
            None,
        )
        .await;
    assert_eq!(
        signed.cookies.len(),
        1,
        "the new password works: {}",
        signed.body
    );
    app.cleanup().await;
}

#[tokio::test]
async fn signup_codes_are_throttled_per_address_too() {
    let app = TestApp::new().await;
    // Marc on record, then someone who is not: the same answers (nothing tells who is insured).
    for form in [
        "nir=1+80+07+75+111+222+71&birth_date=02%2F07%2F1980&email=marc.girard%40exemple.fr",
        "nir=1+80+07+75+111+222+71&birth_date=03%2F07%2F1980&email=x%40exemple.fr",
    ] {
        for _ in 0..3 {
            assert!(app
                .post("/api/start_signup", form, None)
                .await
                .to()
                .contains("ticket="));
        }
        assert_eq!(
            app.post("/api/start_signup", form, None).await.status,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_wrong_passwords_reach_the_password_check_at_most_five_times() {
    let app = TestApp::new().await;
    let before = app.state.hasher.verifications();
    let calls = (0..40).map(|_| {
        let app = &app;
        async move {
            app.post(
                "/api/sign_in",
                "login=commercant%40demo.passerelle.fr&password=faux-mot-de-passe",
                None,
            )
            .await
            .status
        }
    });
    let statuses = futures::future::join_all(calls).await;
    let checked = app.state.hasher.verifications() - before;
    assert!(
        checked <= app::domain::throttle::SIGN_IN_PER_ACCOUNT.max as u64,
        "{checked} verifications"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
            .count() as u64,
        checked,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count() as u64,
        40 - checked,
        "{statuses:?}"
    );
    // The right password waits too.
    let r = app
        .post(
            "/api/sign_in",
            &format!("login=commercant%40demo.passerelle.fr&password={PASSWORD}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    app.cleanup().await;
}

#[tokio::test]
async fn after_signing_in_only_a_path_of_this_site_is_followed() {
    let app = TestApp::new().await;
    let app_ref = &app;
    let sign_in = |retour: &str| {
        let form =
            format!("login=artisan%40demo.passerelle.fr&password={PASSWORD}&retour={retour}");
        async move { app_ref.post("/api/sign_in", &form, None).await }
    };
    assert_eq!(
        sign_in("%2Fmon-compte%2Fcotisations").await.to(),
        "/mon-compte/cotisations"
    );
    for evil in [
        "%2F%09%2Fevil.example%2F",
        "%2F%0A%2Fevil.example",
        "%2F%0D%0ASet-Cookie%3A+x%3D1",
        "%2F%5Cevil.example",
        "%5C%2Fevil.example",
        "%2F%2Fevil.example",
        "%2F%252F%2Fevil.example",
        "%2F%255Cevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%C3%A9",
    ] {
        let r = sign_in(evil).await;
        assert_eq!(r.to(), "/mon-compte", "{evil}");
        assert_eq!(r.cookies.len(), 1, "signed in all the same: {evil}");
    }
    app.cleanup().await;
}

#[tokio::test]
async fn a_pensioner_with_a_closed_artisan_account_gets_no_contribution_figures() {
    let app = TestApp::new().await;
    let henri = identities::find_identity_by_email(&app.state.db, "retraite@demo.passerelle.fr")
        .await
        .unwrap()
        .unwrap();
    let agency = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq("agency"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    contributor_account::ActiveModel {
        person_id: Set(henri.person_id.unwrap()),
        agency_id: Set(agency.id),
        account_number: Set("AR-0330-1975-0001".into()),
        category: Set("artisan".into()),
        activity: Set("Menuiserie".into()),
        started_on: Set(chrono::NaiveDate::from_ymd_opt(1975, 3, 1).unwrap()),
        closed_on: Set(Some(chrono::NaiveDate::from_ymd_opt(2010, 9, 30).unwrap())),
        periodicity: Set("quarterly".into()),
        automatic_debit: Set(false),
        debit_day: Set(5),
        created_at: Set(Utc::now()),
        micro_kind: Set(None),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let cookie = app.sign_in("retraite@demo.passerelle.fr").await;
    let (status, body, _) = app.call("/api/get_dashboard", "", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let d: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(d["accounts"].as_array().unwrap().len(), 0, "{body}");
    assert!(!body.contains("AR-0330-1975-0001"), "{body}");
    // A contributor still gets theirs.
    let camille = app.sign_in("artisan@demo.passerelle.fr").await;
    let (_, body, _) = app.call("/api/get_dashboard", "", Some(&camille)).await;
    assert!(body.contains("AR-0760-2015-1187"), "{body}");
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_account_creations_at_once_give_the_person_one_sign_in() {
    let app = TestApp::new().await;
    // Marc Girard asks twice, with two addresses, and finishes both at the same time.
    let mut forms = Vec::new();
    for email in ["marc.girard@exemple.fr", "marc@autre.exemple.fr"] {
        let ticket = ticket_of(
            &app.post(
                "/api/start_signup",
                &format!(
                    "nir=1+80+07+75+111+222+71&birth_date=02%2F07%2F1980&email={}",
                    urlencode(email)
                ),
                None,
            )
            .await
            .to(),
        );
        let code = codes_sent_to(&app, email).await.pop().expect("a code");
        let pw = urlencode("une phrase de passe solide");
        forms.push(format!(
            "ticket={ticket}&code={code}&password={pw}&confirm={pw}"
        ));
    }
    let calls = forms.iter().map(|f| {
        let app = &app;
        async move { app.post("/api/finish_signup", f, None).await }
    });
    let replies = futures::future::join_all(calls).await;
    let won: Vec<_> = replies
        .iter()
        .filter(|r| r.status.is_success() || r.status.is_redirection())
        .collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        replies
            .iter()
            .map(|r| (r.status, r.body.clone()))
            .collect::<Vec<_>>()
    );
    let lost = replies
        .iter()
        .find(|r| r.status == StatusCode::UNPROCESSABLE_ENTITY)
        .expect("the other is refused");
    assert!(
        lost.error_on("code").starts_with("Un compte existe déjà"),
        "{}",
        lost.body
    );
    let marc = identities::find_person_by_nir(&app.state.db, "1800775111222")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        identity::Entity::find()
            .filter(identity::Column::PersonId.eq(marc.id))
            .count(&app.state.db)
            .await
            .unwrap(),
        1
    );
    app.cleanup().await;
}
