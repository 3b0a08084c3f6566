//! Demo data for appointments: three regions (Île-de-France with Paris Est, Ouest and Centre;
//! Nouvelle-Aquitaine; La Réunion), realistic weekly hours, the public holidays as closures,
//! the reasons of visit, and two appointments for the Paris Est agent to handle.

use super::repo::appointments::{self as repo, NewAppointment};
use super::seed::insert_agency;
use crate::domain::appointment::{Agenda, AppointmentStatus, Channel, VisitObject};
use crate::domain::calendar::public_holidays;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use sea_orm::{ConnectionTrait, DbErr};

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// Monday to Friday, morning and afternoon; `short_day` closes in the afternoon.
async fn week(
    db: &impl ConnectionTrait,
    agency_id: i64,
    morning: (NaiveTime, NaiveTime),
    afternoon: (NaiveTime, NaiveTime),
    short_day: Option<Weekday>,
) -> Result<(), DbErr> {
    for w in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        let periods = if Some(w) == short_day {
            vec![morning]
        } else {
            vec![morning, afternoon]
        };
        repo::replace_day(db, agency_id, w, &periods).await?;
    }
    Ok(())
}

async fn holidays(
    db: &impl ConnectionTrait,
    agency_id: i64,
    reunion: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for year in [today.year(), today.year() + 1] {
        for (day, label) in public_holidays(year, reunion)
            .into_iter()
            .filter(|(d, _)| *d >= today)
        {
            repo::insert_closure(db, agency_id, day, day, label, now).await?;
        }
    }
    Ok(())
}

const REASONS: [(VisitObject, &str, i64, Channel); 10] = [
    (
        VisitObject::Cotisations,
        "Comprendre mon échéancier ou un appel de cotisations",
        30,
        Channel::Agency,
    ),
    (
        VisitObject::Cotisations,
        "Déclarer mes revenus ou régulariser ma situation",
        45,
        Channel::Agency,
    ),
    (
        VisitObject::Cotisations,
        "Une question rapide sur mes cotisations",
        15,
        Channel::Phone,
    ),
    (
        VisitObject::Retraite,
        "Préparer mon départ à la retraite",
        60,
        Channel::Agency,
    ),
    (
        VisitObject::Retraite,
        "Vérifier mon relevé de carrière",
        30,
        Channel::Phone,
    ),
    (
        VisitObject::Sante,
        "Indemnités journalières, maternité ou paternité",
        30,
        Channel::Agency,
    ),
    (
        VisitObject::CreationActivite,
        "Je crée mon activité : statut et premières cotisations",
        45,
        Channel::Agency,
    ),
    (
        VisitObject::DifficultesPaiement,
        "Demander un délai ou une aide au paiement",
        45,
        Channel::Agency,
    ),
    (
        VisitObject::DifficultesPaiement,
        "Être rappelé au sujet d'une difficulté de paiement",
        15,
        Channel::Phone,
    ),
    (VisitObject::Autre, "Autre demande", 30, Channel::Agency),
];

pub async fn seed(
    db: &impl ConnectionTrait,
    paris_est: i64,
    reunion: i64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let paris_ouest = insert_agency(
        db,
        repo::AGENCY_KIND,
        "Agence Paris Ouest",
        "45 avenue de la Grande-Armée, 75016 Paris",
        "01 40 00 00 21",
        "Europe/Paris",
        "Île-de-France",
        Some("Métro Argentine (ligne 1) ; ascenseur à droite du hall."),
        now,
    )
    .await?;
    let paris_centre = insert_agency(
        db,
        repo::AGENCY_KIND,
        "Agence Paris Centre",
        "8 rue de Rivoli, 75004 Paris",
        "01 40 00 00 31",
        "Europe/Paris",
        "Île-de-France",
        Some("Métro Saint-Paul (ligne 1) ; accueil au premier étage, ascenseur."),
        now,
    )
    .await?;
    let bordeaux = insert_agency(
        db,
        repo::AGENCY_KIND,
        "Agence Bordeaux Mériadeck",
        "30 rue du Château-d'Eau, 33000 Bordeaux",
        "05 56 00 00 41",
        "Europe/Paris",
        "Nouvelle-Aquitaine",
        Some("Tram A, arrêt Mériadeck ; accès de plain-pied."),
        now,
    )
    .await?;
    let metro = [paris_est, paris_ouest, paris_centre, bordeaux];
    for id in metro {
        // Closed on Thursday afternoons to prepare files, as many agencies do.
        week(
            db,
            id,
            (t(8, 30), t(12, 0)),
            (t(13, 30), t(16, 30)),
            Some(Weekday::Thu),
        )
        .await?;
        holidays(db, id, false, today, now).await?;
    }
    week(
        db,
        reunion,
        (t(7, 30), t(12, 0)),
        (t(13, 0), t(15, 30)),
        Some(Weekday::Wed),
    )
    .await?;
    holidays(db, reunion, true, today, now).await?;
    let mut reason_ids = Vec::new();
    for (i, (object, label, minutes, channel)) in REASONS.iter().enumerate() {
        reason_ids
            .push(repo::insert_reason(db, *object, label, *minutes, *channel, i as i32).await?);
    }

    // Two people on the Paris Est agent's list: one to call back, one confirmed.
    let tz = chrono_tz::Europe::Paris;
    let hours = repo::opening_periods(db, paris_est).await?;
    let closures: Vec<_> = repo::list_closures(db, paris_est, today)
        .await?
        .iter()
        .map(|c| c.closure())
        .collect();
    let demo = [
        (
            "RDV-DEMO-MARC01",
            3u64,
            reason_ids[7],
            45,
            "Girard",
            "Marc",
            "1 80 07 75 111 222 71",
            "5 rue de Lappe, 75011 Paris",
            "+33611223344",
            "marc.girard@demo.passerelle.fr",
            AppointmentStatus::Requested,
        ),
        (
            "RDV-DEMO-NADIA1",
            6u64,
            reason_ids[6],
            45,
            "Roux",
            "Nadia",
            "2 91 11 13 055 123 89",
            "30 rue Saint-Ferréol, 13001 Marseille",
            "+33622334455",
            "nadia.roux@demo.passerelle.fr",
            AppointmentStatus::Confirmed,
        ),
    ];
    let mut busy = Vec::new();
    for (
        reference,
        days_ahead,
        reason_id,
        minutes,
        last,
        first,
        nir,
        address,
        phone,
        email,
        status,
    ) in demo
    {
        let from = today
            .checked_add_days(Days::new(days_ahead))
            .unwrap_or(today);
        let agenda = Agenda {
            tz: &tz,
            hours: &hours,
            closures: &closures,
            busy: &busy,
        };
        let Some(slot) = agenda
            .free_slots(minutes, from, from + Days::new(14), now)
            .into_iter()
            .find(|s| s.local.time() >= t(10, 0))
        else {
            continue;
        };
        let nir = crate::domain::nir::Nir::parse_with_key(nir)
            .map_err(|e| DbErr::Custom(format!("demo NIR: {e}")))?;
        let booked = repo::insert_appointment(
            db,
            NewAppointment {
                reference,
                agency_id: paris_est,
                reason_id,
                starts_at: slot.start,
                duration_minutes: minutes,
                identity_id: None,
                nir: nir.body(),
                last_name: last,
                first_name: first,
                address,
                phone,
                email,
            },
            now,
        )
        .await?;
        if let Ok(id) = booked {
            if status != AppointmentStatus::Requested {
                repo::set_status(db, id, &[AppointmentStatus::Requested], status, now).await?;
            }
            busy.push(crate::domain::appointment::Busy {
                start: slot.start,
                end: slot.start + chrono::Duration::minutes(minutes),
            });
        }
    }
    Ok(())
}
