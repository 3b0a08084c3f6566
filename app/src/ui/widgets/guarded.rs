use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};
use serde::{de::DeserializeOwned, Serialize};

/// Renders data a server function guarded: the page on success, otherwise the sign-in
/// redirect, the 403 page or the 404 page, with the matching HTTP status on the server.
#[component]
pub fn Guarded<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Chargement…"</p> }>
            {
                let render = render.clone();
                move || {
                    let render = render.clone();
                    Suspend::new(async move {
                        match resource.await {
                            Ok(data) => render(data).into_any(),
                            Err(error) => view! { <ErrorPanel error/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[cfg(feature = "ssr")]
fn set_status(code: u16) {
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
}

#[cfg(not(feature = "ssr"))]
fn set_status(_code: u16) {}

#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let location = use_location();
    match error {
        AppError::Unauthenticated => {
            let here = location.pathname.get_untracked();
            let target = format!("/connexion?retour={}", urlencode(&here));
            view! { <Redirect path=target/> }.into_any()
        }
        AppError::Forbidden => {
            set_status(403);
            view! { <super::super::pages::errors::ForbiddenView/> }.into_any()
        }
        AppError::NotFound => {
            set_status(404);
            view! { <super::super::pages::errors::NotFoundPage/> }.into_any()
        }
        other => {
            set_status(500);
            view! {
                <div class="notice notice--error" role="alert">
                    <h1>"Le service est momentanément indisponible"</h1>
                    <p>{other.to_string()}</p>
                </div>
            }
            .into_any()
        }
    }
}

/// Percent-encodes a path for a query string (letters, digits and `/-_.~` stay as they are).
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
