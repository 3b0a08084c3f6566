//! The demo's amounts due all come from the engine: for every seeded account and every year of
//! its history, what the schedule calls is what the engine computes on the basis in force, on
//! any day the demo is started.

use app::domain::calls::{self, Parts};
use app::domain::money::Cents;
use app::persistence::entities::contributor_account;
use app::persistence::recompute;
use app::persistence::repo::{accounts, ledger};
use app::persistence::testing::TestDb;
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use sea_orm::EntityTrait;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn check_on(today: NaiveDate) {
    let db = TestDb::new().await.unwrap();
    let now = Utc
        .with_ymd_and_hms(today.year(), today.month(), today.day(), 8, 0, 0)
        .unwrap();
    app::persistence::seed::seed_demo(&db.db, "$argon2id$placeholder", today, now)
        .await
        .unwrap();
    let mut checked = 0;
    for m in contributor_account::Entity::find()
        .all(&db.db)
        .await
        .unwrap()
    {
        let a = accounts::find_account(&db.db, m.id).await.unwrap().unwrap();
        let rows = ledger::list_due_rows(&db.db, a.id).await.unwrap();
        let declarations = ledger::list_declarations(&db.db, a.id).await.unwrap();
        if let Some(activity) = recompute::yearly_activity(&a) {
            let declared = recompute::annual(&declarations);
            let years: Vec<i32> = rows.iter().map(|r| r.period_start.year()).collect();
            for y in
                years.iter().min().copied().unwrap_or(0)..=years.iter().max().copied().unwrap_or(-1)
            {
                let (_, income) = calls::basis_in_force(y, &declared)
                    .unwrap_or_else(|| panic!("{} {y}: no basis", a.account_number));
                let expected = calls::year_parts(y, activity, income).unwrap();
                assert_eq!(
                    recompute::called_for(&rows, y),
                    expected,
                    "{} on {today}: {y} calls what the engine gives on the basis in force",
                    a.account_number
                );
                checked += 1;
            }
            // The CFP is called whole with the February instalment of the first call.
            for y in years.iter().copied() {
                let feb: Vec<&ledger::DueRow> = rows
                    .iter()
                    .filter(|r| {
                        r.period_start.year() == y
                            && r.line.due_on.month() == 2
                            && r.line.due_on.year() == y
                    })
                    .collect();
                let cfp: Cents = rows
                    .iter()
                    .filter(|r| r.period_start.year() == y && r.line.due_on.year() == y)
                    .map(|r| r.parts.cfp)
                    .sum();
                if !feb.is_empty() && cfp != Cents::ZERO {
                    assert_eq!(
                        feb.iter().map(|r| r.parts.cfp).sum::<Cents>(),
                        cfp,
                        "{} {y}",
                        a.account_number
                    );
                }
            }
        } else if let Some((kind, nature)) = a.micro() {
            for dcl in declarations.iter().filter(|x| x.kind == "turnover") {
                let called: Parts = rows
                    .iter()
                    .filter(|r| {
                        r.period_start == dcl.period_start && r.period_end == dcl.period_end
                    })
                    .map(|r| r.parts)
                    .sum();
                assert_eq!(
                    called,
                    calls::micro_parts(kind, nature, dcl.period_start, dcl.amount).unwrap(),
                    "{} {}",
                    a.account_number,
                    dcl.period_start
                );
                checked += 1;
            }
        }
        // No amount due is typed by hand: every row carries the engine's lines.
        for r in &rows {
            assert_eq!(
                r.parts.total(),
                r.line.amount,
                "{} {}",
                a.account_number,
                r.label
            );
        }
    }
    assert!(
        checked >= 10,
        "only {checked} years or periods checked on {today}"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn every_seeded_year_calls_what_the_engine_computes_before_the_final_income_is_declared() {
    check_on(d(2026, 5, 1)).await;
}

#[tokio::test]
async fn every_seeded_year_calls_what_the_engine_computes_after_the_final_income_is_declared() {
    check_on(d(2026, 7, 15)).await;
}

#[tokio::test]
async fn every_seeded_year_calls_what_the_engine_computes_once_next_year_is_called() {
    check_on(d(2026, 12, 2)).await;
}

#[tokio::test]
async fn every_seeded_year_calls_what_the_engine_computes_in_the_first_days_of_a_year() {
    check_on(d(2027, 1, 2)).await;
}

/// In December, after next year was called: declaring last year's final income again, or
/// correcting it, keeps every year calling what the engine gives; the same amount twice
/// changes nothing, and going back restores the schedule.
#[tokio::test]
async fn a_final_income_declared_in_december_keeps_every_year_right_and_twice_changes_nothing() {
    use app::persistence::repo::schedule::{self, NewDeclaration};
    use sea_orm::TransactionTrait;
    let today = d(2026, 12, 2);
    let db = TestDb::new().await.unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap();
    app::persistence::seed::seed_demo(&db.db, "$argon2id$placeholder", today, now)
        .await
        .unwrap();
    let julie = contributor_account::Entity::find()
        .all(&db.db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.account_number == "CO-0490-2009-0733")
        .unwrap();
    let a = accounts::find_account(&db.db, julie.id)
        .await
        .unwrap()
        .unwrap();
    let declare = |income: i64, n: u32| {
        let (db, a) = (&db.db, &a);
        async move {
            let reference = format!("DEC-2026-TEST{n:02}");
            let txn = db.begin().await.unwrap();
            schedule::lock_account(&txn, a.id).await.unwrap();
            schedule::insert_declaration(
                &txn,
                NewDeclaration {
                    account_id: a.id,
                    year: 2025,
                    kind: "final",
                    period_start: d(2025, 1, 1),
                    period_end: d(2025, 12, 31),
                    amount: Cents(income),
                    reference: &reference,
                    declared_by: None,
                },
                now,
            )
            .await
            .unwrap();
            for y in [2025, 2026, 2027] {
                recompute::recompute_year(&txn, a, y, today, now, &reference)
                    .await
                    .unwrap();
            }
            txn.commit().await.unwrap();
            ledger::list_due_rows(db, a.id).await.unwrap()
        }
    };
    let check = |rows: &[ledger::DueRow], income: i64| {
        for y in [2025, 2026, 2027] {
            let expected = calls::year_parts(
                y,
                app::domain::contributions::Activity::Commerciale,
                Cents(income),
            )
            .unwrap();
            assert_eq!(recompute::called_for(rows, y), expected, "{y} on {income}");
        }
        // Nothing of 2026 is booked as 2027's: rows due in 2027 for 2026 are regularisations.
        assert!(rows
            .iter()
            .filter(|r| r.period_start.year() == 2026 && r.line.due_on.year() == 2027)
            .all(|r| r.label.starts_with("Régularisation") || r.label.starts_with("Trop-perçu")));
    };
    let before = ledger::list_due_rows(&db.db, a.id).await.unwrap();
    let higher = declare(62_000_00, 1).await;
    check(&higher, 62_000_00);
    let again = declare(62_000_00, 2).await;
    assert_eq!(
        again.len(),
        higher.len(),
        "the same amount again adds nothing"
    );
    check(&again, 62_000_00);
    let back = declare(57_100_00, 3).await;
    check(&back, 57_100_00);
    let sum_2027 = |rows: &[ledger::DueRow]| recompute::called_for(rows, 2027);
    assert_eq!(
        sum_2027(&back),
        sum_2027(&before),
        "2027 back to what it was"
    );
    db.cleanup().await;
}
