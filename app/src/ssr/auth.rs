//! Signing in and out, creating an account and resetting a password: the server-side steps
//! behind the `api::auth` server functions.

use super::session::{new_token, token_hash};
use super::state::AppState;
use super::{internal, mail, throttle as limiter};
use crate::domain::{nir, password, throttle};
use crate::error::{AppError, FormErrors};
use crate::persistence::is_unique_violation;
use crate::persistence::repo::audit::{insert_event, AuditEntry};
use crate::persistence::repo::{codes, identities, sessions, throttle as counters};
use crate::platform::codes::{admit_code_request, check_code, issue_code, WRONG_CODE};
use crate::platform::input::{looks_like_email, parse_date_fr};
use sea_orm::TransactionTrait;

const WRONG_CREDENTIALS: &str = "L'identifiant ou le mot de passe est incorrect.";
const ACCOUNT_EXISTS: &str = "Un compte existe déjà : connectez-vous, ou réinitialisez votre mot de passe si vous l'avez oublié.";

/// The identifier typed to sign in, once normalised: an email or a NIR (13 characters).
enum Login {
    Email(String),
    Nir(String),
}

impl Login {
    fn parse(input: &str) -> Option<Login> {
        if nir::looks_like_nir(input) {
            nir::Nir::parse_without_key(input)
                .or_else(|_| nir::Nir::parse_with_key(input))
                .ok()
                .map(|n| Login::Nir(n.body().to_owned()))
        } else if input.contains('@') {
            Some(Login::Email(identities::normalise_email(input)))
        } else {
            None
        }
    }

    /// The throttling key: derived from what was typed, so it says nothing about whether an
    /// account exists.
    fn throttle_key(&self) -> String {
        match self {
            Login::Email(e) => format!("login:{e}"),
            Login::Nir(n) => format!("login:nir:{}", token_hash(n)),
        }
    }
}

fn audit(
    state: &AppState,
    actor: Option<i64>,
    action: &'static str,
    outcome: &'static str,
    ip: Option<String>,
) -> AuditEntry {
    AuditEntry {
        at: state.clock.now(),
        actor_identity_id: actor,
        on_behalf_of_person_id: None,
        action,
        object: None,
        outcome,
        ip,
    }
}

/// Checks the credentials and opens a new session. Returns the cookie token and the identity.
pub async fn sign_in(
    state: &AppState,
    login_input: &str,
    password: String,
    ip: Option<String>,
) -> Result<(String, i64), AppError> {
    let mut errors = FormErrors::default();
    if login_input.trim().is_empty() {
        errors.push(
            "login",
            "Saisissez votre adresse électronique ou votre numéro de sécurité sociale.",
        );
    }
    if password.is_empty() {
        errors.push("password", "Saisissez votre mot de passe.");
    }
    // Keep what was typed for the page, unless it is a NIR (never put into a URL).
    let keep = |e: FormErrors| {
        if nir::looks_like_nir(login_input) {
            e
        } else {
            e.keep("login", login_input.trim())
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(keep(errors)));
    }
    let now = state.clock.now();
    let login = Login::parse(login_input);
    let account_key = login
        .as_ref()
        .map(Login::throttle_key)
        .unwrap_or_else(|| format!("login:{}", login_input.trim().to_lowercase()));
    let ip_key = ip.as_ref().map(|ip| format!("ip:{ip}"));
    // Counted before the password is checked, so parallel attempts cannot all pass.
    let mut keys = vec![(account_key.clone(), throttle::SIGN_IN_PER_ACCOUNT)];
    keys.extend(ip_key.clone().map(|k| (k, throttle::SIGN_IN_PER_ADDRESS)));
    let counted = match limiter::admit(&state.db, keys, now).await {
        Ok(c) => c,
        Err(e) => {
            insert_event(
                &state.db,
                audit(state, None, "sign_in", "throttled", ip.clone()),
            )
            .await?;
            return Err(e);
        }
    };

    let identity = match &login {
        Some(Login::Email(e)) => identities::find_identity_by_email(&state.db, e).await?,
        Some(Login::Nir(n)) => match identities::find_person_by_nir(&state.db, n).await? {
            Some(p) => identities::find_identity_by_person(&state.db, p.id).await?,
            None => None,
        },
        None => None,
    };
    let verified = state
        .hasher
        .verify(password, identity.as_ref().map(|i| i.password_hash.clone()))
        .await;

    let txn = state.db.begin().await?;
    let Some(identity) = identity.filter(|_| verified) else {
        limiter::failed(&txn, &counted, now).await?;
        insert_event(&txn, audit(state, None, "sign_in", "failure", ip)).await?;
        txn.commit().await?;
        return Err(AppError::Invalid(keep(FormErrors::field(
            "login",
            WRONG_CREDENTIALS,
        ))));
    };
    if let Some(k) = &ip_key {
        counters::give_back(&txn, k).await?;
    }
    let token = new_token();
    sessions::insert_session(&txn, &token_hash(&token), identity.id, now).await?;
    counters::delete_counter(&txn, &account_key).await?;
    identities::update_last_sign_in(&txn, identity.id, now).await?;
    insert_event(
        &txn,
        audit(state, Some(identity.id), "sign_in", "success", ip),
    )
    .await?;
    txn.commit().await?;
    Ok((token, identity.id))
}

/// Ends the session for good (the row is deleted: the cookie is worthless afterwards).
pub async fn sign_out(
    state: &AppState,
    session_id: i64,
    identity_id: i64,
    ip: Option<String>,
) -> Result<(), AppError> {
    let txn = state.db.begin().await?;
    sessions::delete_session(&txn, session_id).await?;
    insert_event(
        &txn,
        audit(state, Some(identity_id), "sign_out", "success", ip),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Step 1 of account creation. Whether or not the record matches, the answer is the same (a
/// ticket for the code page), so that nobody can probe who is insured; only a matching record
/// gets a code by email.
pub async fn start_signup(
    state: &AppState,
    nir_input: &str,
    birth_date: &str,
    email: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    let mut errors = FormErrors::default();
    let nir = nir::Nir::parse_with_key(nir_input);
    if let Err(e) = &nir {
        errors.push("nir", format!("Numéro de sécurité sociale : {e}."));
    }
    let birth = parse_date_fr(birth_date);
    if birth.is_none() {
        errors.push(
            "birth_date",
            "Date de naissance : saisissez une date valide, par exemple 14/07/1984.",
        );
    }
    if !looks_like_email(email) {
        errors.push(
            "email",
            "Adresse électronique : saisissez une adresse valide, par exemple nom@exemple.fr.",
        );
    }
    if !errors.is_empty() {
        let errors = errors.keep("birth_date", birth_date).keep("email", email);
        return Err(AppError::Invalid(errors));
    }
    let (Ok(nir), Some(birth)) = (nir, birth) else {
        return Err(internal("validated values missing"));
    };
    admit_code_request(state, codes::PURPOSE_SIGNUP, email, ip.as_deref()).await?;
    let now = state.clock.now();
    let email = identities::normalise_email(email);
    let person = identities::find_person_by_nir(&state.db, nir.body())
        .await?
        .filter(|p| p.birth_date == birth);
    let eligible = match &person {
        Some(p) => {
            identities::find_identity_by_person(&state.db, p.id)
                .await?
                .is_none()
                && identities::find_identity_by_email(&state.db, &email)
                    .await?
                    .is_none()
        }
        None => false,
    };
    let txn = state.db.begin().await?;
    let (ticket, code) = issue_code(
        &txn,
        codes::PURPOSE_SIGNUP,
        person.as_ref().filter(|_| eligible).map(|p| p.id),
        None,
        &email,
        now,
    )
    .await?;
    if eligible {
        mail::send_signup_code(&txn, &email, &code, now).await?;
    }
    insert_event(
        &txn,
        audit(
            state,
            None,
            "signup_start",
            if eligible { "code_sent" } else { "no_match" },
            None,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(ticket)
}

fn check_new_password(password: &str, confirm: &str) -> Result<(), AppError> {
    let mut errors = FormErrors::default();
    if let Err(e) = password::check_new_password(password) {
        errors.push("password", format!("Mot de passe : {e}."));
    } else if password != confirm {
        errors.push(
            "confirm",
            "Confirmation : les deux mots de passe ne sont pas identiques.",
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Step 2 of account creation: the code, then the password. Opens a session on success.
pub async fn finish_signup(
    state: &AppState,
    ticket: &str,
    code: &str,
    password: String,
    confirm: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    check_new_password(&password, confirm)?;
    let row = check_code(state, codes::PURPOSE_SIGNUP, ticket, code).await?;
    let Some(person_id) = row.person_id else {
        return Err(AppError::invalid("code", WRONG_CODE));
    };
    let person = identities::find_person(&state.db, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let hash = state.hasher.hash(password).await.map_err(internal)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    if !codes::mark_used(&txn, row.id, now).await? {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : ce code a déjà été utilisé.",
        ));
    }
    let display_name = format!("{} {}", person.first_name, person.last_name);
    let new = identities::NewIdentity {
        email: &row.email,
        password_hash: &hash,
        kind: identities::KIND_INSURED,
        person_id: Some(person.id),
        organisation_id: None,
        display_name: &display_name,
    };
    let identity_id = match identities::insert_identity(&txn, new, now).await {
        Ok(id) => id,
        // This address, or this person (another creation won a race), already has an account.
        Err(e) if is_unique_violation(&e) => return Err(AppError::invalid("code", ACCOUNT_EXISTS)),
        Err(e) => return Err(e.into()),
    };
    let token = new_token();
    sessions::insert_session(&txn, &token_hash(&token), identity_id, now).await?;
    insert_event(
        &txn,
        audit(state, Some(identity_id), "signup", "success", ip),
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Step 1 of a password reset: the same answer whether or not the address is known.
pub async fn start_reset(
    state: &AppState,
    email: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    if !looks_like_email(email) {
        return Err(AppError::Invalid(
            FormErrors::field(
                "email",
                "Adresse électronique : saisissez une adresse valide, par exemple nom@exemple.fr.",
            )
            .keep("email", email),
        ));
    }
    admit_code_request(state, codes::PURPOSE_RESET, email, ip.as_deref()).await?;
    let now = state.clock.now();
    let identity = identities::find_identity_by_email(&state.db, email).await?;
    let txn = state.db.begin().await?;
    let (ticket, code) = issue_code(
        &txn,
        codes::PURPOSE_RESET,
        None,
        identity.as_ref().map(|i| i.id),
        &identities::normalise_email(email),
        now,
    )
    .await?;
    if let Some(identity) = &identity {
        mail::send_reset_code(&txn, &identity.email, &code, now).await?;
    }
    insert_event(
        &txn,
        audit(
            state,
            identity.as_ref().map(|i| i.id),
            "reset_start",
            if identity.is_some() {
                "code_sent"
            } else {
                "no_match"
            },
            None,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(ticket)
}

/// Step 2 of a password reset: sets the new password and closes every open session.
pub async fn finish_reset(
    state: &AppState,
    ticket: &str,
    code: &str,
    password: String,
    confirm: &str,
) -> Result<(), AppError> {
    check_new_password(&password, confirm)?;
    let row = check_code(state, codes::PURPOSE_RESET, ticket, code).await?;
    let Some(identity_id) = row.identity_id else {
        return Err(AppError::invalid("code", WRONG_CODE));
    };
    let hash = state.hasher.hash(password).await.map_err(internal)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    if !codes::mark_used(&txn, row.id, now).await? {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : ce code a déjà été utilisé.",
        ));
    }
    identities::update_password(&txn, identity_id, &hash).await?;
    sessions::delete_sessions_of(&txn, identity_id).await?;
    mail::send_password_changed(&txn, &row.email, now).await?;
    insert_event(
        &txn,
        audit(state, Some(identity_id), "password_reset", "success", None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
