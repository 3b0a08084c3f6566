//! The demo mailbox: the emails Passerelle would send, shown only when the demo mailbox is on.

use crate::api::demo::{list_demo_mail, MailView};
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;

type Mails = Vec<MailView>;

#[component]
pub fn DemoMailPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_demo_mail());
    view! {
        <Title text="Courriels de démonstration"/>
        <Guarded resource=data render=|mails: Mails| view! {
            <h1>"Courriels de démonstration"</h1>
            <p class="muted">"Sans serveur d'envoi configuré, les courriels restent ici. Cette page n'existe pas en production."</p>
            {if mails.is_empty() {
                view! { <p>"Aucun courriel pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <ol class="mails">
                        {mails.into_iter().map(|m| view! {
                            <li class="card mail">
                                <h2 class="mail__subject">{m.subject}</h2>
                                <p class="muted">{format!("À {} – {}", m.to, m.created_at)}</p>
                                <pre class="mail__body">{m.body}</pre>
                                {m.attachment.map(|(name, body)| view! {
                                    <details class="mail__attachment">
                                        <summary>{format!("Pièce jointe : {name}")}</summary>
                                        <pre>{body}</pre>
                                    </details>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        }/>
    }
}
