//! The appointment reached by its emailed link or from the account: its details, the calendar
//! file, choosing another slot, cancelling (two steps, with or without JavaScript).

use super::slot_choices::{paging, slot_choices};
use super::wizard::error_for;
use crate::features::appointments::api::{
    get_appointment, CancelMyAppointment, RescheduleMyAppointment,
};
use crate::features::appointments::AppointmentView;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AppointmentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("reference").unwrap_or_default(),
                q.get("cle"),
                q.get("du"),
                q.get("annule"),
                q.get("deplace"),
            )
        },
        |(reference, cle, du, _, _)| get_appointment(reference, cle, du),
    );
    let notice = Memo::new(move |_| {
        let q = query.read();
        if q.get("nouveau").is_some() {
            Some("Votre demande de rendez-vous est enregistrée. Un agent vous recontactera pour la confirmer et préparer votre dossier. Un courriel vous a été envoyé avec un lien pour gérer ce rendez-vous.")
        } else if q.get("annule").is_some() {
            Some("Votre rendez-vous est annulé. Un courriel vous le confirme.")
        } else if q.get("deplace").is_some() {
            Some("Votre rendez-vous est déplacé. Un agent vous recontactera pour confirmer ce nouveau créneau.")
        } else {
            None
        }
    });
    view! {
        <Title text="Mon rendez-vous"/>
        {move || notice.get().map(|n| view! { <div class="notice notice--success" role="status"><p>{n}</p></div> })}
        <Guarded resource=data render=|v: AppointmentView| view! { <AppointmentDetail v/> }/>
    }
}

/// The appointment's details, for the person and for the agent.
pub(super) fn appointment_record(v: &AppointmentView) -> impl IntoView {
    view! {
        <dl class="record">
            <div><dt>"Référence"</dt><dd>{v.reference.clone()}</dd></div>
            <div><dt>"État"</dt><dd><span class=v.status_class.clone()>{v.status.clone()}</span></dd></div>
            <div><dt>"Date et heure"</dt><dd class="appointment-when">{format!("{} – durée {}", v.when, v.duration)}</dd></div>
            <div><dt>"Motif"</dt><dd>{format!("{} – {}", v.object, v.reason)}</dd></div>
            <div><dt>"Type de rendez-vous"</dt><dd>{v.channel.clone()}</dd></div>
            <div><dt>"Agence"</dt><dd>{format!("{}, {} – {}", v.agency_name, v.agency_address, v.agency_phone)}</dd></div>
            {v.access_notes.clone().map(|n| view! { <div><dt>"Accès"</dt><dd>{n}</dd></div> })}
            <div><dt>"Personne reçue"</dt><dd>{format!("{} – {} – {}", v.person, v.phone, v.email)}</dd></div>
            {v.cancel_reason.clone().map(|r| view! { <div><dt>"Motif d'annulation"</dt><dd>{r}</dd></div> })}
        </dl>
    }
}

#[component]
fn AppointmentDetail(v: AppointmentView) -> impl IntoView {
    let cancel = ServerAction::<CancelMyAppointment>::new();
    let reschedule = ServerAction::<RescheduleMyAppointment>::new();
    let cancel_errors = form_errors(cancel.value());
    let cancel_other = other_error(cancel.value());
    let errors = form_errors(reschedule.value());
    let other = other_error(reschedule.value());
    let err = error_for(errors, "creneau");
    let sep = if v.href.contains('?') { "&" } else { "?" };
    // A value, not an empty `du` (which the server function's arguments would not carry once
    // hydrated): the server starts from the first free day.
    let choose = format!("{}{sep}du=premier", v.href);
    let record = appointment_record(&v);
    let (cancel_reference, cancel_key) = (v.reference.clone(), v.key.clone());
    let query = use_query_map();
    let confirming = move || {
        query
            .read()
            .get("annuler")
            .is_some_and(|a| a == "confirmer")
    };
    view! {
        <section class="panel">
            <h1>{format!("Rendez-vous {}", v.reference)}</h1>
            <ErrorSummary errors=cancel_errors other=cancel_other/>
            <ErrorSummary errors other/>
            {record}
            <h2>"Et ensuite ?"</h2>
            <p>{v.next_steps.clone()}</p>
            {v.calendar_href.clone().map(|h| view! {
                // `download`: a file, not a page (the router leaves it to the browser).
                <p><a class="button button--secondary" href=h download="">"Ajouter à mon agenda"</a>" "<span class="small">"(fichier .ics pour votre application d'agenda)"</span></p>
            })}
            {if v.can_reschedule {
                view! {
                    <h2>"Choisir un autre créneau"</h2>
                    <p class="small">{format!("Possible jusqu'au {}.", v.reschedule_until)}</p>
                    {match v.slots.clone() {
                        None => view! { <p><a class="button button--secondary" href=choose.clone()>"Voir les autres créneaux"</a></p> }.into_any(),
                        Some(page) => {
                            let choices = if page.days.is_empty() {
                                view! { <p class="notice notice--info">"Aucun créneau libre sur cette période."</p> }.into_any()
                            } else {
                                slot_choices(&page, "nouveau").into_any()
                            };
                            let pager = paging(&page, v.href.clone());
                            let (reference, key, err) = (v.reference.clone(), v.key.clone(), err.clone());
                            view! {
                                <ActionForm action=reschedule attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="reference" value=reference/>
                                    {key.map(|k| view! { <input type="hidden" name="cle" value=k/> })}
                                    <div id="champ-creneau" tabindex="-1">
                                        {move || err().map(|m| view! { <p class="field__error">{m}</p> })}
                                        {choices}
                                    </div>
                                    <p class="form__actions"><button type="submit" class="button">"Déplacer mon rendez-vous"</button></p>
                                </ActionForm>
                                {pager}
                            }.into_any()
                        }
                    }}
                }.into_any()
            } else {
                ().into_any()
            }}
            {if v.can_cancel {
                let ask = format!("{}{sep}annuler=confirmer#annuler", v.href);
                let keep = v.href.clone();
                view! {
                    <h2 id="annuler" tabindex="-1">"Annuler le rendez-vous"</h2>
                    <p class="small">{format!("Possible en ligne jusqu'au {}. Le créneau sera proposé à d'autres personnes.", v.cancel_until)}</p>
                    // Two steps, with or without JavaScript: the link asks, the form confirms.
                    {move || if confirming() {
                        let (reference, key, keep) = (cancel_reference.clone(), cancel_key.clone(), keep.clone());
                        view! {
                            <div class="notice notice--warning" role="alert">
                                <p><strong>"Voulez-vous vraiment annuler ce rendez-vous ?"</strong>" Le créneau sera libéré ; pour revenir, il faudra en prendre un nouveau."</p>
                                <ActionForm action=cancel attr:class="inline-form">
                                    <input type="hidden" name="reference" value=reference/>
                                    {key.map(|k| view! { <input type="hidden" name="cle" value=k/> })}
                                    <p id="champ-annuler" tabindex="-1">
                                        <button type="submit" class="button button--danger">"Oui, annuler mon rendez-vous"</button>
                                        " "<a href=keep>"Non, garder ce rendez-vous"</a>
                                    </p>
                                </ActionForm>
                            </div>
                        }.into_any()
                    } else {
                        view! { <p><a class="button button--danger" href=ask.clone()>"Annuler mon rendez-vous"</a></p> }.into_any()
                    }}
                }.into_any()
            } else {
                ().into_any()
            }}
            <p><a href="/rendez-vous">"Prendre un autre rendez-vous"</a></p>
        </section>
    }
}
