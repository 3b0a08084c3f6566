//! Step 6 of the wizard: the review and "Valider".

use super::wizard::{not_yet, recap, step_resource, Stepper};
use crate::features::appointments::api::BookingValidate;
use crate::features::appointments::BookingStep;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BookReviewPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – vérification"/>
        <Guarded resource=data render=|s: BookingStep| view! { <ReviewStep s/> }/>
    }
}

#[component]
fn ReviewStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingValidate>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let blocked = not_yet(s.reachable, 6);
    let recap = recap(&s);
    let c = s.contact.clone();
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=6/>
            <ErrorSummary errors other/>
            {recap}
            {match blocked {
                Some(b) => b,
                None => view! {
                    {(!s.same_day.is_empty()).then(|| view! {
                        <div class="notice notice--warning" role="status">
                            <p><strong>"Vous avez déjà un rendez-vous ce jour-là :"</strong></p>
                            <ul>{s.same_day.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
                            <p>"Vous pouvez tout de même valider celui-ci, ou choisir un autre créneau."</p>
                        </div>
                    })}
                    <h2>"Vos coordonnées"</h2>
                    <dl class="record">
                        <div><dt>"Numéro de sécurité sociale"</dt><dd>{c.nir.clone()}</dd></div>
                        <div><dt>"Nom et prénom"</dt><dd>{format!("{} {}", c.first_name, c.last_name)}</dd></div>
                        <div><dt>"Adresse"</dt><dd>{c.address.clone()}</dd></div>
                        <div><dt>"Téléphone mobile"</dt><dd>{c.phone.clone()}</dd></div>
                        <div><dt>"Adresse électronique"</dt><dd>{c.email.clone()}</dd></div>
                    </dl>
                    <p><a href="/rendez-vous/coordonnees">"Modifier mes coordonnées"</a>" – "<a href="/rendez-vous/creneau">"Choisir un autre créneau"</a></p>
                    <ActionForm action attr:class="form">
                        <p class="form__actions" id="champ-valider" tabindex="-1"><button type="submit" class="button">"Valider"</button></p>
                    </ActionForm>
                }.into_any(),
            }}
            // A signed-in person whose account address needed no code goes back to the details.
            {if s.code_sent_to.is_none() && s.signed_in {
                view! { <p><a href="/rendez-vous/coordonnees">"Étape précédente : vos coordonnées"</a></p> }.into_any()
            } else {
                view! { <p><a href="/rendez-vous/code">"Étape précédente : code de vérification"</a></p> }.into_any()
            }}
        </section>
    }
}
