//! The Passerelle server: reads the settings, prepares the database, serves the application.

use server::{config::Settings, startup};

#[tokio::main]
async fn main() {
    startup::init_tracing();
    let args: Vec<String> = std::env::args().collect();
    // `passerelle precompress`: the `.br` of every file pages download, after a build.
    if args.iter().any(|a| a == "precompress") {
        std::process::exit(server::precompress::run());
    }
    let settings = match Settings::from_env(&args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Passerelle cannot start: {e}");
            std::process::exit(2);
        }
    };
    // `passerelle collect-once`: one pass of the collection job, then exit (operations, and the
    // test that runs two processes against one database).
    if args.iter().any(|a| a == "collect-once") {
        match startup::collect_once(&settings).await {
            Ok(files) => {
                println!("{files}");
                return;
            }
            Err(e) => {
                tracing::error!(error = %e, "collection failed");
                std::process::exit(1);
            }
        }
    }
    if let Err(e) = startup::run(settings).await {
        tracing::error!(error = %e, "Passerelle stopped");
        std::process::exit(1);
    }
}
