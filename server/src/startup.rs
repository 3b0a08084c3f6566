//! Start-up: logging, database, migrations, demo data, the router, the worker, the listener.

use crate::config::Settings;
use crate::{routes, security, worker};
use app::ssr::{passwords::Hasher, AppConfig, AppState, Clock};
use axum::{middleware, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;

/// Logs as JSON lines when `PASSERELLE_LOG_FORMAT=json`, else as compact text. The level comes
/// from `RUST_LOG` (default `info`). Nothing sensitive is ever recorded: request logs carry
/// the method, the path without its query string, the status and the time taken.
pub fn init_tracing() {
    use tracing_subscriber::{fmt, EnvFilter};
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = std::env::var("PASSERELLE_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.compact().try_init()
    };
}

/// The Leptos settings baked in by cargo-leptos, with hashed asset names turned on when the
/// build wrote its hash file next to the binary.
pub fn leptos_options() -> Result<LeptosOptions, String> {
    let mut options = get_configuration(None)
        .map_err(|e| e.to_string())?
        .leptos_options;
    if std::env::var("LEPTOS_HASH_FILES").is_err() {
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
        options.hash_files = hash_file.is_some_and(|f| f.exists());
    }
    Ok(options)
}

/// Opens the database, applies migrations and seeds the demo when asked.
pub async fn prepare_state(
    settings: &Settings,
    leptos_options: LeptosOptions,
) -> Result<AppState, String> {
    if settings.database_url.starts_with("sqlite://data/") {
        std::fs::create_dir_all("data").map_err(|e| format!("cannot create data/: {e}"))?;
    }
    let db = app::persistence::connect(&settings.database_url, settings.db_max_connections)
        .await
        .map_err(|e| format!("database: {e}"))?;
    app::persistence::migrate(&settings.database_url, &db)
        .await
        .map_err(|e| format!("migrations: {e}"))?;
    let clock = settings
        .today
        .map(Clock::fixed_today)
        .unwrap_or_else(Clock::system);
    if settings.demo {
        let hash = tokio::task::spawn_blocking(|| {
            app::ssr::passwords::hash_blocking(app::persistence::seed::DEMO_PASSWORD)
        })
        .await
        .map_err(|e| e.to_string())??;
        let seeded = app::persistence::seed::seed_demo(&db, &hash, clock.today(), clock.now())
            .await
            .map_err(|e| format!("demo data: {e}"))?;
        tracing::info!(seeded, today = %clock.today(), "demo data ready");
    }
    Ok(AppState {
        db,
        clock,
        config: AppConfig {
            session: settings.session,
            secure_cookies: settings.public_url.starts_with("https://"),
            demo_mailbox: !settings.production && settings.smtp_url.is_none(),
            public_url: settings.public_url.clone(),
            creditor: settings.creditor.clone(),
            link_key: settings.link_key.clone(),
            mail_from: settings.mail_from.clone(),
        },
        hasher: Hasher::new(4),
        leptos_options,
    })
}

/// The whole application as one router: pages, server functions, health checks, static files.
pub fn build_router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let public = security::PublicOrigin::new(&state.config.public_url);
    let context_state = state.clone();
    let page_context = move || {
        provide_context(context_state.clone());
        security::page_policy();
    };
    let fn_state = state.clone();
    let api_v1 = routes::api_v1()
        .into_iter()
        .fold(Router::new(), |r, (path, _, handler)| {
            r.route(path, handler)
        });
    Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .merge(api_v1)
        .route("/tresorerie/fichiers/{id}", get(routes::bank_files::download))
        .route("/rendez-vous/suivi/{reference}/agenda.ics", get(routes::calendar::download))
        .route(
            "/api/{*fn_name}",
            axum::routing::post(move |req: axum::extract::Request| {
                let s = fn_state.clone();
                leptos_axum::handle_server_fns_with_context(move || provide_context(s.clone()), req)
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            page_context.clone(),
            {
                let options = state.leptos_options.clone();
                move || app::shell(options.clone())
            },
        )
        // What pages download: the `.br` written by `passerelle precompress` when the browser
        // takes brotli, else the file (compressed on the fly by the layer below).
        .nest_service(
            &format!("/{}", state.leptos_options.site_pkg_dir),
            tower_http::services::ServeDir::new(
                std::path::Path::new(&*state.leptos_options.site_root)
                    .join(&*state.leptos_options.site_pkg_dir),
            )
            .precompressed_br(),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(page_context, app::shell))
        // The one place a server function's error becomes its HTTP status, for programs.
        .layer(middleware::from_fn(app::ssr::status::server_fn_statuses))
        .layer(middleware::from_fn_with_state(state.clone(), app::ssr::failed_forms::failed_form_middleware))
        .layer(middleware::from_fn_with_state(state.clone(), app::ssr::session::session_middleware))
        .layer(middleware::from_fn_with_state(public.clone(), security::reject_cross_site))
        .layer(middleware::from_fn_with_state(public, security::security_headers))
        .layer(CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }))
        .with_state(state)
}

/// One pass of the collection job; returns the files it wrote, one message id per line.
pub async fn collect_once(settings: &Settings) -> Result<String, String> {
    let options = LeptosOptions::builder().output_name("passerelle").build();
    let state = prepare_state(settings, options).await?;
    let report = app::ssr::collection::run(&state, state.clock.now())
        .await
        .map_err(|e| e.to_string())?;
    Ok(report.files.join("\n"))
}

pub async fn run(settings: Settings) -> Result<(), String> {
    let leptos_options = leptos_options()?;
    let addr = settings.addr.unwrap_or(leptos_options.site_addr);
    tracing::info!(database = %settings.database_url_for_log(), %addr, production = settings.production, "starting Passerelle");
    let state = prepare_state(&settings, leptos_options).await?;
    let stop = tokio_util_token();
    if settings.worker {
        tokio::spawn(worker::run(
            state.clone(),
            settings.smtp_url.clone(),
            stop.clone(),
        ));
    }
    let app = build_router(state);
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?
        .tap_io(|s| {
            // Leptos streams pages in chunks: without this every response waits for a delayed ACK.
            let _ = s.set_nodelay(true);
        });
    tracing::info!("Passerelle is listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = tokio::signal::ctrl_c().await;
        stop.notify_waiters();
    })
    .await
    .map_err(|e| e.to_string())
}

fn tokio_util_token() -> std::sync::Arc<tokio::sync::Notify> {
    std::sync::Arc::new(tokio::sync::Notify::new())
}
