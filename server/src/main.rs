//! The Passerelle server: reads the settings, prepares the database, serves the application.

use server::{config::Settings, startup};

#[tokio::main]
async fn main() {
    startup::init_tracing();
    let args: Vec<String> = std::env::args().collect();
    let settings = match Settings::from_env(&args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Passerelle cannot start: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = startup::run(settings).await {
        tracing::error!(error = %e, "Passerelle stopped");
        std::process::exit(1);
    }
}
