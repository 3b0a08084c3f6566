//! The accountant's dashboard: the list of clients, and a client's file once the mandate is
//! received (never health or career data).

use crate::api::clients::{get_client, list_clients, ClientFile, ClientsOverview};
use crate::ui::pages::dashboard::AccountTile;
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClientsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_clients());
    view! {
        <Title text="Mes clients"/>
        <Guarded resource=data render=|o: ClientsOverview| view! {
            <h1>"Mes clients"</h1>
            <p class="lead">{o.firm_name}</p>
            <table class="table">
                <caption>"Clients ayant confié un mandat au cabinet"</caption>
                <thead><tr><th scope="col">"Client"</th><th scope="col">"Compte"</th><th scope="col">"Catégorie"</th><th scope="col">"Mandat"</th></tr></thead>
                <tbody>
                    {o.clients.into_iter().map(|c| view! {
                        <tr>
                            <td data-label="Client">{if c.mandate_received {
                                view! { <a href=format!("/cabinet/clients/{}", c.account_id)>{c.holder_name.clone()}</a> }.into_any()
                            } else {
                                view! { <span>{c.holder_name.clone()}</span> }.into_any()
                            }}</td>
                            <td data-label="Compte">{c.account_number}</td>
                            <td data-label="Catégorie">{c.category_label}</td>
                            <td data-label="Mandat">{if c.mandate_received { "Reçu" } else { "En attente de réception" }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }/>
    }
}

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, get_client);
    view! {
        <Title text="Dossier client"/>
        <Guarded resource=data render=|f: ClientFile| view! {
            <h1>{format!("Dossier de {}", f.holder_name)}</h1>
            <dl class="record">
                <div><dt>"Numéro de sécurité sociale"</dt><dd>{f.nir_masked}</dd></div>
                <div><dt>"Compte"</dt><dd>{f.account_number}</dd></div>
                <div><dt>"Catégorie"</dt><dd>{f.category_label}</dd></div>
            </dl>
            <AccountTile a=f.card/>
            <p><a class="button" href=format!("/cabinet/clients/{}/cotisations", f.account_id)>"Consulter le compte cotisant"</a></p>
            <h2>"Services ouverts au cabinet"</h2>
            <ul>{f.services.into_iter().map(|s| view! { <li>{s.name()}</li> }).collect_view()}</ul>
            <p><a href="/cabinet">"Retour à la liste des clients"</a></p>
        }/>
    }
}
