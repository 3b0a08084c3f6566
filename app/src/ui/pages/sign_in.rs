//! "Connexion": sign in with an email or a NIR and a password.

use crate::api::auth::SignIn;
use crate::ui::layouts::ViewerResource;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let query = use_query_map();
    let retour = move || query.read().get("retour").unwrap_or_default();
    let notice = move || {
        let q = query.read();
        if q.get("deconnecte").is_some() {
            Some("Vous êtes déconnecté. À bientôt !")
        } else if q.get("reinitialise").is_some() {
            Some("Votre mot de passe a été modifié. Connectez-vous avec le nouveau.")
        } else {
            None
        }
    };
    view! {
        <Title text="Connexion"/>
        <section class="panel panel--narrow">
            <h1>"Connexion à mon compte"</h1>
            {move || notice().map(|n| view! { <div class="notice notice--success" role="status"><p>{n}</p></div> })}
            // Already signed in: say so, and where their space is (signing in again as someone
            // else stays possible, it replaces the session).
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let viewer = match use_context::<ViewerResource>() {
                        Some(ViewerResource(v)) => v.await.ok().flatten(),
                        None => None,
                    };
                    viewer.map(|v| view! {
                        <div class="notice notice--info">
                            <p>{format!("Vous êtes déjà connecté à Passerelle ({}). ", v.display_name)}<a href=v.home_path()>"Aller à mon espace"</a></p>
                        </div>
                    })
                })}
            </Suspense>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="retour" value=retour/>
                <TextField
                    name="login"
                    label="Adresse électronique ou numéro de sécurité sociale"
                    hint="Ou votre numéro de sécurité sociale, avec ou sans la clé (15 ou 13 chiffres), espaces permis."
                    autocomplete="username"
                    errors
                />
                <TextField name="password" label="Mot de passe" kind="password" autocomplete="current-password" errors/>
                <p class="form__actions">
                    <button type="submit" class="button">"Se connecter"</button>
                </p>
            </ActionForm>
            <ul class="links">
                <li><a href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a></li>
                <li><a href="/creer-mon-compte">"Première connexion : créer mon compte"</a></li>
            </ul>
        </section>
    }
}
