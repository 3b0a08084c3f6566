//! "Mon compte": greeting, category, a tile per allowed service, and for contributors the next
//! due date and amount and anything overdue.

use crate::api::account::{get_dashboard, AccountCard, Dashboard};
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <Title text="Mon compte"/>
        <Guarded resource=data render=|d: Dashboard| view! { <DashboardView d/> }/>
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let first_name = d
        .viewer
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    view! {
        <h1>{format!("Bonjour {first_name}")}</h1>
        <p class="lead">{format!("Vous êtes {} en tant que : ", d.registered)} <strong class="category">{d.viewer.role_label()}</strong></p>
        {d.held_by.map(|g| view! { <p class="notice notice--info">{format!("Ce compte est géré pour vous par {g}.")}</p> })}
        {(!d.accounts.is_empty()).then(|| view! {
            <section aria-labelledby="titre-comptes">
                <h2 id="titre-comptes">"Mes comptes cotisants"</h2>
                <div class="cards">{d.accounts.into_iter().map(|a| view! { <AccountTile a/> }).collect_view()}</div>
            </section>
        })}
        <section aria-labelledby="titre-services">
            <h2 id="titre-services">"Mes services"</h2>
            <ul class="tiles">
                {d.viewer.services.into_iter().map(|s| view! {
                    <li class="tile">
                        <a href=s.path()><span class="tile__title">{s.label()}</span></a>
                        <p class="tile__text">{s.description()}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn AccountTile(a: AccountCard) -> impl IntoView {
    view! {
        <article class="card account-card">
            <h3>{format!("{} – {}", a.category_label, a.activity)}</h3>
            <p class="muted">{format!("Compte n° {}", a.account_number)}{(!a.open).then_some(" (fermé)")}</p>
            {a.open.then(|| view! {
                <dl class="figures">
                    {match (a.next_due_on.clone(), a.next_due_amount.clone()) {
                        (Some(on), Some(amount)) => view! {
                            <div><dt>"Prochaine échéance"</dt><dd class="next-due">{format!("{amount} le {on}")}</dd></div>
                        }.into_any(),
                        _ => view! { <div><dt>"Prochaine échéance"</dt><dd>"Aucune échéance à venir"</dd></div> }.into_any(),
                    }}
                    {a.overdue.clone().map(|o| view! { <div class="figure--alert"><dt>"En retard"</dt><dd class="overdue">{o}</dd></div> })}
                    {a.debt.clone().map(|o| view! { <div class="figure--alert"><dt>"Dette (mise en demeure)"</dt><dd class="debt">{o}</dd></div> })}
                    <div><dt>"Mode de paiement"</dt><dd>{if a.automatic_debit { "Prélèvement automatique" } else { "Chèque, virement ou télépaiement" }}</dd></div>
                </dl>
            })}
        </article>
    }
}
