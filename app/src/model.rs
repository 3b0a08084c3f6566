//! Data that crosses the wire between server functions and pages.

use crate::domain::access::{Role, Service};
use serde::{Deserialize, Serialize};

/// The signed-in person as pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub identity_id: i64,
    pub role: Role,
    pub display_name: String,
    /// For insured persons: the services they may open, in menu order.
    pub services: Vec<Service>,
    /// The person whose data an insured sign-in shows (their own, or a minor's held for them).
    #[serde(skip)]
    pub person_id: Option<i64>,
    /// The firm of an accountant or the agency of an agent.
    #[serde(skip)]
    pub organisation_id: Option<i64>,
}

impl Viewer {
    pub fn role_label(&self) -> &'static str {
        match self.role {
            Role::Insured(c) => c.label(),
            Role::Accountant => "Expert-comptable",
            Role::Agent => "Agent d'agence",
            Role::Treasury => "Trésorerie",
        }
    }

    /// Where this person lands after signing in.
    pub fn home_path(&self) -> &'static str {
        match self.role {
            Role::Insured(_) => "/mon-compte",
            Role::Accountant => "/cabinet",
            Role::Agent => "/agence",
            Role::Treasury => "/tresorerie",
        }
    }
}

/// How long the session has left, for the warning before the idle limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClock {
    pub ends_in_secs: i64,
    pub warn_secs: i64,
}
