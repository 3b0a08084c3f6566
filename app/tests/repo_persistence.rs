//! Repository tests on the real migrations, on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: each test has a database of its own.

use app::domain::ledger::{summarise, DueKind, DueStatus, PaymentMethod};
use app::domain::money::Cents;
use app::persistence::repo::{drafts, ledger, outbox, sessions};
use app::persistence::testing::TestDb;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use sea_orm::EntityTrait;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn seeded() -> TestDb {
    let db = TestDb::new().await.unwrap();
    let now = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    app::persistence::seed::seed_demo(&db.db, "$argon2id$placeholder", d(2026, 5, 1), now)
        .await
        .unwrap();
    db
}

#[tokio::test]
async fn the_demo_seed_is_idempotent() {
    let db = seeded().await;
    let now = Utc::now();
    assert!(
        !app::persistence::seed::seed_demo(&db.db, "x", d(2026, 5, 1), now)
            .await
            .unwrap()
    );
    db.cleanup().await;
}

#[tokio::test]
async fn a_partial_payment_and_a_split_are_derived_from_allocations() {
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    // A fresh account of the micro-entrepreneur kind is not needed: reuse the artisan's id 2.
    let account_id = 2;
    let due_a = ledger::insert_due(
        conn,
        ledger::NewDue {
            account_id,
            kind: DueKind::Regularisation,
            label: "Régularisation 2025",
            period_start: d(2025, 1, 1),
            period_end: d(2025, 12, 31),
            due_on: d(2026, 6, 5),
            amount: Cents(300_00),
            source: None,
            parts: None,
        },
        now,
    )
    .await
    .unwrap();
    let due_b = ledger::insert_due(
        conn,
        ledger::NewDue {
            account_id,
            kind: DueKind::Regularisation,
            label: "Régularisation 2025 (2)",
            period_start: d(2025, 1, 1),
            period_end: d(2025, 12, 31),
            due_on: d(2026, 7, 5),
            amount: Cents(200_00),
            source: None,
            parts: None,
        },
        now,
    )
    .await
    .unwrap();
    // One payment split over two amounts due, leaving 50 € on the second.
    let pay = ledger::insert_payment(
        conn,
        account_id,
        d(2026, 5, 2),
        Cents(450_00),
        PaymentMethod::Transfer,
        "VIR-TEST",
        now,
    )
    .await
    .unwrap();
    ledger::insert_allocation(conn, pay, due_a, Cents(300_00), now)
        .await
        .unwrap();
    ledger::insert_allocation(conn, pay, due_b, Cents(150_00), now)
        .await
        .unwrap();

    let lines = ledger::list_due_lines(conn, account_id).await.unwrap();
    let a = lines.iter().find(|l| l.id == due_a).unwrap();
    let b = lines.iter().find(|l| l.id == due_b).unwrap();
    assert_eq!(a.status(d(2026, 5, 2)), DueStatus::Paid);
    assert_eq!(b.remaining(), Cents(50_00));
    assert_eq!(b.status(d(2026, 7, 6)), DueStatus::Overdue);
    let paid = ledger::payments_total(conn, account_id).await.unwrap();
    let summary = summarise(&lines, paid, d(2026, 5, 2));
    assert_eq!(
        summary.balance,
        lines.iter().map(|l| l.amount).sum::<Cents>() - paid
    );
    db.cleanup().await;
}

#[tokio::test]
async fn a_draft_belongs_to_the_identity_and_survives_a_new_session() {
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    let first = sessions::insert_session(conn, "hash-one", 1, now)
        .await
        .unwrap();
    drafts::upsert_draft(
        conn,
        1,
        "payment",
        r#"{"step":2,"amount_cents":120000}"#,
        now,
    )
    .await
    .unwrap();
    sessions::delete_session(conn, first.id).await.unwrap();
    sessions::insert_session(conn, "hash-two", 1, now)
        .await
        .unwrap();
    assert_eq!(
        drafts::find_draft(conn, 1, "payment")
            .await
            .unwrap()
            .as_deref(),
        Some(r#"{"step":2,"amount_cents":120000}"#)
    );
    // The last save wins, and another identity sees nothing.
    drafts::upsert_draft(conn, 1, "payment", r#"{"step":3}"#, now)
        .await
        .unwrap();
    assert_eq!(
        drafts::find_draft(conn, 1, "payment")
            .await
            .unwrap()
            .as_deref(),
        Some(r#"{"step":3}"#)
    );
    assert_eq!(drafts::find_draft(conn, 2, "payment").await.unwrap(), None);
    db.cleanup().await;
}

#[tokio::test]
async fn expired_sessions_are_purged_by_either_limit() {
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    let idle = sessions::insert_session(conn, "idle", 1, now - Duration::minutes(40))
        .await
        .unwrap();
    let fresh = sessions::insert_session(conn, "fresh", 1, now)
        .await
        .unwrap();
    let removed = sessions::delete_expired_sessions(
        conn,
        now - Duration::minutes(30),
        now - Duration::hours(12),
    )
    .await
    .unwrap();
    assert_eq!(removed, 1);
    assert!(
        sessions::find_session(conn, "idle")
            .await
            .unwrap()
            .is_none(),
        "{idle:?}"
    );
    assert_eq!(
        sessions::find_session(conn, "fresh").await.unwrap(),
        Some(fresh)
    );
    db.cleanup().await;
}

#[tokio::test]
async fn two_workers_never_claim_the_same_email() {
    let db = seeded().await;
    let now = Utc::now();
    for i in 0..30 {
        outbox::insert_message(&db.db, &format!("p{i}@exemple.fr"), "Objet", "Corps", now)
            .await
            .unwrap();
    }
    let (a, b) = tokio::join!(
        outbox::claim_pending(&db.db, now, 30),
        outbox::claim_pending(&db.db, now, 30)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut ids: Vec<i64> = a.iter().chain(b.iter()).map(|m| m.id).collect();
    assert_eq!(
        ids.len(),
        30,
        "every message claimed once: {} + {}",
        a.len(),
        b.len()
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30);
    // Claimed messages are not handed out again while the claim holds.
    assert!(outbox::claim_pending(&db.db, now, 30)
        .await
        .unwrap()
        .is_empty());
    // A claim that expired (the process died) is handed out again.
    assert_eq!(
        outbox::claim_pending(&db.db, now + Duration::minutes(6), 30)
            .await
            .unwrap()
            .len(),
        30
    );
    db.cleanup().await;
}

#[tokio::test]
async fn processes_starting_together_migrate_once() {
    let db = TestDb::new_unmigrated().await.unwrap();
    // Five "processes" run the migrations at once against the same database: on PostgreSQL the
    // advisory lock serialises them; every one must succeed.
    let url = db.url.clone();
    let mut handles = Vec::new();
    for _ in 0..5 {
        let url = url.clone();
        handles.push(tokio::spawn(async move {
            let conn = app::persistence::connect(&url, 2).await?;
            app::persistence::migrate(&url, &conn).await?;
            app::persistence::migrations_applied(&conn).await
        }));
    }
    for h in handles {
        assert!(h.await.unwrap().unwrap());
    }
    db.cleanup().await;
}

#[tokio::test]
async fn a_replaced_amount_is_cancelled_once_and_nets_out_of_the_schedule() {
    use app::persistence::repo::schedule;
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    let account_id = 2;
    let new = |label, due_on, amount| ledger::NewDue {
        account_id,
        kind: DueKind::CurrentContribution,
        label,
        period_start: d(2026, 7, 1),
        period_end: d(2026, 7, 31),
        due_on,
        amount: Cents(amount),
        source: Some("DEC-2026-TEST01"),
        parts: None,
    };
    let unpaid = ledger::insert_due(conn, new("Juillet", d(2026, 7, 5), 500_00), now)
        .await
        .unwrap();
    let half = ledger::insert_due(conn, new("Août", d(2026, 8, 5), 400_00), now)
        .await
        .unwrap();
    let pay = ledger::insert_payment(
        conn,
        account_id,
        d(2026, 5, 2),
        Cents(100_00),
        PaymentMethod::Transfer,
        "VIR-T",
        now,
    )
    .await
    .unwrap();
    ledger::insert_allocation(conn, pay, half, Cents(100_00), now)
        .await
        .unwrap();

    assert!(schedule::lock_account(conn, account_id).await.unwrap());
    assert!(!schedule::lock_account(conn, 999_999).await.unwrap());
    schedule::cancel_due(
        conn,
        unpaid,
        Cents(500_00),
        schedule::CANCEL_ESTIMATE,
        "DEC-2026-TEST02",
        now,
    )
    .await
    .unwrap();
    schedule::cancel_due(
        conn,
        half,
        Cents(300_00),
        schedule::CANCEL_INSTALMENTS,
        "DEL-2026-TEST03",
        now,
    )
    .await
    .unwrap();
    // The UNIQUE constraint: a row is replaced at most once.
    assert!(schedule::cancel_due(
        conn,
        unpaid,
        Cents(1),
        schedule::CANCEL_ESTIMATE,
        "DEC-2026-TEST04",
        now
    )
    .await
    .is_err());

    let rows = ledger::list_due_rows(conn, account_id).await.unwrap();
    assert!(
        rows.iter().all(|r| r.line.id != unpaid),
        "a row replaced entirely is not listed"
    );
    let h = rows.iter().find(|r| r.line.id == half).unwrap();
    assert_eq!(
        (h.line.amount, h.cancelled, h.line.status(d(2026, 9, 1))),
        (Cents(100_00), Cents(300_00), DueStatus::Paid)
    );
    assert_eq!(h.source_reference.as_deref(), Some("DEC-2026-TEST01"));
    assert!(ledger::list_all_due_rows(conn, account_id)
        .await
        .unwrap()
        .iter()
        .any(|r| r.line.id == unpaid));
    assert_eq!(
        schedule::cancellations_by_source(conn, "DEC-2026-TEST02")
            .await
            .unwrap(),
        vec![(unpaid, Cents(500_00))]
    );
    db.cleanup().await;
}

#[tokio::test]
async fn one_pending_delay_per_amount_and_one_decision_per_request() {
    use app::persistence::repo::schedule::{self, NewDelayRequest};
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    let due = ledger::list_due_lines(conn, 2).await.unwrap()[0].id;
    let req = |reference| NewDelayRequest {
        reference,
        account_id: 2,
        amount_due_id: due,
        amount: Cents(100_00),
        instalments: 3,
        reason: "Baisse d'activité",
        requested_by: 1,
    };
    let first = schedule::insert_delay_request(conn, req("DEL-2026-AAAAAA"), now)
        .await
        .unwrap();
    // The partial unique index refuses a second pending request for the same amount.
    assert!(
        schedule::insert_delay_request(conn, req("DEL-2026-BBBBBB"), now)
            .await
            .is_err()
    );
    assert!(schedule::decide_delay_request(
        conn,
        first,
        schedule::DELAY_REFUSED,
        8,
        Some("Non."),
        now
    )
    .await
    .unwrap());
    assert!(
        !schedule::decide_delay_request(conn, first, schedule::DELAY_ACCEPTED, 8, None, now)
            .await
            .unwrap(),
        "decided once"
    );
    // Once decided, a new request may be made.
    schedule::insert_delay_request(conn, req("DEL-2026-CCCCCC"), now)
        .await
        .unwrap();
    let listed = schedule::list_delay_requests_for_account(conn, 2)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let refused = schedule::find_delay_request(conn, "DEL-2026-AAAAAA")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (refused.status.as_str(), refused.decision_message.as_deref()),
        (schedule::DELAY_REFUSED, Some("Non."))
    );
    db.cleanup().await;
}

#[tokio::test]
async fn a_declaration_is_kept_with_its_reference() {
    use app::persistence::repo::schedule::{self, NewDeclaration};
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    let n = |reference| NewDeclaration {
        account_id: 2,
        year: 2025,
        kind: "final",
        period_start: d(2025, 1, 1),
        period_end: d(2025, 12, 31),
        amount: Cents(50_000_00),
        reference,
        declared_by: Some(1),
    };
    schedule::insert_declaration(conn, n("DEC-2026-KEEP01"), now)
        .await
        .unwrap();
    schedule::insert_declaration(conn, n("DEC-2026-KEEP02"), now)
        .await
        .unwrap();
    assert!(
        schedule::insert_declaration(conn, n("DEC-2026-KEEP01"), now)
            .await
            .is_err(),
        "references are unique"
    );
    let all = ledger::list_declarations(conn, 2).await.unwrap();
    assert_eq!(
        all.iter()
            .filter(|x| x.year == 2025
                && x.kind == "final"
                && x.reference.starts_with("DEC-2026-KEEP"))
            .count(),
        2,
        "never overwritten"
    );
    assert_eq!(
        schedule::find_declaration(conn, "DEC-2026-KEEP02")
            .await
            .unwrap()
            .unwrap()
            .declared_by_identity_id,
        Some(1)
    );
    db.cleanup().await;
}

#[tokio::test]
async fn a_person_has_one_active_mandate_per_iban_others_may_share_it_and_a_revoked_one_frees_it() {
    use app::domain::sepa::Iban;
    use app::persistence::repo::accounts;
    use app::persistence::repo::payments::{self, NewMandate};
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    let iban = Iban::parse("FR7630006000011234567890189").unwrap();
    let holder = accounts::find_account(conn, 3)
        .await
        .unwrap()
        .unwrap()
        .person_id;
    let other = accounts::find_account(conn, 2)
        .await
        .unwrap()
        .unwrap()
        .person_id;
    assert_ne!(holder, other);
    let m = |account_id, person_id| NewMandate {
        account_id,
        person_id,
        account_number: "CO-TEST",
        iban: &iban,
        bic: None,
        last_name: "Bernard",
        first_name: "Julie",
        address: "Angers",
        signed_by: 1,
    };
    let first = payments::insert_mandate(conn, m(3, holder), now)
        .await
        .unwrap();
    assert_eq!(first.rum, format!("PAS-COTEST-{}", first.id));
    // The same person, on another of their accounts: refused by the database.
    let twice = payments::insert_mandate(conn, m(2, holder), now)
        .await
        .unwrap_err();
    assert!(app::persistence::is_unique_violation(&twice), "{twice}");
    // Another person on the same IBAN (a joint account): accepted.
    let joint = payments::insert_mandate(conn, m(2, other), now)
        .await
        .unwrap();
    assert_eq!(
        payments::find_active_mandate_of_person(conn, other, &iban)
            .await
            .unwrap()
            .unwrap()
            .id,
        joint.id
    );
    assert!(
        payments::end_mandate(conn, first.id, payments::MANDATE_REVOKED, now)
            .await
            .unwrap()
    );
    assert!(
        !payments::end_mandate(conn, first.id, payments::MANDATE_REVOKED, now)
            .await
            .unwrap(),
        "ended once"
    );
    let again = payments::insert_mandate(conn, m(2, holder), now)
        .await
        .unwrap();
    assert_ne!(again.rum, first.rum, "a revoked mandate is never reused");
    assert_eq!(
        payments::find_active_mandate_of_person(conn, holder, &iban)
            .await
            .unwrap()
            .unwrap()
            .id,
        again.id
    );
    db.cleanup().await;
}

#[tokio::test]
async fn a_telepayment_key_a_debit_source_and_a_bank_file_are_each_claimed_once() {
    use app::domain::sepa::Iban;
    use app::persistence::repo::payments::{self, NewDebit, NewMandate, NewTelepayment};
    let db = seeded().await;
    let now = Utc::now();
    let conn = &db.db;
    let iban = Iban::parse("FR1420041010050500013M02606").unwrap();
    let mandate = payments::insert_mandate(
        conn,
        NewMandate {
            account_id: 3,
            person_id: accounts_person(conn, 3).await,
            account_number: "CO-TEST",
            iban: &iban,
            bic: None,
            last_name: "B",
            first_name: "J",
            address: "A",
            signed_by: 1,
        },
        now,
    )
    .await
    .unwrap();
    let due = ledger::list_due_lines(conn, 3)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id;
    let parts = [(mandate.id, Cents(100_00))];
    let t = |reference| NewTelepayment {
        reference,
        idempotency_key: "draft-key",
        account_id: 3,
        amount_due_id: due,
        amount: Cents(100_00),
        collection_date: d(2026, 5, 4),
        created_by: 1,
        parts: &parts,
    };
    assert!(
        payments::insert_telepayment(conn, t("TLP-2026-ONCE01"), now)
            .await
            .unwrap()
    );
    assert!(
        !payments::insert_telepayment(conn, t("TLP-2026-ONCE02"), now)
            .await
            .unwrap(),
        "the same draft key pays once"
    );
    let found = payments::find_telepayment_by_key(conn, "draft-key")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.reference.as_str(), found.parts.as_slice()),
        ("TLP-2026-ONCE01", &parts[..])
    );

    let debit = |e2e| NewDebit {
        end_to_end_id: e2e,
        source_kind: payments::SOURCE_TELEPAYMENT,
        source_id: 77,
        account_id: 3,
        mandate_id: mandate.id,
        amount_due_id: due,
        amount: Cents(100_00),
        collection_date: d(2026, 5, 4),
        sequence_type: "FRST",
    };
    assert!(payments::insert_debit(conn, debit("PAS-TP-77"), now)
        .await
        .unwrap());
    assert!(
        !payments::insert_debit(conn, debit("PAS-TP-77b"), now)
            .await
            .unwrap(),
        "one debit per source"
    );
    let file = payments::claim_bank_file(conn, "PAS-20260504-FRST-1", d(2026, 5, 4), "FRST", now)
        .await
        .unwrap()
        .expect("claimed");
    let attached = payments::attach_debits(conn, file, d(2026, 5, 4), "FRST")
        .await
        .unwrap();
    assert_eq!(attached.len(), 1);
    assert!(payments::unfiled_batches(conn, d(2026, 12, 31))
        .await
        .unwrap()
        .is_empty());
    // A later claim for the same date and sequence is the next part, and finds nothing to file:
    // a debit belongs to one file only (the writer then rolls the claim back).
    let second = payments::claim_bank_file(conn, "PAS-20260504-FRST-2", d(2026, 5, 4), "FRST", now)
        .await
        .unwrap()
        .expect("part 2");
    assert_ne!(second, file);
    assert!(payments::attach_debits(conn, second, d(2026, 5, 4), "FRST")
        .await
        .unwrap()
        .is_empty());
    let parts: Vec<i32> = app::persistence::entities::bank_file::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.part)
        .collect();
    assert_eq!(parts, vec![1, 2]);
    db.cleanup().await;
}

#[tokio::test]
async fn overlapping_appointments_are_refused_by_the_database_and_a_cancelled_one_frees_its_slot() {
    use app::domain::appointment::AppointmentStatus;
    use app::persistence::repo::appointments::{self as rdv, NewAppointment, SlotTaken};
    let db = seeded().await;
    let conn = &db.db;
    let now = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let agencies = rdv::list_agencies(conn, "Île-de-France").await.unwrap();
    assert_eq!(
        agencies.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        [
            "Agence Paris Centre",
            "Agence Paris Est",
            "Agence Paris Ouest"
        ]
    );
    assert_eq!(
        rdv::list_regions(conn).await.unwrap(),
        ["Île-de-France", "La Réunion", "Nouvelle-Aquitaine"]
    );
    let (centre, ouest) = (agencies[0].id, agencies[2].id);
    let reason = rdv::list_reasons(conn).await.unwrap()[0].id;
    let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 5, 12, h, m, 0).unwrap();
    let new =
        |reference: &'static str, agency_id: i64, starts_at, duration_minutes| NewAppointment {
            reference,
            agency_id,
            reason_id: reason,
            starts_at,
            duration_minutes,
            identity_id: None,
            nir: "295109912611",
            last_name: "Lambert",
            first_name: "Hélène",
            address: "14 rue des Martyrs, 75009 Paris",
            phone: "+33612345678",
            email: "helene@example.fr",
        };
    // 08:00–08:45 holds three cells; 08:30–09:00 overlaps its last one, even with another duration.
    let first = rdv::insert_appointment(conn, new("RDV-2026-AAAAA1", centre, at(8, 0), 45), now)
        .await
        .unwrap()
        .unwrap();
    let txn = sea_orm::TransactionTrait::begin(conn).await.unwrap();
    assert_eq!(
        rdv::insert_appointment(&txn, new("RDV-2026-AAAAA2", centre, at(8, 30), 30), now)
            .await
            .unwrap(),
        Err(SlotTaken)
    );
    txn.rollback().await.unwrap();
    assert!(
        rdv::find_by_reference(conn, "RDV-2026-AAAAA2")
            .await
            .unwrap()
            .is_none(),
        "the loser's row is rolled back"
    );
    // Another agency, or right after: fine.
    rdv::insert_appointment(conn, new("RDV-2026-AAAAA3", ouest, at(8, 30), 30), now)
        .await
        .unwrap()
        .unwrap();
    rdv::insert_appointment(conn, new("RDV-2026-AAAAA4", centre, at(8, 45), 30), now)
        .await
        .unwrap()
        .unwrap();
    let busy = rdv::busy(conn, centre, at(0, 0), at(23, 0)).await.unwrap();
    assert_eq!(busy.len(), 2);
    // Moving onto a held cell is refused; cancelling frees the slot for someone else.
    let a = rdv::find_by_reference(conn, "RDV-2026-AAAAA4")
        .await
        .unwrap()
        .unwrap();
    let txn = sea_orm::TransactionTrait::begin(conn).await.unwrap();
    assert_eq!(
        rdv::move_appointment(&txn, &a, at(8, 15), AppointmentStatus::Confirmed, now)
            .await
            .unwrap(),
        Err(SlotTaken)
    );
    txn.rollback().await.unwrap();
    assert!(
        rdv::cancel_appointment(conn, first, Some("Agence fermée"), now)
            .await
            .unwrap()
    );
    assert!(
        !rdv::cancel_appointment(conn, first, None, now)
            .await
            .unwrap(),
        "cancelled once"
    );
    rdv::insert_appointment(conn, new("RDV-2026-AAAAA5", centre, at(8, 0), 45), now)
        .await
        .unwrap()
        .unwrap();
    let txn = sea_orm::TransactionTrait::begin(conn).await.unwrap();
    assert_eq!(
        rdv::move_appointment(&txn, &a, at(9, 0), AppointmentStatus::Confirmed, now)
            .await
            .unwrap(),
        Ok(true)
    );
    txn.commit().await.unwrap();
    let moved = rdv::find_by_reference(conn, "RDV-2026-AAAAA4")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (moved.starts_at, moved.ends_at, moved.status, moved.sequence),
        (at(9, 0), at(9, 30), AppointmentStatus::Confirmed, 1)
    );
    // Reminders are claimed once; the purge takes what ended before the limit.
    assert!(rdv::claim_reminder(conn, moved.id, now).await.unwrap());
    assert!(!rdv::claim_reminder(conn, moved.id, now).await.unwrap());
    assert_eq!(
        rdv::purge_ended_before(conn, at(8, 50)).await.unwrap(),
        4,
        "08:00–08:45 cancelled, booked again, and the two demo appointments of early May"
    );
    assert!(rdv::find_by_reference(conn, "RDV-2026-AAAAA5")
        .await
        .unwrap()
        .is_none());
    assert!(
        rdv::find_by_reference(conn, "RDV-2026-AAAAA3")
            .await
            .unwrap()
            .is_some(),
        "08:30–09:00 ends after the limit"
    );
    db.cleanup().await;
}

async fn accounts_person(conn: &sea_orm::DatabaseConnection, account_id: i64) -> i64 {
    app::persistence::repo::accounts::find_account(conn, account_id)
        .await
        .unwrap()
        .unwrap()
        .person_id
}

/// The single statement that counts an attempt computes what `domain::throttle` says, on both
/// databases: a count within the window, a fresh one after it, a wait kept, a fresh count once
/// the wait is served.
#[tokio::test]
async fn an_attempt_is_counted_in_one_statement_as_the_domain_rule_says() {
    use app::domain::throttle::{Limit, Verdict};
    use app::persistence::repo::throttle as counters;
    let db = TestDb::new().await.unwrap();
    let conn = &db.db;
    let limit = Limit {
        max: 3,
        window_minutes: 15,
        lock_minutes: Some(15),
    };
    let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap();
    let at = |m: i64| t0 + Duration::minutes(m);
    let mut model = None;
    for m in [0, 1, 2, 20, 21] {
        let got = counters::count_attempt(conn, "test:k", limit, at(m))
            .await
            .unwrap();
        assert_eq!(got, limit.count_one(model, at(m)), "at +{m} min");
        model = Some(got);
    }
    assert_eq!(
        model.map(|c| (c.count, c.window_started_at)),
        Some((2, at(20))),
        "the window restarted at +20"
    );
    // A wait recorded at +22 holds the next attempt, and is never shortened.
    counters::lock(conn, "test:k", at(37)).await.unwrap();
    counters::lock(conn, "test:k", at(30)).await.unwrap();
    let held = counters::count_attempt(conn, "test:k", limit, at(23))
        .await
        .unwrap();
    assert_eq!((held.count, held.locked_until), (3, Some(at(37))));
    assert_eq!(limit.verdict(held, at(23)), Verdict::Wait(at(37)));
    // Served: counting starts again.
    let fresh = counters::count_attempt(conn, "test:k", limit, at(37))
        .await
        .unwrap();
    assert_eq!(fresh, limit.count_one(Some(held), at(37)));
    assert_eq!((fresh.count, fresh.locked_until), (1, None));
    // Another key is counted on its own; giving back never goes below zero.
    assert_eq!(
        counters::count_attempt(conn, "test:other", limit, at(37))
            .await
            .unwrap()
            .count,
        1
    );
    counters::give_back(conn, "test:other").await.unwrap();
    counters::give_back(conn, "test:other").await.unwrap();
    assert_eq!(
        counters::count_attempt(conn, "test:other", limit, at(38))
            .await
            .unwrap()
            .count,
        1
    );
    db.cleanup().await;
}

/// A failed form kept for its reload is read once, and not at all once expired; keeping a new
/// one sweeps the expired ones.
#[tokio::test]
async fn a_failed_submission_is_read_once_and_not_after_ten_minutes() {
    use app::persistence::entities::failed_submission;
    use app::persistence::repo::failed_submissions::{keep, take, FailedSubmission};
    let db = TestDb::new().await.unwrap();
    let conn = &db.db;
    let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap();
    let failed = FailedSubmission {
        page: "/connexion".into(),
        server_fn: "%2Fapi%2Fsign_in".into(),
        error: "e30%3D".into(),
    };
    keep(conn, "a", &failed, t0 + Duration::minutes(10), t0)
        .await
        .unwrap();
    keep(conn, "b", &failed, t0 + Duration::minutes(10), t0)
        .await
        .unwrap();
    assert_eq!(
        take(conn, "a", t0 + Duration::minutes(9)).await.unwrap(),
        Some(failed.clone())
    );
    assert_eq!(
        take(conn, "a", t0 + Duration::minutes(9)).await.unwrap(),
        None,
        "read once"
    );
    assert_eq!(
        take(conn, "b", t0 + Duration::minutes(10)).await.unwrap(),
        None,
        "expired"
    );
    keep(
        conn,
        "c",
        &failed,
        t0 + Duration::minutes(30),
        t0 + Duration::minutes(20),
    )
    .await
    .unwrap();
    keep(conn, "d", &failed, t0 + Duration::minutes(10), t0)
        .await
        .unwrap();
    keep(
        conn,
        "e",
        &failed,
        t0 + Duration::minutes(40),
        t0 + Duration::minutes(30),
    )
    .await
    .unwrap();
    let left: Vec<String> = failed_submission::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.token_hash)
        .collect();
    assert_eq!(
        left,
        vec!["e".to_owned()],
        "each keep sweeps what has expired"
    );
    db.cleanup().await;
}
