//! "Mot de passe oublié": a code by email, then a new password.

use crate::api::auth::{FinishReset, StartReset};
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPage() -> impl IntoView {
    let action = ServerAction::<StartReset>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    view! {
        <Title text="Mot de passe oublié"/>
        <section class="panel panel--narrow">
            <h1>"Mot de passe oublié"</h1>
            <p class="stepper">"Étape 1 sur 2 : votre adresse"</p>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <TextField name="email" label="Adresse électronique du compte" kind="email" autocomplete="email" errors/>
                <p class="form__actions"><button type="submit" class="button">"Recevoir un code"</button></p>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetCodePage() -> impl IntoView {
    let action = ServerAction::<FinishReset>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let query = use_query_map();
    let ticket = move || query.read().get("ticket").unwrap_or_default();
    view! {
        <Title text="Choisir un nouveau mot de passe"/>
        <section class="panel panel--narrow">
            <h1>"Choisir un nouveau mot de passe"</h1>
            <p class="stepper">"Étape 2 sur 2 : code reçu et nouveau mot de passe"</p>
            <p>"Si cette adresse correspond à un compte, un code à 6 chiffres vient d'y être envoyé. Il est valable 30 minutes."</p>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="ticket" value=ticket/>
                <TextField name="code" label="Code reçu par courriel" hint="6 chiffres." inputmode="numeric" autocomplete="one-time-code" errors/>
                <TextField name="password" label="Nouveau mot de passe" hint="Au moins 12 caractères." kind="password" autocomplete="new-password" errors/>
                <TextField name="confirm" label="Confirmation du mot de passe" kind="password" autocomplete="new-password" errors/>
                <p class="form__actions"><button type="submit" class="button">"Enregistrer"</button></p>
            </ActionForm>
        </section>
    }
}
