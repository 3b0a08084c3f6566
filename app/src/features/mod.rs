//! One folder per feature: its wire contract (`mod.rs`), its server functions (`api`), its use
//! cases (`server`, ssr only) and its pages (`ui`) together. Features do not reach into each
//! other's `server`: what they share lives in `domain`, `persistence` or `platform`.

pub mod appointments;
