//! The agent's landing page: their agency, and the payment-delay requests to decide.

use crate::api::agency::{get_agency_overview, AgencyOverview};
use crate::api::delays::{list_delay_requests, DecideDelayRequest, DelayRequestView};
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgencyPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_agency_overview());
    let query = use_query_map();
    let done = Memo::new(move |_| query.read().get("traitee"));
    let requests = Resource::new(move || done.get(), |_| list_delay_requests());
    view! {
        <Title text="Mon agence"/>
        // The requests only under the agency's own page: a refused visitor sees one refusal.
        <Guarded resource=data render=move |a: AgencyOverview| view! {
            <h1>{a.name}</h1>
            <dl class="record">
                <div><dt>"Adresse"</dt><dd>{a.address}</dd></div>
                <div><dt>"Téléphone"</dt><dd>{a.phone.unwrap_or_default()}</dd></div>
                <div><dt>"Fuseau horaire"</dt><dd>{a.time_zone}</dd></div>
                <div><dt>"Comptes cotisants suivis"</dt><dd>{a.open_accounts}</dd></div>
            </dl>
            {move || done.get().map(|r| view! { <div class="notice notice--success" role="status"><p>{format!("Décision enregistrée pour la demande {r}. La personne en est informée par courriel.")}</p></div> })}
            <h2>"Demandes de délai de paiement"</h2>
            <Guarded resource=requests render=render_requests/>
        }/>
    }
}

fn render_requests(list: Vec<DelayRequestView>) -> AnyView {
    view! { <DelayRequests list/> }.into_any()
}

#[component]
fn DelayRequests(list: Vec<DelayRequestView>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"Aucune demande de délai pour le moment."</p> }.into_any();
    }
    view! {
        <ul class="requests">
            {list.into_iter().map(|r| view! { <li><DelayRequestCard r/></li> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn DelayRequestCard(r: DelayRequestView) -> impl IntoView {
    let action = ServerAction::<DecideDelayRequest>::new();
    // Every card shares the server function: keep only the errors about this card's request.
    let mine = r.reference.clone();
    let all_errors = form_errors(action.value());
    let errors = Signal::derive(move || {
        all_errors
            .get()
            .filter(|e| e.value_for("reference").as_deref() == Some(mine.as_str()))
    });
    let other = other_error(action.value());
    let message_id = format!("champ-message-{}", r.reference);
    let error_id = format!("{message_id}-erreur");
    let message_error = move || {
        errors.with(|e| {
            e.as_ref().and_then(|e| {
                e.message_for("message")
                    .or_else(|| e.message_for("decision"))
            })
        })
    };
    let kept = move || {
        errors
            .with(|e| e.as_ref().and_then(|e| e.value_for("message")))
            .unwrap_or_default()
    };
    let heading = format!("{} – {}", r.reference, r.holder_name);
    view! {
        <article class="card request" aria-label=heading.clone()>
            <h3>{heading.clone()}</h3>
            <dl class="record">
                <div><dt>"Compte"</dt><dd>{r.account_number}</dd></div>
                <div><dt>"Montant concerné"</dt><dd>{r.line_label}</dd></div>
                <div><dt>"Montant à échelonner"</dt><dd>{r.amount}</dd></div>
                <div><dt>"Mensualités demandées"</dt><dd>{r.instalments}</dd></div>
                <div><dt>"Motif"</dt><dd>{r.reason}</dd></div>
                <div><dt>"Reçue le"</dt><dd>{r.requested_at}</dd></div>
                <div><dt>"Statut"</dt><dd><span class=format!("status status--{}", r.status_class)>{r.status}</span></dd></div>
                {r.decision_message.map(|m| view! { <div><dt>"Message envoyé"</dt><dd>{m}</dd></div> })}
                {(!r.scheduled.is_empty()).then(|| view! {
                    <div><dt>"Déjà programmé"</dt><dd>{format!("{} (annulé si vous accordez le délai)", r.scheduled.join(" ; "))}</dd></div>
                })}
            </dl>
            {r.pending.then(|| view! {
                <ErrorSummary errors=Signal::derive(|| None::<crate::error::FormErrors>) other/>
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="reference" value=r.reference.clone()/>
                    <div class="field" class:field--error=move || message_error().is_some()>
                        <label for=message_id.clone()>{format!("Message à {} (obligatoire en cas de refus)", r.holder_name)}</label>
                        {let error_id = error_id.clone(); move || message_error().map(|m| view! { <p class="field__error" id=error_id.clone() role="alert">{m}</p> })}
                        <textarea id=message_id.clone() name="message" rows="3" prop:value=kept
                            aria-invalid=move || message_error().map(|_| "true")
                            aria-describedby=move || message_error().map(|_| error_id.clone())>{kept}</textarea>
                    </div>
                    <p class="form__actions">
                        <button type="submit" class="button" name="decision" value="accepter">"Accorder le délai"</button>
                        " "
                        <button type="submit" class="button button--secondary" name="decision" value="refuser">"Refuser"</button>
                    </p>
                </ActionForm>
            })}
        </article>
    }
}
