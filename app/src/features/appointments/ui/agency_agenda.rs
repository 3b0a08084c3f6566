//! The agency's appointments: requests by status, those out of the opening hours, and the
//! day-by-day calendar.

use crate::features::appointments::api::get_agency_agenda;
use crate::features::appointments::{AgencyAgenda, AgencyAppointmentLine};
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
