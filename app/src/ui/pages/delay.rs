//! "Demander un délai de paiement": choose the number of instalments, see the plan, give a
//! reason and send; then the receipt with the agency's decision.

use super::declare::account_param;
use crate::api::delays::{
    get_delay_form, get_delay_receipt, DelayForm, DelayReceipt, InstalmentView, RequestPaymentDelay,
};
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

fn plan_table(caption: &'static str, plan: Vec<InstalmentView>) -> impl IntoView {
    view! {
        <table class="table plan">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">"Échéance"</th><th scope="col">"Montant"</th></tr></thead>
            <tbody>
                {plan.into_iter().map(|i| view! { <tr><th scope="row" data-label="Échéance">{i.due_on}</th><td class="amount" data-label="Montant">{i.amount}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn DelayPage() -> impl IntoView {
    let account = account_param();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                account.get(),
                q.get("echeance")
                    .and_then(|s| s.parse::<i64>().ok())
                    .unwrap_or(0),
                q.get("echeances"),
            )
        },
        |(compte, echeance, echeances)| get_delay_form(compte, echeance, echeances, None),
    );
    view! {
        <Title text="Demander un délai de paiement"/>
        <Guarded resource=data render=|f: DelayForm| view! { <DelayFormView f/> }/>
    }
}

#[component]
fn DelayFormView(f: DelayForm) -> impl IntoView {
    let action = ServerAction::<RequestPaymentDelay>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let path = use_location().pathname;
    let error_for = move |field: &'static str| {
        move || errors.with(|e| e.as_ref().and_then(|e| e.message_for(field)))
    };
    let kept_reason = {
        let initial = f.reason.clone();
        move || {
            errors
                .with(|e| e.as_ref().and_then(|e| e.value_for("motif")))
                .unwrap_or_else(|| initial.clone())
        }
    };
    let chosen = f.chosen;
    let step = if f.preview.is_empty() {
        "Étape 1 sur 2 : nombre de mensualités"
    } else {
        "Étape 2 sur 2 : motif et envoi"
    };
    view! {
        <section class="panel">
            <h1>"Demander un délai de paiement"</h1>
            <p class="stepper">{step}</p>
            <p class="lead">{format!("{} – compte n° {}", f.holder_name, f.account_number)}</p>
            <ErrorSummary errors other/>
            <dl class="record" id="champ-echeance" tabindex="-1">
                <div><dt>"Montant concerné"</dt><dd>{format!("{} (échéance du {})", f.line_label, f.line_due_on)}</dd></div>
                <div><dt>"Statut"</dt><dd>{f.line_status.clone()}</dd></div>
                <div><dt>"Reste à payer"</dt><dd class="amount">{f.remaining.clone()}</dd></div>
            </dl>
            {move || error_for("echeance")().map(|m| view! { <p class="field__error">{m}</p> })}
            {f.pending_reference.clone().map(|r| view! {
                <div class="notice notice--warning"><p>{format!("Une demande de délai ({r}) est déjà en cours d'examen pour ce montant : votre agence vous répondra.")}</p></div>
            })}
            {(!f.scheduled.is_empty()).then(|| view! {
                <div class="notice notice--info">
                    <p>"Déjà programmé sur ce montant :"</p>
                    <ul>{f.scheduled.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                    <p>{if f.covered.is_some() { "Ce paiement couvre tout le montant : aucun délai n'est nécessaire." } else { "Si le délai est accordé, ce paiement est annulé : les mensualités le remplacent." }}</p>
                </div>
            })}
            {f.covered.clone().map(|m| view! { <p class="notice notice--warning">{m}</p> })}
            {f.covered.is_none().then(|| view! {
            <form method="get" action=move || path.get() class="form">
                {f.own.then(|| view! { <input type="hidden" name="compte" value=f.account_id/> })}
                <input type="hidden" name="echeance" value=f.due_id/>
                <div class="field" class:field--error=move || error_for("echeances")().is_some()>
                    <label for="champ-echeances">"Nombre de mensualités"</label>
                    <p class="field__hint" id="champ-echeances-aide">"De 2 à 12 mensualités, prélevées ou payées le 5 de chaque mois à partir du mois suivant l'accord."</p>
                    {move || error_for("echeances")().map(|m| view! { <p class="field__error" id="champ-echeances-erreur">{m}</p> })}
                    <select id="champ-echeances" name="echeances"
                        aria-invalid=move || error_for("echeances")().map(|_| "true")
                        aria-describedby=move || if error_for("echeances")().is_some() { "champ-echeances-aide champ-echeances-erreur" } else { "champ-echeances-aide" }>
                        {(2..=12u32).map(|n| view! { <option value=n.to_string() selected=chosen == Some(n)>{format!("{n} mensualités")}</option> }).collect_view()}
                    </select>
                </div>
                <p class="form__actions"><button type="submit" class="button button--secondary">"Voir l'échéancier proposé"</button></p>
            </form>
            {(!f.preview.is_empty()).then(|| view! {
                {plan_table("Échéancier proposé (dates indicatives, fixées à l'accord de l'agence)", f.preview)}
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="compte" value=f.account_id/>
                    <input type="hidden" name="echeance" value=f.due_id/>
                    <input type="hidden" name="echeances" value=chosen.map(|n| n.to_string()).unwrap_or_default()/>
                    <div class="field" class:field--error=move || error_for("motif")().is_some()>
                        <label for="champ-motif">"Motif de la demande"</label>
                        <p class="field__hint" id="champ-motif-aide">"Expliquez en quelques lignes ce qui vous empêche de payer à l'échéance (baisse d'activité, maladie, sinistre…)."</p>
                        {move || error_for("motif")().map(|m| view! { <p class="field__error" id="champ-motif-erreur">{m}</p> })}
                        <textarea id="champ-motif" name="motif" rows="5" prop:value=kept_reason.clone()
                            aria-invalid=move || error_for("motif")().map(|_| "true")
                            aria-describedby=move || if error_for("motif")().is_some() { "champ-motif-aide champ-motif-erreur" } else { "champ-motif-aide" }>{kept_reason.clone()}</textarea>
                    </div>
                    <p class="form__actions"><button type="submit" class="button">"Envoyer la demande"</button></p>
                </ActionForm>
            })}
            })}
            <p><a href=f.back_href>"Retour au compte"</a></p>
        </section>
    }
}

#[component]
pub fn DelayReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("reference").unwrap_or_default(),
        get_delay_receipt,
    );
    view! {
        <Title text="Demande de délai de paiement"/>
        <Guarded resource=data render=|r: DelayReceipt| { let pending = r.decided_at.is_none(); view! {
            <section class="panel">
                <h1>"Demande de délai de paiement"</h1>
                <div class="notice notice--info" role="status">
                    <p>"Référence de la demande : "<strong class="reference">{r.reference.clone()}</strong></p>
                </div>
                <dl class="record">
                    <div><dt>"Compte"</dt><dd>{format!("{} – n° {}", r.holder_name, r.account_number)}</dd></div>
                    <div><dt>"Montant concerné"</dt><dd>{r.line_label}</dd></div>
                    <div><dt>"Montant à échelonner"</dt><dd>{r.amount}</dd></div>
                    <div><dt>"Mensualités demandées"</dt><dd>{r.instalments}</dd></div>
                    <div><dt>"Motif"</dt><dd>{r.reason}</dd></div>
                    <div><dt>"Demandée le"</dt><dd>{r.requested_at}</dd></div>
                    <div><dt>"Décision"</dt><dd><span class=format!("status status--{}", r.status_class)>{r.status}</span>{r.decided_at.map(|d| format!(" le {d}"))}</dd></div>
                    {r.decision_message.map(|m| view! { <div><dt>"Message de l'agence"</dt><dd>{m}</dd></div> })}
                </dl>
                {(!r.plan.is_empty()).then(|| plan_table(if r.plan_is_final { "Vos mensualités, inscrites à votre échéancier" } else { "Échéancier proposé (dates fixées à l'accord)" }, r.plan))}
                {pending.then(|| view! { <p>"Votre agence examine votre demande. Vous serez informé de sa décision par courriel et sur votre compte."</p> })}
                <p class="actions"><a class="button" href=r.back_href>"Voir mon échéancier"</a></p>
            </section>
        }}/>
    }
}
