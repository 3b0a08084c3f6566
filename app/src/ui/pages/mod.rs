//! One component per route.

pub mod agency;
pub mod clients;
pub mod contributions;
pub mod dashboard;
pub mod declare;
pub mod delay;
pub mod demo_mail;
pub mod direct_debit;
pub mod errors;
pub mod home;
pub mod payment;
pub mod personal;
pub mod reset;
pub mod service;
pub mod sign_in;
pub mod signup;
pub mod simulator;
pub mod treasury;
