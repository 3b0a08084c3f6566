//! Step 5 of the wizard: the code sent to the email address.

use super::wizard::{not_yet, recap, step_resource, Stepper};
use crate::features::appointments::api::{BookingCode, BookingResendCode};
use crate::features::appointments::BookingStep;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BookCodePage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – code de vérification"/>
        <Guarded resource=data render=|s: BookingStep| view! { <CodeStep s/> }/>
    }
}

#[component]
fn CodeStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingCode>::new();
    let resend = ServerAction::<BookingResendCode>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let resend_errors = form_errors(resend.value());
    let resend_other = other_error(resend.value());
    let query = use_query_map();
    let resent = Memo::new(move |_| query.read().get("renvoye").is_some());
    let blocked = not_yet(s.reachable, 5);
    let recap = recap(&s);
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=5/>
            <ErrorSummary errors other/>
            <ErrorSummary errors=resend_errors other=resend_other/>
            {move || resent.get().then(|| view! { <div class="notice notice--success" role="status"><p>"Un nouveau code vous a été envoyé."</p></div> })}
            {recap}
            {match blocked {
                Some(b) => b,
                None if s.email_verified => view! {
                    <p class="notice notice--success">"Votre adresse électronique est vérifiée."</p>
                    <p><a class="button" href="/rendez-vous/verification">"Étape suivante"</a></p>
                }.into_any(),
                None => view! {
                    <p>{format!("Un code à 6 chiffres a été envoyé à {}. Il est valable 30 minutes. Il prouve que cette adresse est la vôtre.", s.code_sent_to.clone().unwrap_or_default())}</p>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <TextField name="code" label="Code de vérification" hint="Les 6 chiffres reçus par courriel." inputmode="numeric" autocomplete="one-time-code" errors/>
                        <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
                    </ActionForm>
                    <ActionForm action=resend attr:class="inline-form">
                        <button type="submit" class="button button--secondary">"Recevoir un nouveau code"</button>
                    </ActionForm>
                }.into_any(),
            }}
            <p><a href="/rendez-vous/coordonnees">"Étape précédente : vos coordonnées"</a></p>
        </section>
    }
}
