//! Appointments over HTTP, on SQLite and on PostgreSQL (TEST_DATABASE_URL): the booking wizard
//! signed out (NIR, phone and code checks) and signed in, the race for one slot, the signed
//! link, the person's cancel and reschedule windows, the agency back office, hours changes that
//! never drop an appointment, reminders and the purge. Today is Friday 1 May 2026 (a holiday).

use crate::common;

use app::persistence::entities::{appointment, appointment_cell, outbox_email};
use app::persistence::repo::appointments::{self as repo, NewAppointment};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{urlencode, Reply, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::Value;

const HENRI: &str = "retraite@demo.passerelle.fr";
const AGENT: &str = "agent@demo.passerelle.fr";

fn join(cookies: &[&str]) -> String {
    cookies
        .iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("; ")
}

/// The draft cookie a reply set, or the one we had.
fn draft_cookie(r: &Reply, had: &str) -> String {
    r.cookies
        .iter()
        .find(|c| c.starts_with("passerelle_rdv="))
        .cloned()
        .unwrap_or_else(|| had.to_owned())
}

async fn step(app: &TestApp, cookie: &str, args: &str) -> Value {
    app.post("/api/get_booking_step", args, Some(cookie))
        .await
        .json()
}

fn reason_id(s: &Value, label_start: &str) -> i64 {
    s["objects"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["reasons"].as_array().unwrap().iter())
        .find(|r| r["label"].as_str().unwrap().starts_with(label_start))
        .unwrap_or_else(|| panic!("reason {label_start}"))["id"]
        .as_i64()
        .unwrap()
}

fn agency_id(s: &Value, name: &str) -> i64 {
    s["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("agency {name}: {s}"))["id"]
        .as_i64()
        .unwrap()
}

fn first_slot(s: &Value) -> String {
    s["slots"]["days"][0]["slots"][0]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no slot: {s}"))
        .to_owned()
}

/// Steps 1 to 3: returns the draft cookie, the agency and the slot chosen.
async fn up_to_slot(
    app: &TestApp,
    session: &str,
    region: &str,
    agency: &str,
    reason: &str,
    slot: Option<&str>,
) -> (String, i64, String) {
    let r = app
        .post(
            "/api/booking_region",
            &format!("region={}", urlencode(region)),
            Some(session),
        )
        .await;
    assert_eq!(r.to(), "/rendez-vous/motif");
    let draft = draft_cookie(&r, "");
    assert!(!draft.is_empty(), "the first step sets the draft cookie");
    let both = join(&[session, &draft]);
    let s = step(app, &both, "").await;
    let r = app
        .post(
            "/api/booking_reason",
            &format!("motif={}", reason_id(&s, reason)),
            Some(&both),
        )
        .await;
    assert_eq!(r.to(), "/rendez-vous/creneau");
    let s = step(app, &both, "").await;
    let agency = agency_id(&s, agency);
    let s = step(app, &both, &format!("agence={agency}")).await;
    let slot = slot.map(str::to_owned).unwrap_or_else(|| first_slot(&s));
    let r = app
        .post(
            "/api/booking_slot",
            &format!("agence={agency}&creneau={}", urlencode(&slot)),
            Some(&both),
        )
        .await;
    assert_eq!(r.to(), "/rendez-vous/coordonnees");
    (draft, agency, slot)
}

fn contact(nir: &str, phone: &str, email: &str) -> String {
    format!(
        "nir={}&nom=Lambert&prenom={}&adresse={}&telephone={}&email={}&conditions=oui",
        urlencode(nir),
        urlencode("Hélène"),
        urlencode("14 rue des Martyrs, 75009 Paris"),
        urlencode(phone),
        urlencode(email)
    )
}

async fn last_mail_to(app: &TestApp, to: &str) -> outbox_email::Model {
    outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .order_by_desc(outbox_email::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no mail to {to}"))
}

async fn mails_to(app: &TestApp, to: &str) -> Vec<outbox_email::Model> {
    outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .order_by_asc(outbox_email::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

/// The calendar file of a mail, unfolded (a CRLF followed by a space disappears).
fn ics_of(mail: &outbox_email::Model) -> String {
    assert_eq!(
        mail.attachment_name.as_deref(),
        Some("rendez-vous.ics"),
        "{}",
        mail.subject
    );
    mail.attachment_body.clone().unwrap().replace("\r\n ", "")
}

/// Asserts the calendar file is an invitation of the person by the agency that can update or
/// remove their calendar entry, and carries no signed link.
fn assert_itip(
    mail: &outbox_email::Model,
    uid: &str,
    method: &str,
    status: &str,
    sequence: u32,
    attendee: &str,
) -> String {
    let ics = ics_of(mail);
    let lines: Vec<&str> = ics.split("\r\n").collect();
    for expected in [
        format!("METHOD:{method}"),
        format!("STATUS:{status}"),
        format!("SEQUENCE:{sequence}"),
        format!("UID:{uid}"),
        "ORGANIZER;CN=\"Agence Paris Est\":mailto:ne-pas-repondre@passerelle.example".into(),
    ] {
        assert!(lines.contains(&expected.as_str()), "{expected} in\n{ics}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ATTENDEE;") && l.ends_with(&format!(":mailto:{attendee}"))),
        "{ics}"
    );
    assert_eq!(
        mail.attachment_type.as_deref(),
        Some(format!("text/calendar; charset=utf-8; method={method}").as_str())
    );
    assert!(
        !ics.contains("cle=") && !ics.contains("/rendez-vous/suivi/"),
        "no signed link in the calendar: {ics}"
    );
    ics
}

fn code_in(body: &str) -> String {
    body.split(" : ")
        .nth(1)
        .map(|rest| rest.chars().take(6).collect())
        .unwrap_or_default()
}

fn reference_in(location: &str) -> String {
    location
        .trim_start_matches("/rendez-vous/suivi/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

fn key_in(location: &str) -> String {
    location
        .split("cle=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_person_without_an_account_books_after_proving_their_email() {
    let app = TestApp::new().await;
    let (draft, _, slot) = up_to_slot(
        &app,
        "",
        "Île-de-France",
        "Agence Paris Centre",
        "Comprendre mon échéancier",
        None,
    )
    .await;

    // A wrong NIR key and a metropolitan number for a Guadeloupe mobile: each field is named,
    // and what was typed comes back with the page.
    let r = app
        .post(
            "/api/booking_contact",
            &contact(
                "295109912611199",
                "+33 6 90 00 00 00",
                "helene.lambert@example.fr",
            ),
            Some(&draft),
        )
        .await;
    assert!(
        r.error_on("nir")
            .starts_with("Numéro de sécurité sociale : la clé"),
        "{}",
        r.body
    );
    assert!(
        r.error_on("telephone").starts_with("Téléphone mobile :"),
        "{}",
        r.body
    );
    let kept = step(&app, &draft, "").await;
    assert_eq!(kept["contact"]["nir"], "295109912611199");
    assert_eq!(kept["contact"]["phone"], "+33 6 90 00 00 00");
    assert_eq!(kept["reachable"], 4);
    let r = app
        .post(
            "/api/booking_contact",
            &contact(
                "253072B07300470",
                "06 12 34 56 78",
                "helene.lambert@example.fr",
            )
            .replace("&conditions=oui", ""),
            Some(&draft),
        )
        .await;
    assert!(r.error_on("conditions").contains("conditions"));

    // Corsica's 2B NIR and a mobile: a code goes to the address typed.
    let r = app
        .post(
            "/api/booking_contact",
            &contact(
                "2 53 07 2B 073 004 70",
                "06 12 34 56 78",
                "Helene.Lambert@example.fr",
            ),
            Some(&draft),
        )
        .await;
    assert_eq!(r.to(), "/rendez-vous/code");
    let mail = last_mail_to(&app, "helene.lambert@example.fr").await;
    let code = code_in(&mail.body_text);
    assert_eq!(code.len(), 6, "{}", mail.body_text);
    // A new code may be asked for; the latest one is the one to type.
    assert_eq!(
        app.post("/api/booking_resend_code", "", Some(&draft))
            .await
            .to(),
        "/rendez-vous/code?renvoye=1"
    );
    assert_eq!(mails_to(&app, "helene.lambert@example.fr").await.len(), 2);
    let code = code_in(
        &last_mail_to(&app, "helene.lambert@example.fr")
            .await
            .body_text,
    );
    assert_eq!(code.len(), 6);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(app
        .post("/api/booking_code", &format!("code={wrong}"), Some(&draft))
        .await
        .error_on("code")
        .starts_with("Code de vérification"));
    let r = app.post("/api/booking_validate", "", Some(&draft)).await;
    assert!(
        r.error_on("valider").contains("étape 5"),
        "validation waits for the code"
    );
    assert_eq!(
        app.post("/api/booking_code", &format!("code={code}"), Some(&draft))
            .await
            .to(),
        "/rendez-vous/verification"
    );
    assert_eq!(step(&app, &draft, "").await["reachable"], 6);

    let r = app.post("/api/booking_validate", "", Some(&draft)).await;
    let to = r.to();
    assert!(
        to.starts_with("/rendez-vous/suivi/RDV-2026-")
            && to.contains("cle=")
            && to.ends_with("&nouveau=1"),
        "{to}"
    );
    let (reference, key) = (reference_in(&to), key_in(&to));
    let a = repo::find_by_reference(&app.state.db, &reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        a.starts_at,
        DateTime::parse_from_rfc3339(&slot)
            .unwrap()
            .with_timezone(&Utc)
    );
    assert_eq!(
        (
            a.nir.as_str(),
            a.phone.as_str(),
            a.email.as_str(),
            a.identity_id
        ),
        (
            "253072B073004",
            "+33612345678",
            "helene.lambert@example.fr",
            None
        )
    );
    assert_eq!(a.status.code(), "demande");
    assert_eq!(
        appointment_cell::Entity::find()
            .filter(appointment_cell::Column::AppointmentId.eq(a.id))
            .count(&app.state.db)
            .await
            .unwrap(),
        2,
        "30 minutes hold two cells"
    );

    // The email carries the signed link; the link opens the appointment, nothing else does.
    let mail = last_mail_to(&app, "helene.lambert@example.fr").await;
    assert_eq!(mail.subject, "Votre demande de rendez-vous est enregistrée");
    assert!(
        mail.body_text.contains(&format!(
            "http://localhost/rendez-vous/suivi/{reference}?cle={key}"
        )),
        "{}",
        mail.body_text
    );
    assert!(mail.body_text.contains("Un agent vous recontactera"));
    let v = app
        .post(
            "/api/get_appointment",
            &format!("reference={reference}&cle={key}"),
            None,
        )
        .await
        .json();
    assert_eq!(v["agency_name"], "Agence Paris Centre");
    assert_eq!(v["can_cancel"], true);
    assert_eq!(
        app.post(
            "/api/get_appointment",
            &format!("reference={reference}"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let forged = format!(
        "{}{}",
        &key[..31],
        if key.ends_with('0') { '1' } else { '0' }
    );
    assert_eq!(
        app.post(
            "/api/get_appointment",
            &format!("reference={reference}&cle={forged}"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let henri = app.sign_in(HENRI).await;
    assert_eq!(
        app.post(
            "/api/get_appointment",
            &format!("reference={reference}"),
            Some(&henri)
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "another person's session opens nothing"
    );
    // The draft starts over and keeps none of the details.
    let s = step(&app, &draft, "").await;
    assert_eq!(
        (s["reachable"].as_i64(), s["contact"]["nir"].as_str()),
        (Some(1), Some(""))
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_signed_in_pensioner_books_with_prefilled_details_and_sees_it_on_the_account() {
    let app = TestApp::new().await;
    let henri = app.sign_in(HENRI).await;
    let (draft, _, _) = up_to_slot(
        &app,
        &henri,
        "Nouvelle-Aquitaine",
        "Agence Bordeaux Mériadeck",
        "Préparer mon départ",
        None,
    )
    .await;
    let both = join(&[&henri, &draft]);
    let s = step(&app, &both, "").await;
    assert_eq!(s["signed_in"], true);
    assert_eq!(s["contact"]["nir"], "1 45 08 33 512 345 95");
    assert_eq!(s["contact"]["last_name"], "Moreau");
    assert_eq!(s["contact"]["email"], HENRI);
    assert_eq!(
        s["contact"]["phone"], "",
        "a landline is not offered as a mobile"
    );
    // The account's own address needs no code.
    let r = app
        .post(
            "/api/booking_contact",
            &contact("1 45 08 33 512 345 95", "07 12 34 56 78", HENRI).replace("Lambert", "Moreau"),
            Some(&both),
        )
        .await;
    assert_eq!(r.to(), "/rendez-vous/verification");
    assert_eq!(
        step(&app, &both, "").await["same_day"],
        serde_json::json!([]),
        "nothing else that day yet"
    );
    let to = app
        .post("/api/booking_validate", "", Some(&both))
        .await
        .to();
    let reference = reference_in(&to);
    // A second booking the same day: the review step names the first one.
    let (draft2, _, _) = up_to_slot(
        &app,
        &henri,
        "Nouvelle-Aquitaine",
        "Agence Bordeaux Mériadeck",
        "Préparer mon départ",
        None,
    )
    .await;
    let both2 = join(&[&henri, &draft2]);
    app.post(
        "/api/booking_contact",
        &contact("1 45 08 33 512 345 95", "07 12 34 56 78", HENRI).replace("Lambert", "Moreau"),
        Some(&both2),
    )
    .await
    .to();
    let same_day = step(&app, &both2, "").await["same_day"].clone();
    assert!(
        same_day[0]
            .as_str()
            .is_some_and(|o| o.contains(&reference) && o.contains("Agence Bordeaux Mériadeck")),
        "{same_day}"
    );
    let mine = app
        .post("/api/list_my_appointments", "", Some(&henri))
        .await
        .json();
    assert_eq!(mine[0]["reference"], reference.as_str());
    assert_eq!(mine[0]["agency"], "Agence Bordeaux Mériadeck");
    assert!(mine[0]["when"]
        .as_str()
        .unwrap()
        .contains("(heure de Paris)"));
    let v = app
        .post(
            "/api/get_appointment",
            &format!("reference={reference}"),
            Some(&henri),
        )
        .await
        .json();
    assert_eq!(v["duration"], "1 h");
    let agent = app.sign_in("expert@demo.passerelle.fr").await;
    assert_eq!(
        app.post("/api/list_my_appointments", "", Some(&agent))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "an accountant has no appointments of their own"
    );
    // The browser's draft cookie alone, signed out or as someone else, gives back none of his details.
    for other in ["", agent.as_str()] {
        let s = step(&app, &join(&[other, &draft]), "").await;
        assert_eq!(s["contact"]["nir"], "", "{other}");
    }
    assert_eq!(
        step(&app, &both, "").await["contact"]["nir"],
        "1 45 08 33 512 345 95",
        "his own session still finds them"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn of_eight_people_racing_for_one_slot_one_books_and_the_others_are_offered_the_nearest() {
    let app = TestApp::new().await;
    let henri = app.sign_in(HENRI).await;
    let (first, agency, slot) = up_to_slot(
        &app,
        &henri,
        "Île-de-France",
        "Agence Paris Ouest",
        "Comprendre mon échéancier",
        None,
    )
    .await;
    let mut drafts = vec![first];
    for _ in 0..7 {
        drafts.push(
            up_to_slot(
                &app,
                &henri,
                "Île-de-France",
                "Agence Paris Ouest",
                "Comprendre mon échéancier",
                Some(&slot),
            )
            .await
            .0,
        );
    }
    for d in &drafts {
        let both = join(&[&henri, d]);
        assert_eq!(
            app.post(
                "/api/booking_contact",
                &contact("1 45 08 33 512 345 95", "07 12 34 56 78", HENRI),
                Some(&both)
            )
            .await
            .to(),
            "/rendez-vous/verification"
        );
    }
    let calls = drafts.iter().map(|d| {
        let (app, both) = (&app, join(&[&henri, d]));
        async move {
            app.post("/api/booking_validate", "", Some(&both))
                .await
                .to()
        }
    });
    let outcomes = futures::future::join_all(calls).await;
    let booked: Vec<&String> = outcomes
        .iter()
        .filter(|l| l.starts_with("/rendez-vous/suivi/"))
        .collect();
    assert_eq!(booked.len(), 1, "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .filter(|l| *l == "/rendez-vous/creneau?pris=1")
            .count()
            == 7,
        "{outcomes:?}"
    );
    let start = DateTime::parse_from_rfc3339(&slot)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(
        appointment::Entity::find()
            .filter(appointment::Column::AgencyId.eq(agency))
            .filter(appointment::Column::StartsAt.eq(start))
            .count(&app.state.db)
            .await
            .unwrap(),
        1
    );
    let mut told = 0;
    for d in &drafts {
        let s = step(&app, &join(&[&henri, d]), &format!("agence={agency}")).await;
        if s["taken"].is_null() {
            continue;
        }
        told += 1;
        assert!(s["taken"]
            .as_str()
            .unwrap()
            .contains("vient d'être réservé"));
        let suggestions: Vec<&str> = s["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["value"].as_str().unwrap())
            .collect();
        assert_eq!(suggestions.len(), 3, "{s}");
        assert!(!suggestions.contains(&slot.as_str()));
        assert_eq!(s["reachable"], 3, "the lost slot must be chosen again");
    }
    assert_eq!(told, 7);
    app.cleanup().await;
}

async fn book_directly(
    app: &TestApp,
    reference: &str,
    agency: &str,
    start: DateTime<Utc>,
    minutes: i64,
) -> i64 {
    let agencies = repo::list_agencies(&app.state.db, "Île-de-France")
        .await
        .unwrap();
    let agency = agencies.iter().find(|a| a.name == agency).unwrap();
    let reason = repo::list_reasons(&app.state.db).await.unwrap()[0].id;
    repo::insert_appointment(
        &app.state.db,
        NewAppointment {
            reference,
            agency_id: agency.id,
            reason_id: reason,
            starts_at: start,
            duration_minutes: minutes,
            identity_id: None,
            nir: "295109912611",
            last_name: "Lambert",
            first_name: "Hélène",
            address: "14 rue des Martyrs, 75009 Paris",
            phone: "+33612345678",
            email: "helene@example.fr",
        },
        app.state.clock.now(),
    )
    .await
    .unwrap()
    .unwrap()
}

fn link_of(app: &TestApp, reference: &str) -> String {
    app::features::appointments::server::link_key(&app.state, reference)
}

#[tokio::test]
async fn the_person_cancels_until_4_hours_before_and_moves_until_2_days_before() {
    let app = TestApp::new().await;
    let now = app.state.clock.now();
    let soon = book_directly(
        &app,
        "RDV-2026-SOON22",
        "Agence Paris Est",
        now + Duration::hours(3),
        30,
    )
    .await;
    let key = link_of(&app, "RDV-2026-SOON22");
    let r = app
        .post(
            "/api/cancel_my_appointment",
            &format!("reference=RDV-2026-SOON22&cle={key}"),
            None,
        )
        .await;
    assert!(
        r.error_on("annuler").contains("moins de 4 heures avant"),
        "{}",
        r.body
    );
    let _ = soon;

    let tomorrow = Utc.from_utc_datetime(
        &(app.state.clock.today() + Duration::days(1))
            .and_hms_opt(20, 0, 0)
            .unwrap(),
    );
    book_directly(&app, "RDV-2026-TMRW33", "Agence Paris Est", tomorrow, 30).await;
    let key = link_of(&app, "RDV-2026-TMRW33");
    let v = app
        .post(
            "/api/get_appointment",
            &format!("reference=RDV-2026-TMRW33&cle={key}&du=2026-05-04"),
            None,
        )
        .await
        .json();
    assert_eq!(
        (v["can_cancel"].as_bool(), v["can_reschedule"].as_bool()),
        (Some(true), Some(false))
    );
    assert!(
        v["slots"].is_null(),
        "no slots offered once rescheduling is closed"
    );
    let r = app
        .post(
            "/api/reschedule_my_appointment",
            &format!(
                "reference=RDV-2026-TMRW33&cle={key}&creneau={}",
                urlencode("2026-05-12T08:00:00+00:00")
            ),
            None,
        )
        .await;
    assert!(r.error_on("creneau").contains("moins de 2 jours avant"));
    let to = app
        .post(
            "/api/cancel_my_appointment",
            &format!("reference=RDV-2026-TMRW33&cle={key}"),
            None,
        )
        .await
        .to();
    assert!(to.ends_with("&annule=1"), "{to}");
    let a = repo::find_by_reference(&app.state.db, "RDV-2026-TMRW33")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status.code(), "annule");
    assert_eq!(
        appointment_cell::Entity::find()
            .filter(appointment_cell::Column::AppointmentId.eq(a.id))
            .count(&app.state.db)
            .await
            .unwrap(),
        0,
        "the slot is free again"
    );
    let mail = last_mail_to(&app, "helene@example.fr").await;
    assert_eq!(mail.subject, "Votre rendez-vous est annulé");
    assert!(
        mail.attachment_name.is_none() && !mail.body_text.contains("fichier joint"),
        "never confirmed nor moved, so not in the calendar: {}",
        mail.body_text
    );

    // Tuesday 12 May 10:00 Paris, moved to another slot offered on the page.
    let start = Utc.with_ymd_and_hms(2026, 5, 12, 8, 0, 0).unwrap();
    book_directly(&app, "RDV-2026-LATER4", "Agence Paris Est", start, 30).await;
    let key = link_of(&app, "RDV-2026-LATER4");
    let v = app
        .post(
            "/api/get_appointment",
            &format!("reference=RDV-2026-LATER4&cle={key}&du=2026-05-12"),
            None,
        )
        .await
        .json();
    let offered: Vec<String> = v["slots"]["days"][0]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        offered.contains(&"2026-05-12T08:15:00+00:00".to_owned()),
        "its own interval does not block a nearby slot: {offered:?}"
    );
    assert!(
        !offered.contains(&"2026-05-12T08:00:00+00:00".to_owned()),
        "its own slot is not offered as a move: {offered:?}"
    );
    let r = app
        .post(
            "/api/reschedule_my_appointment",
            &format!(
                "reference=RDV-2026-LATER4&cle={key}&creneau={}",
                urlencode("2026-05-12T08:00:00+00:00")
            ),
            None,
        )
        .await;
    assert!(r
        .error_on("creneau")
        .contains("déjà l'horaire de ce rendez-vous"));
    let to = app
        .post(
            "/api/reschedule_my_appointment",
            &format!(
                "reference=RDV-2026-LATER4&cle={key}&creneau={}",
                urlencode("2026-05-12T08:15:00+00:00")
            ),
            None,
        )
        .await
        .to();
    assert!(to.ends_with("&deplace=1"));
    let a = repo::find_by_reference(&app.state.db, "RDV-2026-LATER4")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (a.starts_at, a.sequence, a.status.code()),
        (
            Utc.with_ymd_and_hms(2026, 5, 12, 8, 15, 0).unwrap(),
            1,
            "demande"
        )
    );
    // The calendar entry moves with it, tentative until the agency confirms the new slot.
    let mail = last_mail_to(&app, "helene@example.fr").await;
    assert!(
        mail.body_text
            .contains("marqué « à confirmer » tant que l'agence ne l'a pas confirmé"),
        "{}",
        mail.body_text
    );
    let ics = assert_itip(
        &mail,
        "RDV-2026-LATER4@localhost",
        "REQUEST",
        "TENTATIVE",
        1,
        "helene@example.fr",
    );
    assert!(
        ics.contains("\r\nDTSTART:20260512T081500Z\r\n") && ics.contains("(à confirmer)"),
        "{ics}"
    );
    // Confirmed: a newer version of the same event; then cancelled by the person: removed.
    let agent = app.sign_in(AGENT).await;
    assert!(app
        .post(
            "/api/agent_update_appointment",
            "reference=RDV-2026-LATER4&action=confirmer",
            Some(&agent)
        )
        .await
        .to()
        .ends_with("fait=confirme"));
    let ics = assert_itip(
        &last_mail_to(&app, "helene@example.fr").await,
        "RDV-2026-LATER4@localhost",
        "REQUEST",
        "CONFIRMED",
        2,
        "helene@example.fr",
    );
    assert!(!ics.contains("(à confirmer)"), "{ics}");
    assert!(app
        .post(
            "/api/cancel_my_appointment",
            &format!("reference=RDV-2026-LATER4&cle={key}"),
            None
        )
        .await
        .to()
        .ends_with("&annule=1"));
    let mail = last_mail_to(&app, "helene@example.fr").await;
    assert!(
        mail.body_text
            .contains("Le fichier joint le retire de votre agenda."),
        "{}",
        mail.body_text
    );
    let ics = assert_itip(
        &mail,
        "RDV-2026-LATER4@localhost",
        "CANCEL",
        "CANCELLED",
        3,
        "helene@example.fr",
    );
    assert!(ics.contains("Rendez-vous annulé à votre demande."), "{ics}");
    app.cleanup().await;
}

async fn agent_detail(app: &TestApp, agent: &str, reference: &str) -> Reply {
    app.post(
        "/api/get_agency_appointment",
        &format!("reference={reference}"),
        Some(agent),
    )
    .await
}

#[tokio::test]
async fn the_agent_confirms_moves_and_cancels_only_in_their_agency_and_the_person_is_told() {
    let app = TestApp::new().await;
    let agent = app.sign_in(AGENT).await;
    let agenda = app
        .post("/api/get_agency_agenda", "", Some(&agent))
        .await
        .json();
    assert_eq!(agenda["agency_name"], "Agence Paris Est");
    let marc = agenda["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["person"] == "Marc Girard")
        .expect("Marc's request to call back")
        .clone();
    let reference = marc["reference"].as_str().unwrap().to_owned();
    let d = agent_detail(&app, &agent, &reference).await.json();
    assert_eq!(d["nir"], "1 80 07 75 111 222 71");
    assert_eq!(d["can_confirm"], true);

    let update =
        |action: &str, extra: &str| format!("reference={reference}&action={action}{extra}");
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &update("note", "&note=Apporter+le+dernier+avis+d%27imposition"),
            Some(&agent)
        )
        .await
        .to()
        .ends_with("fait=note"));
    assert_eq!(
        agent_detail(&app, &agent, &reference).await.json()["note"],
        "Apporter le dernier avis d'imposition"
    );
    let before = mails_to(&app, "marc.girard@demo.passerelle.fr").await.len();
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &update("confirmer", ""),
            Some(&agent)
        )
        .await
        .to()
        .ends_with("fait=confirme"));
    let marc_mail = "marc.girard@demo.passerelle.fr";
    let uid = format!("{reference}@localhost");
    let confirmed = last_mail_to(&app, marc_mail).await;
    assert_eq!(confirmed.subject, "Votre rendez-vous est confirmé");
    assert!(confirmed
        .body_text
        .contains("Le fichier joint l'inscrit dans votre agenda."));
    let ics = assert_itip(&confirmed, &uid, "REQUEST", "CONFIRMED", 0, marc_mail);
    assert!(
        ics.contains("\r\nDTSTART:20260504T080000Z\r\n")
            && ics.contains(&format!("Référence : {reference} – ")),
        "{ics}"
    );
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &update("confirmer", ""),
            Some(&agent)
        )
        .await
        .error_on("action")
        .contains("Confirmation"));

    // Moved to the next free slot of another day: a new version of the calendar event.
    let d = app
        .post(
            "/api/get_agency_appointment",
            &format!("reference={reference}&du=2026-05-05"),
            Some(&agent),
        )
        .await
        .json();
    let to = d["view"]["slots"]["days"][0]["slots"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &update("deplacer", &format!("&creneau={}", urlencode(&to))),
            Some(&agent)
        )
        .await
        .to()
        .ends_with("fait=deplace"));
    let moved = last_mail_to(&app, marc_mail).await;
    assert_eq!(moved.subject, "Votre rendez-vous a changé d'horaire");
    assert!(moved
        .body_text
        .contains("Le fichier joint met à jour votre agenda."));
    assert_itip(&moved, &uid, "REQUEST", "CONFIRMED", 1, marc_mail);

    // A reason is required to cancel; the person receives it.
    let r = app
        .post(
            "/api/agent_update_appointment",
            &update("annuler", "&motif="),
            Some(&agent),
        )
        .await;
    assert!(r.error_on("motif").starts_with("Motif d'annulation"));
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &update("annuler", "&motif=Agence+ferm%C3%A9e+pour+travaux"),
            Some(&agent)
        )
        .await
        .to()
        .ends_with("fait=annule"));
    let cancelled = last_mail_to(&app, marc_mail).await;
    assert!(
        cancelled.body_text.contains(
            "Motif : Agence fermée pour travaux\nLe fichier joint le retire de votre agenda."
        ),
        "{}",
        cancelled.body_text
    );
    let ics = assert_itip(&cancelled, &uid, "CANCEL", "CANCELLED", 2, marc_mail);
    assert!(
        ics.contains("Motif : Agence fermée pour travaux"),
        "the agency's reason in the event: {ics}"
    );
    assert_eq!(mails_to(&app, marc_mail).await.len(), before + 3);
    // scripts/test.sh reads the three files of this life with a second parser (scripts/check_ics.py).
    if let Some(dir) = std::env::var_os("PASSERELLE_ICS_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, mail) in [
            ("1-confirmed.ics", &confirmed),
            ("2-moved.ics", &moved),
            ("3-cancelled.ics", &cancelled),
        ] {
            std::fs::write(
                std::path::Path::new(&dir).join(name),
                mail.attachment_body.as_deref().unwrap(),
            )
            .unwrap();
        }
    }

    // Another agency's appointment does not exist for this agent; other roles are refused.
    book_directly(
        &app,
        "RDV-2026-OUEST5",
        "Agence Paris Ouest",
        Utc.with_ymd_and_hms(2026, 5, 12, 8, 0, 0).unwrap(),
        30,
    )
    .await;
    assert_eq!(
        agent_detail(&app, &agent, "RDV-2026-OUEST5").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(
            "/api/agent_update_appointment",
            "reference=RDV-2026-OUEST5&action=annuler&motif=pas+chez+nous",
            Some(&agent)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Before it starts an appointment can be cancelled, not marked done; after, the reverse.
    let now = app.state.clock.now();
    book_directly(
        &app,
        "RDV-2026-PAST01",
        "Agence Paris Est",
        now - Duration::hours(2),
        30,
    )
    .await;
    let past =
        |action: &str, extra: &str| format!("reference=RDV-2026-PAST01&action={action}{extra}");
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &past("annuler", "&motif=Trop+tard+pour+annuler"),
            Some(&agent)
        )
        .await
        .error_on("motif")
        .contains("passé"));
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &past("confirmer", ""),
            Some(&agent)
        )
        .await
        .error_on("action")
        .starts_with("Confirmation"));
    assert!(app
        .post(
            "/api/agent_update_appointment",
            &past("terminer", ""),
            Some(&agent)
        )
        .await
        .to()
        .ends_with("fait=termine"));
    assert_eq!(
        repo::find_by_reference(&app.state.db, "RDV-2026-PAST01")
            .await
            .unwrap()
            .unwrap()
            .status
            .code(),
        "termine"
    );
    assert!(
        app.post(
            "/api/agent_update_appointment",
            &past("terminer", ""),
            Some(&agent)
        )
        .await
        .error_on("action")
        .starts_with("Rendez-vous terminé"),
        "once"
    );
    let nadia = agent_detail(&app, &agent, "RDV-DEMO-NADIA1").await.json();
    assert_eq!(
        (
            nadia["can_mark_done"].as_bool(),
            nadia["can_cancel"].as_bool()
        ),
        (Some(false), Some(true))
    );
    assert!(
        app.post(
            "/api/agent_update_appointment",
            "reference=RDV-DEMO-NADIA1&action=terminer",
            Some(&agent)
        )
        .await
        .error_on("action")
        .starts_with("Rendez-vous terminé"),
        "not before it starts"
    );
    for who in [HENRI, "expert@demo.passerelle.fr"] {
        let c = app.sign_in(who).await;
        assert_eq!(
            app.post("/api/get_agency_agenda", "", Some(&c))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
        assert_eq!(
            agent_detail(&app, &c, &reference).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn new_hours_never_drop_an_appointment_they_no_longer_allow() {
    let app = TestApp::new().await;
    let agent = app.sign_in(AGENT).await;
    // Marc's request is on Monday 4 May at 10:00.
    let r = app
        .post(
            "/api/save_opening_day",
            "jour=0&ouverture_1=25%3A00&fermeture_1=12%3A00&ouverture_2=&fermeture_2=",
            Some(&agent),
        )
        .await;
    assert!(
        r.error_on("ouverture_1_0").contains("heure d'ouverture"),
        "{}",
        r.body
    );
    let r = app
        .post(
            "/api/save_opening_day",
            "jour=0&ouverture_1=13%3A30&fermeture_1=12%3A00&ouverture_2=&fermeture_2=",
            Some(&agent),
        )
        .await;
    assert!(
        r.error_on("fermeture_1_0")
            .starts_with("Première plage (lundi)"),
        "{}",
        r.body
    );
    assert_eq!(
        app.post("/api/get_agency_hours", "", Some(&agent))
            .await
            .json()["to_handle"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // Mondays now open in the afternoon only.
    let to = app
        .post(
            "/api/save_opening_day",
            "jour=0&ouverture_1=13%3A30&fermeture_1=16%3A30&ouverture_2=&fermeture_2=",
            Some(&agent),
        )
        .await
        .to();
    assert_eq!(to, "/agence/horaires?enregistre=0");
    let hours = app
        .post("/api/get_agency_hours", "", Some(&agent))
        .await
        .json();
    assert_eq!(
        (
            hours["days"][0]["opens_1"].as_str(),
            hours["days"][0]["opens_2"].as_str()
        ),
        (Some("13:30"), Some(""))
    );
    let listed = hours["to_handle"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{hours}");
    assert_eq!(listed[0]["person"], "Marc Girard");
    let marc = repo::find_by_reference(&app.state.db, "RDV-DEMO-MARC01")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        marc.status.code(),
        "demande",
        "still booked, for the agent to handle"
    );
    assert_eq!(
        app.post("/api/get_agency_agenda", "", Some(&agent))
            .await
            .json()["to_handle"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        agent_detail(&app, &agent, "RDV-DEMO-MARC01").await.json()["out_of_hours"],
        true
    );

    // A closure covering Nadia's confirmed appointment lists it too.
    let nadia = repo::find_by_reference(&app.state.db, "RDV-DEMO-NADIA1")
        .await
        .unwrap()
        .unwrap();
    let day = nadia
        .starts_at
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let r = app
        .post(
            "/api/add_agency_closure",
            &format!("du={day}&au=&libelle=Inventaire"),
            Some(&agent),
        )
        .await;
    assert_eq!(r.to(), "/agence/horaires?fermeture=ajoutee");
    let r = app
        .post(
            "/api/add_agency_closure",
            "du=2026-04-01&au=2026-04-02&libelle=Pass%C3%A9",
            Some(&agent),
        )
        .await;
    assert!(r.error_on("au").starts_with("Fermeture :"));
    let hours = app
        .post("/api/get_agency_hours", "", Some(&agent))
        .await
        .json();
    assert_eq!(hours["to_handle"].as_array().unwrap().len(), 2);
    let closure = hours["closures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "Inventaire")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    // Booking no longer offers that day.
    let henri = app.sign_in(HENRI).await;
    let (draft, agency, _) = up_to_slot(
        &app,
        &henri,
        "Île-de-France",
        "Agence Paris Est",
        "Comprendre mon échéancier",
        None,
    )
    .await;
    let s = step(
        &app,
        &join(&[&henri, &draft]),
        &format!("agence={agency}&du={day}"),
    )
    .await;
    assert_ne!(s["slots"]["days"][0]["iso"], day.to_string());
    assert_eq!(
        app.post(
            "/api/remove_agency_closure",
            &format!("fermeture={closure}"),
            Some(&agent)
        )
        .await
        .to(),
        "/agence/horaires?fermeture=retiree"
    );
    assert_eq!(
        app.post("/api/get_agency_hours", "", Some(&agent))
            .await
            .json()["to_handle"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    app.cleanup().await;
}

#[tokio::test]
async fn reminders_go_out_once_48_hours_before_and_data_older_than_two_years_is_purged() {
    let app = TestApp::new().await;
    let marc = repo::find_by_reference(&app.state.db, "RDV-DEMO-MARC01")
        .await
        .unwrap()
        .unwrap();
    let early = marc.starts_at - Duration::hours(49);
    assert_eq!(
        app::features::appointments::server::run_jobs(&app.state, early)
            .await
            .unwrap()
            .reminders,
        0
    );
    let at = marc.starts_at - Duration::hours(47);
    let (a, b) = tokio::join!(
        app::features::appointments::server::run_jobs(&app.state, at),
        app::features::appointments::server::run_jobs(&app.state, at)
    );
    assert_eq!(
        a.unwrap().reminders + b.unwrap().reminders,
        1,
        "two workers, one reminder"
    );
    let reminders: Vec<_> = mails_to(&app, "marc.girard@demo.passerelle.fr")
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Rappel"))
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(
        reminders[0]
            .body_text
            .contains("lundi 4 mai 2026 à 10:00 (heure de Paris)"),
        "{}",
        reminders[0].body_text
    );
    assert_eq!(
        app::features::appointments::server::run_jobs(&app.state, at + Duration::minutes(5))
            .await
            .unwrap()
            .reminders,
        0
    );

    let now = app.state.clock.now();
    // Booked less than 48 hours ahead: the booking emails were enough, no reminder.
    book_directly(
        &app,
        "RDV-2026-LATE01",
        "Agence Paris Ouest",
        now + Duration::hours(30),
        30,
    )
    .await;
    assert_eq!(
        app::features::appointments::server::run_jobs(&app.state, now)
            .await
            .unwrap()
            .reminders,
        0
    );
    assert!(mails_to(&app, "helene@example.fr").await.is_empty());
    // Sent emails older than 2 years go too.
    let old = app::persistence::repo::outbox::insert_message(
        &app.state.db,
        "old@example.fr",
        "Ancien",
        "…",
        now,
    )
    .await
    .unwrap();
    app::persistence::repo::outbox::mark_sent(&app.state.db, old, now - Duration::days(760))
        .await
        .unwrap();
    let recent = app::persistence::repo::outbox::insert_message(
        &app.state.db,
        "recent@example.fr",
        "Récent",
        "…",
        now,
    )
    .await
    .unwrap();
    app::persistence::repo::outbox::mark_sent(&app.state.db, recent, now - Duration::days(700))
        .await
        .unwrap();
    book_directly(
        &app,
        "RDV-2024-OLD001",
        "Agence Paris Ouest",
        Utc.with_ymd_and_hms(2024, 4, 2, 8, 0, 0).unwrap(),
        30,
    )
    .await;
    book_directly(
        &app,
        "RDV-2024-KEPT02",
        "Agence Paris Ouest",
        Utc.with_ymd_and_hms(2024, 6, 3, 8, 0, 0).unwrap(),
        30,
    )
    .await;
    let purged = app::features::appointments::server::run_jobs(&app.state, now)
        .await
        .unwrap()
        .purged;
    assert_eq!(purged, 1);
    assert!(repo::find_by_reference(&app.state.db, "RDV-2024-OLD001")
        .await
        .unwrap()
        .is_none());
    assert!(repo::find_by_reference(&app.state.db, "RDV-2024-KEPT02")
        .await
        .unwrap()
        .is_some());
    assert!(mails_to(&app, "old@example.fr").await.is_empty());
    assert_eq!(mails_to(&app, "recent@example.fr").await.len(), 1);
    app.cleanup().await;
}

#[tokio::test]
async fn a_double_click_on_valider_books_once_and_both_clicks_lead_to_the_booking() {
    let app = TestApp::new().await;
    let henri = app.sign_in(HENRI).await;
    let (draft, _, _) = up_to_slot(
        &app,
        &henri,
        "La Réunion",
        "Agence La Réunion",
        "Comprendre mon échéancier",
        None,
    )
    .await;
    let both = join(&[&henri, &draft]);
    let s = step(&app, &both, "").await;
    assert!(
        s["slot"]
            .as_str()
            .unwrap()
            .contains("(heure de La Réunion)"),
        "{s}"
    );
    assert_eq!(
        app.post(
            "/api/booking_contact",
            &contact("1 45 08 33 512 345 95", "+262 6 92 12 34 56", HENRI),
            Some(&both)
        )
        .await
        .to(),
        "/rendez-vous/verification"
    );
    let (a, b) = tokio::join!(
        app.post("/api/booking_validate", "", Some(&both)),
        app.post("/api/booking_validate", "", Some(&both))
    );
    let (a, b) = (reference_in(&a.to()), reference_in(&b.to()));
    assert_eq!(a, b, "the same appointment");
    assert_eq!(
        repo::list_for_identity(
            &app.state.db,
            repo::find_by_reference(&app.state.db, &a)
                .await
                .unwrap()
                .unwrap()
                .identity_id
                .unwrap()
        )
        .await
        .unwrap()
        .len(),
        1
    );
    let again = app
        .post("/api/booking_validate", "", Some(&both))
        .await
        .to();
    assert_eq!(reference_in(&again), a, "a later click too");
    let booked = repo::find_by_reference(&app.state.db, &a)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(booked.phone, "+262692123456");
    // Réunion is UTC+4 all year: the agency opens at 07:30 local time, 03:30 UTC.
    let local = booked.starts_at.with_timezone(&chrono_tz::Indian::Reunion);
    assert_eq!(
        local.naive_local() - booked.starts_at.naive_utc(),
        Duration::hours(4)
    );
    app.cleanup().await;
}

/// Input that used to panic the server gets its 4xx naming the field instead: a NIR with a
/// multibyte character in the booking wizard, an agenda day at the edge of the calendar.
#[tokio::test]
async fn hostile_input_gets_a_named_refusal_not_a_panic() {
    let app = TestApp::new().await;
    let (draft, _, _) = up_to_slot(
        &app,
        "",
        "Île-de-France",
        "Agence Paris Centre",
        "Comprendre mon échéancier",
        None,
    )
    .await;
    for nir in ["1841276451089é", "18412764510894€", "😀84127645108946"] {
        let r = app
            .post(
                "/api/booking_contact",
                &contact(nir, "06 12 34 56 78", "helene.lambert@example.fr"),
                Some(&draft),
            )
            .await;
        assert!(
            r.error_on("nir")
                .starts_with("Numéro de sécurité sociale :"),
            "{nir}: {}",
            r.body
        );
    }
    let agent = app.sign_in(AGENT).await;
    for jour in ["+262142-12-31", "-262143-01-01", "9999-12-31", "demain"] {
        let r = app
            .post(
                "/api/get_agency_agenda",
                &format!("jour={}", urlencode(jour)),
                Some(&agent),
            )
            .await;
        assert!(
            r.error_on("jour").starts_with("Jour :"),
            "{jour}: {}",
            r.body
        );
    }
    let agenda = app
        .post("/api/get_agency_agenda", "jour=2026-05-04", Some(&agent))
        .await
        .json();
    assert_eq!(
        (agenda["day"].as_str(), agenda["next_day"].as_str()),
        (Some("2026-05-04"), Some("2026-05-05"))
    );
    app.cleanup().await;
}

#[tokio::test]
async fn the_calendar_file_goes_to_the_holder_of_the_link_or_the_booker_alone_while_the_appointment_is_to_come(
) {
    let app = TestApp::new().await;
    book_directly(
        &app,
        "RDV-2026-AGND55",
        "Agence Paris Est",
        Utc.with_ymd_and_hms(2026, 5, 12, 8, 0, 0).unwrap(),
        30,
    )
    .await;
    let key = link_of(&app, "RDV-2026-AGND55");
    let path = "/rendez-vous/suivi/RDV-2026-AGND55/agenda.ics";
    let v = app
        .post(
            "/api/get_appointment",
            &format!("reference=RDV-2026-AGND55&cle={key}"),
            None,
        )
        .await
        .json();
    assert_eq!(v["calendar_href"], format!("{path}?cle={key}"));
    assert!(
        v["next_steps"]
            .as_str()
            .unwrap()
            .starts_with("Votre demande est enregistrée"),
        "{v}"
    );
    let (status, ics, _) = app.get(&format!("{path}?cle={key}"), None).await;
    assert_eq!(status, StatusCode::OK, "{ics}");
    for line in [
        "METHOD:PUBLISH",
        "UID:RDV-2026-AGND55@localhost",
        "STATUS:TENTATIVE",
        "DTSTART:20260512T080000Z",
        "DTEND:20260512T083000Z",
    ] {
        assert!(ics.contains(&format!("\r\n{line}\r\n")), "{line}: {ics}");
    }
    assert!(
        !ics.contains("ATTENDEE"),
        "a published file invites no one: {ics}"
    );
    // Nobody else learns it exists: no key, a wrong key, another person signed in.
    let henri = app.sign_in(HENRI).await;
    for (query, cookie) in [
        ("", None),
        ("?cle=00000000000000000000000000000000", None),
        ("", Some(henri.as_str())),
    ] {
        let (status, _, _) = app.get(&format!("{path}{query}"), cookie).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{query} {cookie:?}");
    }
    // Confirmed by the agency: the file says so; cancelled: no file, no link, and the page says it.
    let agent = app.sign_in(AGENT).await;
    app.post(
        "/api/agent_update_appointment",
        "reference=RDV-2026-AGND55&action=confirmer",
        Some(&agent),
    )
    .await
    .to();
    let (_, ics, _) = app.get(&format!("{path}?cle={key}"), None).await;
    assert!(ics.contains("\r\nSTATUS:CONFIRMED\r\n"), "{ics}");
    app.post(
        "/api/cancel_my_appointment",
        &format!("reference=RDV-2026-AGND55&cle={key}"),
        None,
    )
    .await
    .to();
    let (status, _, _) = app.get(&format!("{path}?cle={key}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let v = app
        .post(
            "/api/get_appointment",
            &format!("reference=RDV-2026-AGND55&cle={key}"),
            None,
        )
        .await
        .json();
    assert!(
        v["calendar_href"].is_null()
            && v["next_steps"]
                .as_str()
                .unwrap()
                .starts_with("Ce rendez-vous est annulé"),
        "{v}"
    );
    app.cleanup().await;
}
