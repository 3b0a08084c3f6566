//! Demo data (`--demo`): one sign-in per category with a few years of history, generated
//! relative to the clock's today so that the demo never goes stale. Idempotent.

use super::entities::{
    accountant_mandate, contributor_account, income_declaration, organisation, person,
};
use super::recompute;
use super::repo::accounts;
use super::repo::identities::{
    self, NewIdentity, KIND_ACCOUNTANT, KIND_AGENT, KIND_INSURED, KIND_TREASURY,
};
use super::repo::ledger::{self, NewDue};
use super::repo::payments;
use crate::domain::access::Category;
use crate::domain::calls::{self, Parts};
use crate::domain::contributions::{self, Activity, MicroKind};
use crate::domain::ledger::{DueKind, PaymentMethod};
use crate::domain::money::Cents;
use crate::domain::nir::Nir;
use crate::domain::schedule::{self, Periodicity};
use crate::domain::sepa::{DebitPlan, Iban};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, Set, TransactionTrait,
};

pub const DEMO_PASSWORD: &str = "Passerelle-demo-2026";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn nir13(with_key: &str) -> Result<String, DbErr> {
    Nir::parse_with_key(with_key)
        .map(|n| n.body().to_owned())
        .map_err(|e| DbErr::Custom(format!("demo NIR: {e}")))
}

#[allow(clippy::too_many_arguments)] // one agency's columns, each named at the call
async fn insert_org(
    db: &impl ConnectionTrait,
    kind: &str,
    name: &str,
    address: &str,
    phone: &str,
    tz: &str,
    region: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    insert_agency(db, kind, name, address, phone, tz, region, None, now).await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_agency(
    db: &impl ConnectionTrait,
    kind: &str,
    name: &str,
    address: &str,
    phone: &str,
    tz: &str,
    region: &str,
    access_notes: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(organisation::ActiveModel {
        access_notes: Set(access_notes.map(Into::into)),
        kind: Set(kind.into()),
        name: Set(name.into()),
        address: Set(address.into()),
        phone: Set(Some(phone.into())),
        time_zone: Set(tz.into()),
        region: Set(Some(region.into())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

struct DemoPerson<'a> {
    nir: &'a str,
    birth: NaiveDate,
    last: &'a str,
    first: &'a str,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    address: &'a str,
    category: Category,
    guardian: Option<i64>,
}

async fn insert_person(
    db: &impl ConnectionTrait,
    p: DemoPerson<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(person::ActiveModel {
        nir: Set(nir13(p.nir)?),
        birth_date: Set(p.birth),
        last_name: Set(p.last.into()),
        first_name: Set(p.first.into()),
        email: Set(p.email.map(Into::into)),
        phone: Set(p.phone.map(Into::into)),
        address: Set(p.address.into()),
        insured_category: Set(p.category.code().into()),
        guardian_person_id: Set(p.guardian),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

struct DemoAccount<'a> {
    person_id: i64,
    agency_id: i64,
    number: &'a str,
    category: Category,
    activity: &'a str,
    started_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    periodicity: &'a str,
    automatic_debit: bool,
    micro_kind: Option<&'a str>,
    micro_activity: Option<&'a str>,
}

async fn insert_account(
    db: &impl ConnectionTrait,
    a: DemoAccount<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(contributor_account::ActiveModel {
        person_id: Set(a.person_id),
        agency_id: Set(a.agency_id),
        account_number: Set(a.number.into()),
        category: Set(a.category.code().into()),
        activity: Set(a.activity.into()),
        started_on: Set(a.started_on),
        closed_on: Set(a.closed_on),
        periodicity: Set(a.periodicity.into()),
        automatic_debit: Set(a.automatic_debit),
        debit_day: Set(5),
        micro_kind: Set(a.micro_kind.map(Into::into)),
        micro_activity: Set(a.micro_activity.map(Into::into)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

#[allow(clippy::too_many_arguments)] // one declaration's columns, each named at the call
async fn insert_declaration(
    db: &impl ConnectionTrait,
    account_id: i64,
    year: i32,
    kind: &str,
    start: NaiveDate,
    end: NaiveDate,
    amount: Cents,
    declared_at: NaiveDate,
) -> Result<String, DbErr> {
    let at = declared_at
        .and_hms_opt(9, 30, 0)
        .unwrap_or_default()
        .and_utc();
    let reference = format!("DEC-{account_id}-{year}-{kind}-{}", start.format("%m%d"));
    income_declaration::ActiveModel {
        contributor_account_id: Set(account_id),
        year: Set(year),
        kind: Set(kind.into()),
        period_start: Set(start),
        period_end: Set(end),
        amount_cents: Set(amount.get()),
        reference: Set(reference.clone()),
        declared_by_identity_id: Set(None),
        declared_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(reference)
}

async fn insert_mandate(
    db: &impl ConnectionTrait,
    firm_id: i64,
    account_id: i64,
    received: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    accountant_mandate::ActiveModel {
        firm_id: Set(firm_id),
        contributor_account_id: Set(account_id),
        status: Set(if received { "received" } else { "requested" }.into()),
        requested_at: Set(now),
        received_at: Set(received.then_some(now)),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records an amount due and, when `paid` says how, a payment settling it on its due date.
#[allow(clippy::too_many_arguments)]
async fn due_and_payment(
    db: &impl ConnectionTrait,
    account_id: i64,
    label: &str,
    (start, end, due_on): (NaiveDate, NaiveDate, NaiveDate),
    parts: Parts,
    paid: Option<(PaymentMethod, NaiveDate)>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let due_id = ledger::insert_due(
        db,
        NewDue {
            account_id,
            kind: DueKind::CurrentContribution,
            label,
            period_start: start,
            period_end: end,
            due_on,
            amount: parts.total(),
            source: None,
            parts: Some(parts),
        },
        now,
    )
    .await?;
    if let Some((method, on)) = paid {
        settle(db, account_id, due_id, parts.total(), (method, on), now).await?;
    }
    Ok(due_id)
}

/// A payment of `amount` received `on`, allocated to the amount due `due_id`.
async fn settle(
    db: &impl ConnectionTrait,
    account_id: i64,
    due_id: i64,
    amount: Cents,
    (method, on): (PaymentMethod, NaiveDate),
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // As the bank statement names it: the kind of payment, its date and a number.
    let kind = match method {
        PaymentMethod::Cheque => "CHQ",
        PaymentMethod::Transfer => "VIR",
        PaymentMethod::DirectDebit => "PRLV",
        PaymentMethod::Telepayment => "TLP",
    };
    let reference = format!("{kind}-{}-{due_id:06}", on.format("%Y%m%d"));
    let payment_id =
        ledger::insert_payment(db, account_id, on, amount, method, &reference, now).await?;
    ledger::insert_allocation(db, payment_id, due_id, amount, now).await?;
    Ok(())
}

/// The yearly history of an artisan's or commerçant's account, as it happened: each year called
/// on 1 December before it, each final income declared in spring (`declared_on`: month, day),
/// and every amount due computed by the engine through [`recompute::recompute_year`], exactly
/// as the live service computes it. The history starts with the first year the engine has.
async fn replay_yearly(
    db: &impl ConnectionTrait,
    account_id: i64,
    incomes: &[(i32, i64)],
    (month, day): (u32, u32),
    today: NaiveDate,
) -> Result<(), DbErr> {
    enum Event {
        Call(i32),
        Declare(i32, i64),
    }
    let a = accounts::find_account(db, account_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("account {account_id}")))?;
    let first = contributions::YEARS[0].year.max(today.year() - 2);
    let called_on = |y: i32| d(y - 1, 12, 1);
    let mut events: Vec<(NaiveDate, Event)> = (first..=today.year() + 1)
        .filter(|y| called_on(*y) <= today)
        .map(|y| (called_on(y), Event::Call(y)))
        .chain(
            incomes
                .iter()
                .map(|(y, income)| (d(y + 1, month, day), Event::Declare(*y, *income)))
                .filter(|(on, _)| *on <= today),
        )
        .collect();
    events.sort_by_key(|(on, _)| *on);
    let recomputed = |r: Result<(), recompute::RecomputeError>| {
        r.map_err(|e| DbErr::Custom(format!("demo schedule: {e}")))
    };
    for (on, event) in events {
        let at = on.and_hms_opt(9, 30, 0).unwrap_or_default().and_utc();
        match event {
            Event::Call(y) => {
                let reference = format!("APPEL-{y}");
                recomputed(recompute::call_year(db, &a, y, on, at, &reference).await)?;
            }
            Event::Declare(y, income) => {
                let reference = insert_declaration(
                    db,
                    account_id,
                    y,
                    "final",
                    schedule::year_period(y).0,
                    schedule::year_period(y).1,
                    Cents(income),
                    on,
                )
                .await?;
                // What a final income changes, once the history has begun (the engine has no
                // year before it).
                if y + 1 >= first {
                    recomputed(recompute::after_final_income(db, &a, y, on, at, &reference).await)?;
                }
            }
        }
    }
    Ok(())
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    d(y, m, 1)
        .checked_add_months(Months::new(1))
        .and_then(|x| x.checked_sub_days(Days::new(1)))
        .unwrap_or_default()
}

/// Seeds the demo once; later calls find the artisan's sign-in and do nothing.
pub async fn seed_demo(
    db: &DatabaseConnection,
    password_hash: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if identities::find_identity_by_email(db, "artisan@demo.passerelle.fr")
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let db = &txn;
    let paris_est = insert_agency(
        db,
        "agency",
        "Agence Paris Est",
        "12 rue de la Roquette, 75011 Paris",
        "01 40 00 00 11",
        "Europe/Paris",
        "Île-de-France",
        Some(
            "Métro Bastille (lignes 1, 5, 8) ; accès de plain-pied, boucle magnétique à l'accueil.",
        ),
        now,
    )
    .await?;
    let reunion = insert_agency(
        db,
        "agency",
        "Agence La Réunion",
        "3 rue de Paris, 97400 Saint-Denis",
        "02 62 00 00 12",
        "Indian/Reunion",
        "La Réunion",
        Some("Bus Citalis, arrêt Jardin de l'État ; parking visiteurs dans la cour."),
        now,
    )
    .await?;
    super::seed_appointments::seed(db, paris_est, reunion, today, now).await?;
    let firm = insert_org(
        db,
        "accounting_firm",
        "Cabinet Lefèvre",
        "8 boulevard Voltaire, 75011 Paris",
        "01 43 00 00 13",
        "Europe/Paris",
        "Île-de-France",
        now,
    )
    .await?;

    let camille = insert_person(
        db,
        DemoPerson {
            nir: "1 84 12 76 451 089 46",
            birth: d(1984, 12, 3),
            last: "Martin",
            first: "Camille",
            email: Some("artisan@demo.passerelle.fr"),
            phone: Some("06 12 34 56 78"),
            address: "4 rue des Lilas, 76000 Rouen",
            category: Category::Artisan,
            guardian: None,
        },
        now,
    )
    .await?;
    let julie = insert_person(
        db,
        DemoPerson {
            nir: "2 69 05 49 588 157 80",
            birth: d(1969, 5, 21),
            last: "Bernard",
            first: "Julie",
            email: Some("commercant@demo.passerelle.fr"),
            phone: Some("06 98 76 54 32"),
            address: "17 place du Ralliement, 49000 Angers",
            category: Category::Commercant,
            guardian: None,
        },
        now,
    )
    .await?;
    let lucas = insert_person(
        db,
        DemoPerson {
            nir: "1 75 01 75 123 456 14",
            birth: d(1975, 1, 9),
            last: "Petit",
            first: "Lucas",
            email: Some("micro@demo.passerelle.fr"),
            phone: Some("07 11 22 33 44"),
            address: "52 rue Oberkampf, 75011 Paris",
            category: Category::MicroEntrepreneur,
            guardian: None,
        },
        now,
    )
    .await?;
    let sophie = insert_person(
        db,
        DemoPerson {
            nir: "2 88 06 92 011 022 26",
            birth: d(1988, 6, 14),
            last: "Durand",
            first: "Sophie",
            email: Some("liberal@demo.passerelle.fr"),
            phone: Some("06 55 44 33 22"),
            address: "9 avenue de la République, 92000 Nanterre",
            category: Category::ProfessionLiberale,
            guardian: None,
        },
        now,
    )
    .await?;
    let henri = insert_person(
        db,
        DemoPerson {
            nir: "1 45 08 33 512 345 95",
            birth: d(1945, 8, 30),
            last: "Moreau",
            first: "Henri",
            email: Some("retraite@demo.passerelle.fr"),
            phone: Some("05 56 00 00 00"),
            address: "21 cours de l'Intendance, 33000 Bordeaux",
            category: Category::Retraite,
            guardian: None,
        },
        now,
    )
    .await?;
    let lea = insert_person(
        db,
        DemoPerson {
            nir: "2 12 03 75 056 789 07",
            birth: d(2012, 3, 18),
            last: "Martin",
            first: "Léa",
            email: None,
            phone: None,
            address: "4 rue des Lilas, 76000 Rouen",
            category: Category::AyantDroit,
            guardian: Some(camille),
        },
        now,
    )
    .await?;
    // On record, no sign-in yet: they can try "Créer mon compte".
    let nadia = insert_person(
        db,
        DemoPerson {
            nir: "2 91 11 13 055 123 89",
            birth: d(1991, 11, 27),
            last: "Roux",
            first: "Nadia",
            email: None,
            phone: None,
            address: "30 rue Saint-Ferréol, 13001 Marseille",
            category: Category::Artisan,
            guardian: None,
        },
        now,
    )
    .await?;
    let marc = insert_person(
        db,
        DemoPerson {
            nir: "1 80 07 75 111 222 71",
            birth: d(1980, 7, 2),
            last: "Girard",
            first: "Marc",
            email: None,
            phone: None,
            address: "5 rue de Lappe, 75011 Paris",
            category: Category::Commercant,
            guardian: None,
        },
        now,
    )
    .await?;

    let year = today.year();
    // Camille: an old micro-entrepreneur account, closed, and the current artisan one on monthly automatic debit.
    insert_account(
        db,
        DemoAccount {
            person_id: camille,
            agency_id: paris_est,
            number: "ME-0760-2012-0412",
            category: Category::MicroEntrepreneur,
            activity: "Petits travaux de plomberie",
            started_on: d(2012, 3, 1),
            closed_on: Some(d(2014, 12, 31)),
            periodicity: "quarterly",
            automatic_debit: false,
            micro_kind: Some("services"),
            micro_activity: Some("artisanale"),
        },
        now,
    )
    .await?;
    let artisan = insert_account(
        db,
        DemoAccount {
            person_id: camille,
            agency_id: paris_est,
            number: "AR-0760-2015-1187",
            category: Category::Artisan,
            activity: "Plomberie, chauffage",
            started_on: d(2015, 1, 5),
            closed_on: None,
            periodicity: "monthly",
            automatic_debit: true,
            micro_kind: None,
            micro_activity: None,
        },
        now,
    )
    .await?;
    replay_yearly(
        db,
        artisan,
        &[
            (year - 4, 39_800_00),
            (year - 3, 41_200_00),
            (year - 2, 43_900_00),
            (year - 1, 45_300_00),
        ],
        (5, 28),
        today,
    )
    .await?;
    // Every amount due so far was collected by automatic debit on its due date.
    let (mut last_debit, mut upcoming) = (None, Vec::new());
    for r in ledger::list_due_rows(db, artisan).await? {
        if r.line.remaining().get() <= 0 {
            continue;
        }
        if r.line.due_on <= today {
            let debit = (PaymentMethod::DirectDebit, r.line.due_on);
            settle(db, artisan, r.line.id, r.line.remaining(), debit, now).await?;
            last_debit = Some(r.line.due_on);
        } else {
            upcoming.push((r.line.id, r.line.due_on));
        }
    }
    // Her SEPA mandate, signed when the account opened, and the automatic debit it carries; the
    // schedule of the coming month was pre-notified 30 days ahead, the worker notifies the rest.
    let mandate = payments::insert_mandate(
        db,
        payments::NewMandate {
            account_id: artisan,
            person_id: camille,
            account_number: "AR-0760-2015-1187",
            iban: &Iban::from_parts("FR", "30004000031234567890143")
                .map_err(|e| DbErr::Custom(e.to_string()))?,
            bic: Some("BNPAFRPP"),
            last_name: "Martin",
            first_name: "Camille",
            address: "4 rue des Lilas, 76000 Rouen",
            signed_by: 0,
        },
        d(2015, 1, 5)
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default()
            .and_utc(),
    )
    .await?;
    if let Some(last) = last_debit {
        payments::mark_mandate_used(db, mandate.id, last).await?;
    }
    let plan = DebitPlan {
        periodicity: Periodicity::Monthly,
        day: 5,
    };
    payments::insert_instruction(
        db,
        payments::NewInstruction {
            reference: "PRL-2015-DEMO01",
            account_id: artisan,
            mandate_id: mandate.id,
            kind: payments::INSTRUCTION_JOIN,
            plan,
            requested_by: 0,
            effective_from: d(2015, 3, 1),
        },
        now,
    )
    .await?;
    for (id, due_on) in upcoming {
        let notified = due_on.checked_sub_days(Days::new(30)).unwrap_or(due_on);
        if notified <= today {
            payments::claim_notice(db, artisan, id, notified, now).await?;
        }
    }
    // Julie: quarterly, by cheque and transfer; the latest quarter that is 30 days late is unpaid and has become a debt.
    let commerce = insert_account(
        db,
        DemoAccount {
            person_id: julie,
            agency_id: paris_est,
            number: "CO-0490-2009-0733",
            category: Category::Commercant,
            activity: "Boulangerie-pâtisserie",
            started_on: d(2009, 9, 1),
            closed_on: None,
            periodicity: "quarterly",
            automatic_debit: false,
            micro_kind: None,
            micro_activity: None,
        },
        now,
    )
    .await?;
    replay_yearly(
        db,
        commerce,
        &[
            (year - 4, 50_600_00),
            (year - 3, 52_000_00),
            (year - 2, 54_800_00),
            (year - 1, 57_100_00),
        ],
        (6, 2),
        today,
    )
    .await?;
    // Paid by cheque and transfer in turn, a few days early, except the latest due date more
    // than 30 days past: unpaid, it has become a debt.
    let rows = ledger::list_due_rows(db, commerce).await?;
    let unpaid = rows
        .iter()
        .map(|r| r.line.due_on)
        .filter(|due| {
            today.signed_duration_since(*due).num_days()
                > crate::domain::ledger::DAYS_UNTIL_DEBT as i64
        })
        .max();
    for (i, r) in rows.iter().enumerate() {
        if r.line.remaining().get() <= 0 || r.line.due_on > today || Some(r.line.due_on) == unpaid {
            continue;
        }
        let method = if i % 2 == 0 {
            PaymentMethod::Cheque
        } else {
            PaymentMethod::Transfer
        };
        let on = r
            .line
            .due_on
            .checked_sub_days(Days::new(3))
            .unwrap_or(r.line.due_on);
        settle(
            db,
            commerce,
            r.line.id,
            r.line.remaining(),
            (method, on),
            now,
        )
        .await?;
    }

    // Lucas: micro-entrepreneur, declares turnover each quarter and pays what it calls by bank
    // transfer (he has no mandate, so no automatic debit).
    let micro = insert_account(
        db,
        DemoAccount {
            person_id: lucas,
            agency_id: paris_est,
            number: "ME-0750-2019-2291",
            category: Category::MicroEntrepreneur,
            activity: "Création de sites web",
            started_on: d(2019, 4, 1),
            closed_on: None,
            periodicity: "quarterly",
            automatic_debit: false,
            micro_kind: Some("services"),
            micro_activity: Some("commerciale"),
        },
        now,
    )
    .await?;
    let turnovers = [14_200_00i64, 11_850_00, 9_400_00, 16_300_00];
    for y in year - 2..=year {
        for q in 0..4u32 {
            let start = d(y, 3 * q + 1, 1);
            let end = month_end(y, 3 * q + 3);
            let deadline = month_end(
                if q == 3 { y + 1 } else { y },
                if q == 3 { 1 } else { 3 * q + 4 },
            );
            if deadline > today {
                continue;
            }
            let turnover = Cents(turnovers[q as usize] + i64::from(y - year + 2) * 350_00);
            let contribution =
                calls::micro_parts(MicroKind::Services, Activity::Commerciale, start, turnover)
                    .map_err(|e| DbErr::Custom(e.to_string()))?;
            let declared = deadline.checked_sub_days(Days::new(6)).unwrap_or(deadline);
            insert_declaration(db, micro, y, "turnover", start, end, turnover, declared).await?;
            due_and_payment(
                db,
                micro,
                &format!("Cotisations T{}/{y} (chiffre d'affaires)", q + 1),
                (start, end, deadline),
                contribution,
                Some((PaymentMethod::Transfer, deadline)),
                now,
            )
            .await?;
        }
    }

    insert_account(
        db,
        DemoAccount {
            person_id: nadia,
            agency_id: paris_est,
            number: "AR-0130-2021-3345",
            category: Category::Artisan,
            activity: "Ébénisterie",
            started_on: d(2021, 9, 1),
            closed_on: None,
            periodicity: "quarterly",
            automatic_debit: false,
            micro_kind: None,
            micro_activity: None,
        },
        now,
    )
    .await?;
    let marc_account = insert_account(
        db,
        DemoAccount {
            person_id: marc,
            agency_id: paris_est,
            number: "CO-0750-2018-5120",
            category: Category::Commercant,
            activity: "Caviste",
            started_on: d(2018, 2, 1),
            closed_on: None,
            periodicity: "quarterly",
            automatic_debit: false,
            micro_kind: None,
            micro_activity: None,
        },
        now,
    )
    .await?;

    for account in [artisan, commerce, micro] {
        insert_mandate(db, firm, account, true, now).await?;
    }
    // A mandate asked for but not yet received: the accountant sees the client listed, not their data.
    insert_mandate(db, firm, marc_account, false, now).await?;

    // Login, kind, person, organisation, display name.
    type SignIn<'a> = (&'a str, &'a str, Option<i64>, Option<i64>, &'a str);
    let sign_ins: [SignIn; 9] = [
        (
            "artisan@demo.passerelle.fr",
            KIND_INSURED,
            Some(camille),
            None,
            "Camille Martin",
        ),
        (
            "commercant@demo.passerelle.fr",
            KIND_INSURED,
            Some(julie),
            None,
            "Julie Bernard",
        ),
        (
            "micro@demo.passerelle.fr",
            KIND_INSURED,
            Some(lucas),
            None,
            "Lucas Petit",
        ),
        (
            "liberal@demo.passerelle.fr",
            KIND_INSURED,
            Some(sophie),
            None,
            "Sophie Durand",
        ),
        (
            "retraite@demo.passerelle.fr",
            KIND_INSURED,
            Some(henri),
            None,
            "Henri Moreau",
        ),
        (
            "ayantdroit@demo.passerelle.fr",
            KIND_INSURED,
            Some(lea),
            None,
            "Léa Martin",
        ),
        (
            "expert@demo.passerelle.fr",
            KIND_ACCOUNTANT,
            None,
            Some(firm),
            "Cabinet Lefèvre",
        ),
        (
            "agent@demo.passerelle.fr",
            KIND_AGENT,
            None,
            Some(paris_est),
            "Agence Paris Est",
        ),
        // The fund's accounting office: bank files only, no one's personal file.
        (
            "tresorerie@demo.passerelle.fr",
            KIND_TREASURY,
            None,
            None,
            "Trésorerie de la caisse",
        ),
    ];
    for (email, kind, person_id, organisation_id, name) in sign_ins {
        identities::insert_identity(
            db,
            NewIdentity {
                email,
                password_hash,
                kind,
                person_id,
                organisation_id,
                display_name: name,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(true)
}
