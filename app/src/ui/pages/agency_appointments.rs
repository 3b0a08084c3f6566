//! The agency's back office for appointments: requests to call back by status, a day-by-day
//! calendar, one appointment (call, confirm, move, cancel, note), and the opening hours.

use crate::api::appointments::{
    get_agency_agenda, get_agency_appointment, get_agency_hours, AddAgencyClosure, AgencyAgenda,
    AgencyAppointmentDetail, AgencyAppointmentLine, AgencyHours, AgentUpdateAppointment,
    OpeningDay, RemoveAgencyClosure, SaveOpeningDay,
};
use crate::error::FormErrors;
use crate::ui::pages::appointments::appointment_record;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `du` of the links that open the free slots from the first free day: a value, not an empty
/// parameter (which the server function's arguments would not carry once hydrated).
const FIRST_FREE_DAY: &str = "premier";

fn lines_table(caption: String, lines: Vec<AgencyAppointmentLine>, with_date: bool) -> AnyView {
    if lines.is_empty() {
        return view! { <p>"Aucun rendez-vous."</p> }.into_any();
    }
    let first_label = if with_date {
        "Date et heure"
    } else {
        "Horaire"
    };
    view! {
        <table class="table appointments">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{first_label}</th><th scope="col">"Personne"</th><th scope="col">"Téléphone"</th>
                <th scope="col">"Motif"</th><th scope="col">"État"</th><th scope="col">"Dossier"</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| view! {
                    <tr>
                        <th scope="row" data-label=first_label>{if with_date { l.when } else { l.time }}</th>
                        <td data-label="Personne">{l.person}</td><td data-label="Téléphone">{l.phone}</td><td data-label="Motif">{format!("{} ({})", l.reason, l.channel.to_lowercase())}</td>
                        <td data-label="État"><span class=l.status_class>{l.status}</span></td>
                        <td data-label="Dossier"><a href=l.href>{format!("Ouvrir {}", l.reference)}</a></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn AgencyAppointmentsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || (query.read().get("statut"), query.read().get("jour")),
        |(statut, jour)| get_agency_agenda(statut, jour),
    );
    view! {
        <Title text="Rendez-vous de l'agence"/>
        <Guarded resource=data render=|a: AgencyAgenda| {
            let day = a.day.clone();
            view! {
                <h1>{format!("Rendez-vous – {}", a.agency_name)}</h1>
                <p><a href="/agence/horaires">"Horaires d'ouverture et fermetures"</a>" – "<a href="/agence">"Mon agence"</a></p>
                {(!a.to_handle.is_empty()).then(|| view! {
                    <section class="notice notice--warning" aria-labelledby="titre-a-traiter">
                        <h2 id="titre-a-traiter">"Rendez-vous à traiter : hors des horaires d'ouverture"</h2>
                        <p>"Ces rendez-vous restent réservés, mais l'agence sera fermée : déplacez-les ou annulez-les en prévenant la personne."</p>
                        {lines_table("Rendez-vous hors horaires".into(), a.to_handle.clone(), true)}
                    </section>
                })}
                <h2>"Demandes et rendez-vous"</h2>
                <nav aria-label="États des rendez-vous">
                    <ul class="tabs">
                        {a.tabs.into_iter().map(|t| view! {
                            <li><a href=format!("/agence/rendez-vous?statut={}&jour={day}", t.code) aria-current=t.selected.then_some("page")>{format!("{} ({})", t.label, t.count)}</a></li>
                        }).collect_view()}
                    </ul>
                </nav>
                {lines_table("Rendez-vous de cet état, par date".into(), a.requests, true)}
                <h2 id="calendrier">{format!("Calendrier du {}", a.day_label)}</h2>
                <p class="pager">
                    <a href=format!("/agence/rendez-vous?jour={}#calendrier", a.previous_day)>"Jour précédent"</a>" "
                    <a href=format!("/agence/rendez-vous?jour={}#calendrier", a.next_day)>"Jour suivant"</a>
                </p>
                <form method="get" action="/agence/rendez-vous" class="inline-form">
                    <label for="champ-jour">"Aller au jour"</label>" "
                    <input type="date" id="champ-jour" name="jour" value=a.day.clone()/>" "
                    <button type="submit" class="button button--secondary">"Afficher"</button>
                </form>
                {lines_table(format!("Rendez-vous du {}", a.day_label), a.calendar, false)}
            }
        }/>
    }
}

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

#[component]
pub fn AgencyHoursPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                query.read().get("enregistre"),
                query.read().get("fermeture"),
            )
        },
        |_| get_agency_hours(),
    );
    let notice = Memo::new(move |_| {
        let q = query.read();
        if q.get("enregistre").is_some() {
            Some("Horaires enregistrés.")
        } else {
            q.get("fermeture").map(|f| {
                if f == "ajoutee" {
                    "Fermeture enregistrée."
                } else {
                    "Fermeture retirée."
                }
            })
        }
    });
    view! {
        <Title text="Horaires de l'agence"/>
        {move || notice.get().map(|n| view! { <div class="notice notice--success" role="status"><p>{n}</p></div> })}
        <Guarded resource=data render=|h: AgencyHours| view! { <HoursView h/> }/>
    }
}

fn hour_input(
    name: &'static str,
    weekday: u8,
    label: String,
    value: String,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let key = format!("{name}_{weekday}");
    let id = format!("champ-{key}");
    let error_id = format!("{id}-erreur");
    let error = {
        let key = key.clone();
        move || errors.with(|e| e.as_ref().and_then(|e| e.message_for(&key)))
    };
    let kept = {
        let key = key.clone();
        move || {
            errors
                .with(|e| e.as_ref().and_then(|e| e.value_for(&key)))
                .unwrap_or_else(|| value.clone())
        }
    };
    view! {
        <div class="field field--time" class:field--error={let e = error.clone(); move || e().is_some()}>
            <label for=id.clone()>{label}</label>
            {let (e, error_id) = (error.clone(), error_id.clone()); move || e().map(|m| view! { <p class="field__error" id=error_id.clone()>{m}</p> })}
            <input id=id type="time" name=name value=kept step="900"
                aria-invalid={let e = error.clone(); move || e().map(|_| "true")}
                aria-describedby={let e = error.clone(); move || e().map(|_| error_id.clone())}/>
        </div>
    }
}

#[component]
fn DayForm(day: OpeningDay) -> impl IntoView {
    let action = ServerAction::<SaveOpeningDay>::new();
    let errors = form_errors(action.value());
    let w = day.weekday;
    let label = day.label.clone();
    // Errors name their weekday: without JavaScript every day's form sees the last error.
    let mine = Signal::derive(move || {
        errors.get().filter(|e| {
            e.errors
                .iter()
                .any(|fe| fe.field.ends_with(&format!("_{w}")))
        })
    });
    view! {
        <ErrorSummary errors=mine other=Signal::derive(|| None)/>
        <ActionForm action attr:class="form hours-day" attr:novalidate=true>
            <fieldset class="field">
                <legend>{label.clone()}</legend>
                <input type="hidden" name="jour" value=w/>
                <div class="hours-row">
                    {hour_input("ouverture_1", w, format!("{label} : ouverture du matin"), day.opens_1.clone(), mine)}
                    {hour_input("fermeture_1", w, format!("{label} : fermeture du matin"), day.closes_1.clone(), mine)}
                    {hour_input("ouverture_2", w, format!("{label} : ouverture de l'après-midi"), day.opens_2.clone(), mine)}
                    {hour_input("fermeture_2", w, format!("{label} : fermeture de l'après-midi"), day.closes_2.clone(), mine)}
                    <button type="submit" class="button button--secondary">{format!("Enregistrer le {}", label.to_lowercase())}</button>
                </div>
            </fieldset>
        </ActionForm>
    }
}

#[component]
fn HoursView(h: AgencyHours) -> impl IntoView {
    let add = ServerAction::<AddAgencyClosure>::new();
    let remove = ServerAction::<RemoveAgencyClosure>::new();
    let errors = form_errors(add.value());
    let other = other_error(add.value());
    let remove_other = other_error(remove.value());
    view! {
        <h1>{format!("Horaires – {}", h.agency_name)}</h1>
        <p>{format!("Horaires en {}. Laissez une plage vide pour fermer. Une modification ne supprime aucun rendez-vous : ceux qui ne tombent plus dans les horaires sont listés ci-dessous pour être déplacés ou annulés.", h.time_zone_label)}</p>
        {(!h.to_handle.is_empty()).then(|| view! {
            <section class="notice notice--warning" aria-labelledby="titre-a-traiter">
                <h2 id="titre-a-traiter">{format!("{} rendez-vous à traiter", h.to_handle.len())}</h2>
                <ul>{h.to_handle.iter().map(|l| view! { <li><a href=l.href.clone()>{format!("{} – {} ({})", l.when, l.person, l.reference)}</a></li> }).collect_view()}</ul>
            </section>
        })}
        <h2>"Horaires d'ouverture"</h2>
        {h.days.into_iter().map(|day| view! { <DayForm day/> }).collect_view()}
        <h2>"Fermetures à venir"</h2>
        {move || remove_other.get().map(|m| view! { <div class="notice notice--error" role="alert"><p>{m}</p></div> })}
        {if h.closures.is_empty() {
            view! { <p>"Aucune fermeture prévue."</p> }.into_any()
        } else {
            view! {
                <ul class="closures">
                    {h.closures.into_iter().map(|c| view! {
                        <li>
                            {format!("{} – {} ", c.period, c.label)}
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="fermeture" value=c.id/>
                                <button type="submit" class="button button--small button--secondary">{format!("Retirer la fermeture « {} »", c.label)}</button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h3>"Ajouter une fermeture"</h3>
        <ErrorSummary errors other/>
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            <TextField name="du" label="Premier jour" hint="Par exemple 25/12/2026." kind="date" errors/>
            <TextField name="au" label="Dernier jour (facultatif pour un seul jour)" kind="date" errors/>
            <TextField name="libelle" label="Motif de fermeture" hint="Par exemple « Noël » ou « Inventaire »." errors/>
            <p class="form__actions"><button type="submit" class="button">"Ajouter la fermeture"</button></p>
        </ActionForm>
        <p><a href="/agence/rendez-vous">"Rendez-vous de l'agence"</a></p>
    }
}
