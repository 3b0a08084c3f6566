//! Step 2 of the wizard: the object and reason of the visit.

use super::wizard::{error_for, not_yet, recap, step_resource, Stepper};
use crate::features::appointments::api::BookingReason;
use crate::features::appointments::BookingStep;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BookReasonPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – motif"/>
        <Guarded resource=data render=|s: BookingStep| view! { <ReasonStep s/> }/>
    }
}

#[component]
fn ReasonStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingReason>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let err = error_for(errors, "motif");
    let blocked = not_yet(s.reachable, 2);
    let recap = recap(&s);
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=2/>
            <ErrorSummary errors other/>
            {recap}
            {match blocked {
                Some(b) => b,
                None => view! {
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <div id="champ-motif" tabindex="-1">
                            {let e = err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                            {s.objects.into_iter().map(|o| view! {
                                <fieldset class="field">
                                    <legend>{o.label}</legend>
                                    {o.reasons.into_iter().map(|r| {
                                        let id = format!("motif-{}", r.id);
                                        view! {
                                            <div class="radio">
                                                <input type="radio" id=id.clone() name="motif" value=r.id checked=r.selected/>
                                                <label for=id>{r.label}</label>
                                                <span class="small">{format!(" – {}, {}", r.duration, r.channel.to_lowercase())}</span>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }).collect_view()}
                        </div>
                        <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
                    </ActionForm>
                }.into_any(),
            }}
            <p><a href="/rendez-vous">"Étape précédente : région"</a></p>
        </section>
    }
}
