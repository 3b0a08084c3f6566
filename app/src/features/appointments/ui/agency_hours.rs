//! The agency's opening hours, a form per weekday, and its closures.

use crate::error::FormErrors;
use crate::features::appointments::api::{
    get_agency_hours, AddAgencyClosure, RemoveAgencyClosure, SaveOpeningDay,
};
use crate::features::appointments::{AgencyHours, OpeningDay};
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
