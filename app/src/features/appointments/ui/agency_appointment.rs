//! One appointment's file for the agent: call, confirm, note, move, cancel, mark done.

use super::appointment::appointment_record;
use crate::features::appointments::api::{get_agency_appointment, AgentUpdateAppointment};
use crate::features::appointments::AgencyAppointmentDetail;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `du` of the links that open the free slots from the first free day: a value, not an empty
/// parameter (which the server function's arguments would not carry once hydrated).
const FIRST_FREE_DAY: &str = "premier";

#[component]
pub fn AgencyAppointmentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("reference").unwrap_or_default(),
                query.read().get("du"),
                query.read().get("fait"),
            )
        },
        |(reference, du, _)| get_agency_appointment(reference, du),
    );
    let done = Memo::new(move |_| {
        query.read().get("fait").map(|f| match f.as_str() {
            "confirme" => {
                "Rendez-vous confirmé : la personne reçoit un courriel avec le fichier d'agenda."
            }
            "deplace" => "Rendez-vous déplacé : la personne en est informée par courriel.",
            "annule" => {
                "Rendez-vous annulé : la personne en est informée par courriel, avec le motif."
            }
            "termine" => "Rendez-vous marqué comme terminé.",
            _ => "Note enregistrée.",
        })
    });
    view! {
        <Title text="Rendez-vous – dossier"/>
        {move || done.get().map(|n| view! { <div class="notice notice--success" role="status"><p>{n}</p></div> })}
        <Guarded resource=data render=|d: AgencyAppointmentDetail| view! { <AgentAppointment d/> }/>
    }
}

fn hidden_fields(reference: String, action_name: &'static str) -> AnyView {
    view! { <input type="hidden" name="reference" value=reference/><input type="hidden" name="action" value=action_name/> }.into_any()
}

#[component]
fn AgentAppointment(d: AgencyAppointmentDetail) -> impl IntoView {
    let action = ServerAction::<AgentUpdateAppointment>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let v = d.view.clone();
    let reference = v.reference.clone();
    let record = appointment_record(&v);
    let tel = format!("tel:{}", v.phone.replace(' ', ""));
    let [h_confirm, h_note, h_move, h_cancel, h_done] =
        ["confirmer", "note", "deplacer", "annuler", "terminer"]
            .map(|a| hidden_fields(reference.clone(), a));
    let creneau_err = move || errors.with(|e| e.as_ref().and_then(|e| e.message_for("creneau")));
    view! {
        <section class="panel">
            <h1>{format!("Rendez-vous {} – {}", v.reference, v.person)}</h1>
            <ErrorSummary errors other/>
            {d.out_of_hours.then(|| view! { <p class="notice notice--warning">"Ce rendez-vous tombe hors des horaires d'ouverture ou pendant une fermeture : déplacez-le ou annulez-le."</p> })}
            {record}
            <dl class="record">
                <div><dt>"Numéro de sécurité sociale"</dt><dd>{d.nir.clone()}</dd></div>
                <div><dt>"Adresse"</dt><dd>{d.address.clone()}</dd></div>
                <div><dt>"Demande reçue le"</dt><dd>{d.created_at.clone()}</dd></div>
            </dl>
            <p><a class="button button--secondary" href=tel>{format!("Appeler le {}", v.phone)}</a></p>
            {d.can_confirm.then(|| view! {
                <ActionForm action attr:class="inline-form">
                    {h_confirm}
                    <p id="champ-action" tabindex="-1"><button type="submit" class="button">"Confirmer le rendez-vous"</button></p>
                </ActionForm>
            })}
            <h2>"Note de préparation du dossier"</h2>
            <ActionForm action attr:class="form">
                {h_note}
                <div class="field">
                    <label for="champ-note">"Note (visible des agents de l'agence uniquement)"</label>
                    <textarea id="champ-note" name="note" rows="4">{d.note.clone()}</textarea>
                </div>
                <p class="form__actions"><button type="submit" class="button button--secondary">"Enregistrer la note"</button></p>
            </ActionForm>
            {d.can_move.then(|| match v.slots.clone() {
                None => view! {
                    <h2>"Déplacer"</h2>
                    <p><a class="button button--secondary" href=format!("{}?du={FIRST_FREE_DAY}", v.href)>"Choisir un autre créneau"</a></p>
                }.into_any(),
                Some(page) => view! {
                    <h2>"Déplacer vers un autre créneau"</h2>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        {h_move}
                        <div id="champ-creneau" tabindex="-1">
                            {move || creneau_err().map(|m| view! { <p class="field__error">{m}</p> })}
                            {page.days.iter().map(|day| view! {
                                <fieldset class="field slot-day">
                                    <legend>{day.label.clone()}</legend>
                                    <div class="slot-grid">
                                        {day.slots.iter().map(|sl| {
                                            let id = format!("deplacer-{}", sl.value.replace([':', '+'], "-"));
                                            view! { <div class="slot"><input type="radio" id=id.clone() name="creneau" value=sl.value.clone()/><label for=id>{sl.label.clone()}</label></div> }
                                        }).collect_view()}
                                    </div>
                                </fieldset>
                            }).collect_view()}
                        </div>
                        <p class="form__actions"><button type="submit" class="button">"Déplacer le rendez-vous"</button></p>
                    </ActionForm>
                    <p class="pager">{page.next_from.clone().map(|n| view! { <a href=format!("{}?du={n}", v.href)>"Jours suivants"</a> })}</p>
                }.into_any(),
            })}
            {d.can_cancel.then(|| view! {
                <h2>"Annuler"</h2>
                <ActionForm action attr:class="form" attr:novalidate=true>
                    {h_cancel}
                    <TextField name="motif" label="Motif d'annulation (envoyé à la personne)" errors/>
                    <p class="form__actions"><button type="submit" class="button button--danger">"Annuler le rendez-vous"</button></p>
                </ActionForm>
            })}
            {d.can_mark_done.then(|| view! {
                <ActionForm action attr:class="inline-form">
                    {h_done}
                    <p id="champ-action" tabindex="-1"><button type="submit" class="button button--secondary">"Marquer comme terminé"</button></p>
                </ActionForm>
            })}
            <p><a href="/agence/rendez-vous">"Retour aux rendez-vous de l'agence"</a></p>
        </section>
    }
}
