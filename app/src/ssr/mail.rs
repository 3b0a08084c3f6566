//! Emails Passerelle sends, written to the outbox in the caller's transaction.

use crate::persistence::repo::outbox;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

/// The demonstration's no-reply address. A deployment names its own (`PASSERELLE_MAIL_FROM`,
/// `AppConfig::mail_from`): the sender of every email, and the organizer of the calendar events
/// (mail clients apply updates only to an event whose organizer is named).
pub const NO_REPLY: &str = "ne-pas-repondre@passerelle.example";

pub async fn send_signup_code(
    db: &impl ConnectionTrait,
    to: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let body = format!(
        "Bonjour,\n\nVotre code pour créer votre compte Passerelle : {code}\n\nIl est valable 30 minutes. \
         Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nPasserelle"
    );
    outbox::insert_message(db, to, "Votre code de création de compte", &body, now)
        .await
        .map(|_| ())
}

pub async fn send_reset_code(
    db: &impl ConnectionTrait,
    to: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let body = format!(
        "Bonjour,\n\nVotre code pour choisir un nouveau mot de passe : {code}\n\nIl est valable 30 minutes. \
         Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n\nPasserelle"
    );
    outbox::insert_message(db, to, "Réinitialisation de votre mot de passe", &body, now)
        .await
        .map(|_| ())
}

pub async fn send_password_changed(
    db: &impl ConnectionTrait,
    to: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let body = "Bonjour,\n\nLe mot de passe de votre compte Passerelle vient d'être modifié et vos autres sessions ont été fermées.\n\
                Si vous n'êtes pas à l'origine de ce changement, contactez votre agence.\n\nPasserelle";
    outbox::insert_message(db, to, "Votre mot de passe a été modifié", body, now)
        .await
        .map(|_| ())
}

pub async fn send_booking_code(
    db: &impl ConnectionTrait,
    to: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let body = format!(
        "Bonjour,\n\nVotre code pour confirmer votre demande de rendez-vous : {code}\n\nIl est valable 30 minutes. \
         Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : aucun rendez-vous ne sera pris.\n\nPasserelle"
    );
    outbox::insert_message(db, to, "Votre code pour prendre rendez-vous", &body, now)
        .await
        .map(|_| ())
}
