//! Step 1 of the wizard: the region of residence.

use super::wizard::{error_for, step_resource, Stepper};
use crate::features::appointments::api::BookingRegion;
use crate::features::appointments::BookingStep;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BookRegionPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – région"/>
        <Guarded resource=data render=|s: BookingStep| view! { <RegionStep s/> }/>
    }
}

#[component]
fn RegionStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingRegion>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let err = error_for(errors, "region");
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <p class="lead">"Un agent vous rappelle pour confirmer le rendez-vous et préparer votre dossier : vous repartez avec une réponse complète, dans un cadre calme et confidentiel."</p>
            <Stepper current=1/>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <fieldset class="field" id="champ-region" class:field--error={let e = err.clone(); move || e().is_some()}>
                    <legend>"Votre région de résidence"</legend>
                    {let e = err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                    {s.regions.into_iter().enumerate().map(|(i, r)| {
                        let id = format!("region-{i}");
                        view! { <div class="radio"><input type="radio" id=id.clone() name="region" value=r.name.clone() checked=r.selected/><label for=id>{r.name}</label></div> }
                    }).collect_view()}
                </fieldset>
                <p class="form__actions"><button type="submit" class="button">"Prendre rendez-vous"</button></p>
            </ActionForm>
            {s.signed_in.then(|| view! { <p><a href="/mon-compte/rendez-vous">"Voir mes rendez-vous"</a></p> })}
        </section>
    }
}
