//! "Aide à la création du compte": NIR, birth date and email, then the emailed code and a
//! password.

use crate::api::auth::{FinishSignup, StartSignup};
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = ServerAction::<StartSignup>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    view! {
        <Title text="Créer mon compte"/>
        <section class="panel panel--narrow">
            <h1>"Créer mon compte"</h1>
            <p class="stepper">"Étape 1 sur 2 : vérification de votre identité"</p>
            <p>"Votre dossier doit déjà exister auprès de la caisse. Nous vous enverrons un code par courriel."</p>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <TextField name="nir" label="Numéro de sécurité sociale" hint="15 chiffres, clé comprise, comme sur votre carte Vitale : par exemple 2 95 10 99 126 111 93." autocomplete="off" errors/>
                <TextField name="birth_date" label="Date de naissance" hint="Au format jj/mm/aaaa, par exemple 03/12/1984." autocomplete="bday" errors/>
                <TextField name="email" label="Adresse électronique" hint="Le code vous sera envoyé à cette adresse." kind="email" autocomplete="email" errors/>
                <p class="form__actions"><button type="submit" class="button">"Recevoir mon code"</button></p>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn SignupCodePage() -> impl IntoView {
    let action = ServerAction::<FinishSignup>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let query = use_query_map();
    let ticket = move || query.read().get("ticket").unwrap_or_default();
    view! {
        <Title text="Créer mon compte : code et mot de passe"/>
        <section class="panel panel--narrow">
            <h1>"Créer mon compte"</h1>
            <p class="stepper">"Étape 2 sur 2 : code reçu et mot de passe"</p>
            <p>"Si les informations saisies correspondent à un dossier, un code à 6 chiffres vient de vous être envoyé par courriel. Il est valable 30 minutes."</p>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="ticket" value=ticket/>
                <TextField name="code" label="Code reçu par courriel" hint="6 chiffres." inputmode="numeric" autocomplete="one-time-code" errors/>
                <TextField name="password" label="Mot de passe" hint="Au moins 12 caractères. Une phrase facile à retenir convient très bien." kind="password" autocomplete="new-password" errors/>
                <TextField name="confirm" label="Confirmation du mot de passe" kind="password" autocomplete="new-password" errors/>
                <p class="form__actions"><button type="submit" class="button">"Créer mon compte"</button></p>
            </ActionForm>
            <p><a href="/creer-mon-compte">"Recommencer et recevoir un nouveau code"</a></p>
        </section>
    }
}
