//! Step 3 of the wizard: the agency, then a free slot (or, when the chosen one was lost, the
//! nearest free ones).

use super::slot_choices::{paging, slot_choices};
use super::wizard::{error_for, not_yet, recap, step_resource, Stepper};
use crate::features::appointments::api::BookingSlot;
use crate::features::appointments::BookingStep;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BookSlotPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – agence, date et heure"/>
        <Guarded resource=data render=|s: BookingStep| view! { <SlotStep s/> }/>
    }
}

#[component]
fn SlotStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingSlot>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let err = error_for(errors, "creneau");
    let agency_err = error_for(errors, "agence");
    let blocked = not_yet(s.reachable, 3);
    let recap = recap(&s);
    let body = match blocked {
        Some(b) => b,
        None => {
            let agency = s.agency.clone();
            view! {
                <form method="get" action="/rendez-vous/creneau" class="form" id="champ-agence">
                    <fieldset class="field" class:field--error={let e = agency_err.clone(); move || e().is_some()}>
                        <legend>"Agence"</legend>
                        {let e = agency_err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                        {s.agencies.iter().map(|a| {
                            let id = format!("agence-{}", a.id);
                            view! {
                                <div class="radio">
                                    <input type="radio" id=id.clone() name="agence" value=a.id checked=a.selected/>
                                    <label for=id>{a.name.clone()}</label>
                                    <span class="small">{format!(" – {}", a.address)}</span>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <p><button type="submit" class="button button--secondary">"Voir les créneaux de cette agence"</button></p>
                </form>
                {match agency {
                    None => view! { <p class="notice notice--info">"Choisissez une agence pour voir ses créneaux libres."</p> }.into_any(),
                    Some(a) => {
                        let base = format!("/rendez-vous/creneau?agence={}", a.id);
                        let page = s.slots.clone();
                        let choices = if page.days.is_empty() {
                            view! { <p class="notice notice--info">"Aucun créneau libre sur cette période. Essayez les jours suivants ou une autre agence."</p> }.into_any()
                        } else {
                            slot_choices(&page, "creneau").into_any()
                        };
                        let pager = paging(&page, base);
                        view! {
                            <section aria-labelledby="titre-creneaux">
                                <h2 id="titre-creneaux">{format!("Créneaux libres – {}", a.name)}</h2>
                                <p class="small">{format!("{} – téléphone {}. Horaires en {}.", a.address, a.phone, page.time_zone_label)}</p>
                                {a.access_notes.clone().map(|n| view! { <p class="small">{format!("Accès : {n}")}</p> })}
                                <ActionForm action attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="agence" value=a.id/>
                                    {(!s.suggestions.is_empty()).then(|| {
                                        let suggestions = s.suggestions.clone();
                                        view! {
                                            <fieldset class="field slot-day">
                                                <legend>"Les créneaux libres les plus proches"</legend>
                                                <div class="slot-grid">
                                                    {suggestions.into_iter().map(|sl| {
                                                        let id = format!("proche-{}", sl.value.replace([':', '+'], "-"));
                                                        view! { <div class="slot"><input type="radio" id=id.clone() name="creneau" value=sl.value.clone()/><label for=id>{sl.label}</label></div> }
                                                    }).collect_view()}
                                                </div>
                                            </fieldset>
                                        }
                                    })}
                                    <div id="champ-creneau" tabindex="-1">
                                        {let e = err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                                        {choices}
                                    </div>
                                    <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
                                </ActionForm>
                                {pager}
                            </section>
                        }
                        .into_any()
                    }
                }}
            }
            .into_any()
        }
    };
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=3/>
            {s.taken.clone().map(|t| view! { <div class="notice notice--warning" role="alert"><p>{t}</p></div> })}
            <ErrorSummary errors other/>
            {recap}
            {body}
            <p><a href="/rendez-vous/motif">"Étape précédente : objet et motif"</a></p>
        </section>
    }
}
