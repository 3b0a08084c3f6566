//! The frame around every page: skip link, header with the allowed services, footer, and the
//! session-timeout warning.

use crate::api::auth::{get_viewer, session_status, ExtendSession, SignOut};
use crate::domain::access::Role;
use crate::model::{SessionClock, Viewer};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The signed-in viewer, reloaded on each navigation (signing in and out navigates).
#[derive(Clone, Copy)]
pub struct ViewerResource(pub Resource<Result<Option<Viewer>, crate::error::AppError>>);

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let location = use_location();
    let viewer = Resource::new(move || location.pathname.get(), |_| get_viewer());
    provide_context(ViewerResource(viewer));
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <div class="site-header__bar">
                <a class="brand" href="/">
                    <span class="brand__name">"Passerelle"</span>
                    <span class="brand__tagline">"Sécurité sociale des indépendants"</span>
                </a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match viewer.await {
                            Ok(Some(v)) => view! { <UserBox viewer=v/> }.into_any(),
                            _ => view! { <a class="button button--secondary" href="/connexion">"Se connecter"</a> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match viewer.await {
                        Ok(Some(v)) => view! { <MainNav viewer=v/> }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(viewer.await, Ok(Some(_))).then(|| view! { <SessionWarning/> })
            })}
        </Suspense>
        <main id="contenu" class="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>"Passerelle – l'espace en ligne des travailleurs indépendants et de leurs proches."</p>
            <ul class="site-footer__links">
                <li><a href="/">"Accueil"</a></li>
                <li>
                    <Suspense fallback=|| view! { <a href="/connexion">"Connexion"</a> }>
                        {move || Suspend::new(async move {
                            match viewer.await {
                                Ok(Some(v)) => view! { <a href=v.home_path()>"Mon espace"</a> }.into_any(),
                                _ => view! { <a href="/connexion">"Connexion"</a> }.into_any(),
                            }
                        })}
                    </Suspense>
                </li>
                <li><a href="/simuler">"Simuler mes cotisations"</a></li>
                <li><a href="/rendez-vous">"Prendre rendez-vous"</a></li>
                <li>"Accessibilité : partiellement conforme (RGAA 4.1)"</li>
            </ul>
        </footer>
    }
}

#[component]
fn UserBox(viewer: Viewer) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <div class="userbox">
            <span class="userbox__name">{viewer.display_name.clone()}</span>
            <span class="userbox__role">{viewer.role_label()}</span>
            <ActionForm action=sign_out attr:class="inline-form">
                <button type="submit" class="button button--secondary">"Se déconnecter"</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn MainNav(viewer: Viewer) -> impl IntoView {
    let location = use_location();
    let links: Vec<(String, &'static str)> = match viewer.role {
        Role::Insured(_) => std::iter::once(("/mon-compte".to_owned(), "Tableau de bord"))
            .chain(viewer.services.iter().map(|s| (s.path(), s.label())))
            .chain(std::iter::once((
                "/mon-compte/rendez-vous".to_owned(),
                "Mes rendez-vous",
            )))
            .collect(),
        Role::Accountant => vec![("/cabinet".to_owned(), "Mes clients")],
        Role::Agent => vec![
            ("/agence".to_owned(), "Mon agence"),
            ("/agence/rendez-vous".to_owned(), "Rendez-vous"),
            ("/agence/horaires".to_owned(), "Horaires"),
        ],
        Role::Treasury => vec![("/tresorerie".to_owned(), "Fichiers de prélèvement")],
    };
    view! {
        <nav class="main-nav" aria-label="Menu principal">
            <ul>
                {links
                    .into_iter()
                    .map(|(href, label)| {
                        let current = {
                            let href = href.clone();
                            move || (location.pathname.get() == href).then_some("page")
                        };
                        view! { <li><a href=href aria-current=current>{label}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Warns before the idle limit, with a "Prolonger" button (RGAA 4.1 criterion 13.1). The
/// remaining time is asked again just when the warning is due (another tab may have extended
/// the session meanwhile), then every ten seconds while it shows.
#[component]
fn SessionWarning() -> impl IntoView {
    let (status, set_status) = signal(None::<SessionClock>);
    let (expired, set_expired) = signal(false);
    let extend = ServerAction::<ExtendSession>::new();
    Effect::new(move |_| poll_session(set_status, set_expired));
    Effect::new(move |_| {
        if let Some(Ok(s)) = extend.value().get() {
            set_status.set(Some(s));
        }
    });
    let warning = move || status.get().filter(|s| s.ends_in_secs <= s.warn_secs);
    view! {
        <div class="session-warning-region" role="status" aria-live="polite">
            {move || expired.get().then(|| view! {
                <div class="notice notice--warning session-warning">
                    <p>"Votre session a expiré. " <a href="/connexion">"Reconnectez-vous"</a> " : vos démarches en cours sont conservées."</p>
                </div>
            })}
            {move || warning().filter(|_| !expired.get()).map(|s| {
                let minutes = (s.ends_in_secs + 59) / 60;
                view! {
                    <div class="notice notice--warning session-warning">
                        <p>{format!("Sans action de votre part, votre session se fermera dans {minutes} minute{}.", if minutes > 1 { "s" } else { "" })}</p>
                        <ActionForm action=extend attr:class="inline-form">
                            <button type="submit" class="button">"Prolonger ma session"</button>
                        </ActionForm>
                    </div>
                }
            })}
        </div>
    }
}

/// Asks the server how long the session has left, then asks again when it matters.
fn poll_session(set_status: WriteSignal<Option<SessionClock>>, set_expired: WriteSignal<bool>) {
    leptos::task::spawn_local(async move {
        let next = match session_status().await {
            Ok(Some(s)) => {
                if set_status.try_set(Some(s)).is_some() {
                    return; // signed out meanwhile: the banner is gone
                }
                if s.ends_in_secs > s.warn_secs {
                    (s.ends_in_secs - s.warn_secs).clamp(1, 60)
                } else {
                    s.ends_in_secs.clamp(1, 10)
                }
            }
            Ok(None) => {
                let _ = set_status.try_set(None);
                let _ = set_expired.try_set(true);
                return;
            }
            Err(_) => 30,
        };
        set_timeout(
            move || poll_session(set_status, set_expired),
            std::time::Duration::from_secs(next as u64),
        );
    });
}
