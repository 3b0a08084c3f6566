//! The treasury (the fund's accounting office): the bank files sent for collection.

use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;

/// The pain.008 files produced by the collection job, to list and download.
#[component]
pub fn BankFilesPage() -> impl IntoView {
    let files = Resource::new(|| (), |_| crate::api::payments::list_bank_files());
    view! {
        <Title text="Fichiers de prélèvement"/>
        <Guarded resource=files render=render_files/>
    }
}

/// The page itself, shown only to whoever may list the files (a refusal shows nothing of it).
fn render_files(list: Vec<crate::api::payments::BankFileView>) -> AnyView {
    view! {
            <h1>"Fichiers de prélèvement SEPA"</h1>
            <p>"Un fichier ISO 20022 pain.008.001.02 par date de prélèvement et type de séquence (FRST pour le premier prélèvement d'un mandat, RCUR ensuite), produit après midi la veille de la date de prélèvement."</p>
            {if list.is_empty() {
                view! { <p>"Aucun fichier produit pour le moment."</p> }.into_any()
            } else {
                view! {
                    <table class="table files">
                        <caption>"Fichiers produits, les plus récents d'abord"</caption>
                        <thead><tr><th scope="col">"Date de prélèvement"</th><th scope="col">"Séquence"</th><th scope="col">"Opérations"</th><th scope="col">"Montant total"</th><th scope="col">"Produit le"</th><th scope="col">"Fichier"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|f| view! {
                                <tr>
                                    <th scope="row" data-label="Date de prélèvement">{f.collection_date}</th><td data-label="Séquence">{f.sequence_type}</td><td data-label="Opérations">{f.transactions}</td><td class="amount" data-label="Montant total">{f.control_sum}</td><td data-label="Produit le">{f.created_at}</td>
                                    <td data-label="Fichier"><a href=f.href download=format!("{}.xml", f.message_id) rel="external">{format!("Télécharger {}.xml", f.message_id)}</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
    }
    .into_any()
}
