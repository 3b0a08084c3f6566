//! The 403 and 404 pages.

use crate::ui::layouts::ViewerResource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForbiddenView() -> impl IntoView {
    view! {
        <Title text="Accès refusé"/>
        <section class="panel">
            <h1>"Accès refusé"</h1>
            <p>"Ce service n'est pas ouvert à votre profil. Si vous pensez qu'il s'agit d'une erreur, contactez votre agence."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    // Back to the viewer's own home: /mon-compte is refused to staff too.
                    let home = match use_context::<ViewerResource>() {
                        Some(ViewerResource(viewer)) => viewer.await.ok().flatten().map(|v| v.home_path()),
                        None => None,
                    };
                    let (href, label) = match home {
                        Some(h) => (h, "Retour à mon espace"),
                        None => ("/", "Retour à l'accueil"),
                    };
                    view! { <p><a href=href>{label}</a></p> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page introuvable"/>
        <section class="panel">
            <h1>"Page introuvable"</h1>
            <p>"L'adresse saisie ne correspond à aucune page de Passerelle."</p>
            <p><a href="/">"Retour à l'accueil"</a></p>
        </section>
    }
}
