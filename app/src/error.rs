//! `AppError`: the one error type server functions return. It crosses the wire as JSON so the
//! page gets the exact variant back, and it never carries internal details.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A message about one form field, in French, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// What was wrong with a form, and the (non-secret) values entered, so that a page reloaded
/// without JavaScript can show them again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    pub errors: Vec<FieldError>,
    pub values: Vec<(String, String)>,
}

impl FormErrors {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        FormErrors {
            errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
            values: vec![],
        }
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Keeps a value to show again (never a password, a NIR or an IBAN).
    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.values.push((field.into(), value.into()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn message_for(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    }

    pub fn value_for(&self, field: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Veuillez vous connecter.")]
    Unauthenticated,
    #[error("Vous n'avez pas accès à ce service.")]
    Forbidden,
    #[error("Page ou donnée introuvable.")]
    NotFound,
    #[error("Certains champs sont à corriger.")]
    Invalid(FormErrors),
    /// Too many attempts: the whole minutes to wait before the next one.
    #[error("Trop de tentatives. Patientez {0} min avant de réessayer.")]
    Throttled(i64),
    #[error("Une erreur inattendue s'est produite (référence {0}). Réessayez plus tard.")]
    Internal(String),
    /// A request the server could not read as the form it expects (a field missing that no form
    /// of ours leaves out, a value of the wrong kind): a 400 for programs, no technical text.
    #[error("Le formulaire envoyé est incomplet ou mal formé. Rechargez la page, vérifiez vos réponses et envoyez-le de nouveau.")]
    BadRequest,
    /// The service could not be reached or answered something unreadable. The detail is for
    /// the logs and the browser console, never for the person.
    #[error("Le service ne répond pas pour le moment. Vérifiez votre connexion à Internet et réessayez.")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(FormErrors::field(field, message))
    }

    /// The HTTP status of this error for a program calling the endpoint: the one table every
    /// server function and plain route answers with. (A plain HTML form post is redirected back
    /// to its form instead, with the error.)
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::BadRequest => 400,
            AppError::Throttled(_) => 429,
            AppError::Internal(_) => 500,
            // The server never answers this one (it is what the page makes of no answer); were
            // it to, it would be the server's fault.
            AppError::Transport(_) => 500,
        }
    }

    /// The seconds to wait before trying again (`Retry-After`), for a throttled caller.
    pub fn retry_after_secs(&self) -> Option<i64> {
        match self {
            AppError::Throttled(minutes) => Some(minutes * 60),
            _ => None,
        }
    }

    /// The form errors, when that is what this is.
    pub fn form(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(f) => Some(f),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The arguments did not decode: on the server, the request was not the form expected.
            ServerFnErrorErr::Args(_) => AppError::BadRequest,
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_status() {
        let table = [
            (AppError::Unauthenticated, 401),
            (AppError::Forbidden, 403),
            (AppError::NotFound, 404),
            (AppError::invalid("montant", "Indiquez un montant."), 422),
            (AppError::BadRequest, 400),
            (AppError::Throttled(15), 429),
            (AppError::Internal("x".into()), 500),
            (AppError::Transport("x".into()), 500),
        ];
        for (err, status) in table {
            assert_eq!(err.status(), status, "{err:?}");
        }
        assert_eq!(AppError::Throttled(15).retry_after_secs(), Some(900));
        assert_eq!(AppError::Forbidden.retry_after_secs(), None);
    }

    #[test]
    fn no_technical_text_reaches_the_person() {
        let args = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "Deserialization error: Custom(\"missing field `declaration`\")".into(),
        ));
        assert_eq!(args, AppError::BadRequest);
        let transport = AppError::from_server_fn_error(ServerFnErrorErr::Request(
            "error sending request for url (http://x/api/f)".into(),
        ));
        for shown in [args.to_string(), transport.to_string()] {
            assert!(
                !shown.contains("error") && !shown.contains("http") && !shown.contains('`'),
                "{shown}"
            );
        }
    }
}
