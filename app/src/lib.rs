//! Passerelle: the "Mon compte" space of a social-security fund for the self-employed.
//! This crate is isomorphic: `ssr` builds the server side, `hydrate` the browser side.

#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod error;
pub mod features;
pub mod model;
#[cfg(feature = "ssr")]
pub mod persistence;
#[cfg(feature = "ssr")]
pub mod platform;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;

pub use ui::{shell, App};
