//! The agent's landing page: their agency.

use crate::api::agency::{get_agency_overview, AgencyOverview};
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AgencyPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_agency_overview());
    view! {
        <Title text="Mon agence"/>
        <Guarded resource=data render=|a: AgencyOverview| view! {
            <h1>{a.name}</h1>
            <dl class="record">
                <div><dt>"Adresse"</dt><dd>{a.address}</dd></div>
                <div><dt>"Téléphone"</dt><dd>{a.phone.unwrap_or_default()}</dd></div>
                <div><dt>"Fuseau horaire"</dt><dd>{a.time_zone}</dd></div>
                <div><dt>"Comptes cotisants suivis"</dt><dd>{a.open_accounts}</dd></div>
            </dl>
            <div class="notice notice--info"><p>"Les demandes de rendez-vous et de délais de paiement apparaîtront ici à leur ouverture."</p></div>
        }/>
    }
}
