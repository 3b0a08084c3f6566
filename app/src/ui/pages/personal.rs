//! "Mes données personnelles": the person's own record, read-only for now.

use crate::api::account::{get_personal_data, PersonalData};
use crate::domain::access::Service;
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PersonalDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_personal_data());
    view! {
        <Title text=Service::DonneesPersonnelles.label()/>
        <Guarded resource=data render=|p: PersonalData| view! {
            <h1>{Service::DonneesPersonnelles.label()}</h1>
            <dl class="record">
                <div><dt>"Nom et prénom"</dt><dd>{p.full_name}</dd></div>
                <div><dt>"Numéro de sécurité sociale"</dt><dd>{p.nir_display}</dd></div>
                <div><dt>"Date de naissance"</dt><dd>{p.birth_date}</dd></div>
                <div><dt>"Catégorie"</dt><dd>{p.category_label}</dd></div>
                <div><dt>"Adresse"</dt><dd>{p.address}</dd></div>
                <div><dt>"Adresse électronique"</dt><dd>{p.email.unwrap_or_else(|| "Non renseignée".into())}</dd></div>
                <div><dt>"Téléphone"</dt><dd>{p.phone.unwrap_or_else(|| "Non renseigné".into())}</dd></div>
            </dl>
            <p class="muted">"La modification en ligne de ces informations n'est pas encore disponible : contactez votre agence pour tout changement."</p>
        }/>
    }
}
