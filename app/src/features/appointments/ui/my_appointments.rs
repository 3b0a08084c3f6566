//! "Mes rendez-vous": the signed-in person's appointments.

use crate::features::appointments::api::list_my_appointments;
use crate::features::appointments::AppointmentSummary;
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyAppointmentsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_my_appointments());
    view! {
        <Title text="Mes rendez-vous"/>
        <h1>"Mes rendez-vous"</h1>
        <p><a class="button" href="/rendez-vous">"Prendre rendez-vous"</a></p>
        <Guarded resource=data render=render_my_appointments/>
    }
}

fn render_my_appointments(list: Vec<AppointmentSummary>) -> AnyView {
    if list.is_empty() {
        view! { <p>"Vous n'avez pas de rendez-vous."</p> }.into_any()
    } else {
        view! {
                    <table class="table appointments">
                        <caption>"Mes rendez-vous, les plus récents d'abord"</caption>
                        <thead><tr><th scope="col">"Date et heure"</th><th scope="col">"Motif"</th><th scope="col">"Agence"</th><th scope="col">"État"</th><th scope="col">"Référence"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|a| view! {
                                <tr>
                                    <th scope="row" data-label="Date et heure">{a.when}</th><td data-label="Motif">{a.reason}</td><td data-label="Agence">{a.agency}</td>
                                    <td data-label="État"><span class=a.status_class>{a.status}</span></td>
                                    <td data-label="Référence"><a href=a.href>{a.reference}</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
    }
}
