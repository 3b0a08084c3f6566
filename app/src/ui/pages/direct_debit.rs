//! "Mes cotisations › Paiement › Prélèvement automatique": join automatic debit or change its
//! periodicity and day, on the account's own calendar.

use crate::api::payments::{PaymentPage, RequestDirectDebit};
use crate::ui::widgets::{form_errors, other_error, ErrorSummary};
use leptos::prelude::*;

#[component]
pub fn DirectDebitForm(p: PaymentPage) -> impl IntoView {
    let action = ServerAction::<RequestDirectDebit>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let error_for = move |field: &'static str| {
        move || errors.with(|e| e.as_ref().and_then(|e| e.message_for(field)))
    };
    let d = p.debit.clone();
    let active: Vec<_> = p.mandates.iter().filter(|m| m.active).cloned().collect();
    let monthly = d.periodicity == "mensuelle";
    view! {
        <section class="card" aria-labelledby="prelevement">
            <h2 id="prelevement">"Prélèvement automatique"</h2>
            <p>{d.current.clone().unwrap_or_else(|| "Vous n'êtes pas prélevé automatiquement : vous payez vos cotisations par télépaiement, chèque ou virement.".to_owned())}</p>
            {d.upcoming.clone().map(|u| view! { <p class="notice notice--info">{u}</p> })}
            {d.change_note.clone().map(|u| view! { <p class="notice notice--warning">{u}</p> })}
            <p class="small">{d.calendar.clone()}" La périodicité ou le jour peut être modifié une fois par année civile ; la modification prend effet le deuxième mois suivant la demande. Le prélèvement automatique remplace le télépaiement pour vos cotisations courantes."</p>
            <ErrorSummary errors other/>
            {if active.is_empty() {
                // No empty select: the mandate comes first.
                view! { <p class="notice notice--info">"Le prélèvement automatique débite un compte bancaire pour lequel vous avez signé un mandat de prélèvement SEPA. Enregistrez d'abord ce compte avec le formulaire « Adhérer au télépaiement » ci-dessus, puis revenez ici."</p> }.into_any()
            } else {
            view! {
            <ActionForm action attr:class="form direct-debit" attr:novalidate=true>
                <input type="hidden" name="compte" value=p.account_id/>
                <div class="field" class:field--error=move || error_for("mandat")().is_some()>
                    <label for="champ-mandat-prelevement">"Compte à débiter"</label>
                    {move || error_for("mandat")().map(|m| view! { <p class="field__error" id="champ-mandat-erreur">{m}</p> })}
                    <select id="champ-mandat-prelevement" name="mandat" aria-invalid=move || error_for("mandat")().map(|_| "true")>
                        {active.into_iter().map(|m| view! { <option value=m.id selected=d.mandate_id == Some(m.id)>{format!("{} – {} ({})", m.iban, m.holder, m.rum)}</option> }).collect_view()}
                    </select>
                </div>
                <fieldset class="field" id="champ-periodicite" class:field--error=move || error_for("periodicite")().is_some()>
                    <legend>"Périodicité"</legend>
                    {move || error_for("periodicite")().map(|m| view! { <p class="field__error">{m}</p> })}
                    <div class="radio"><input type="radio" id="periodicite-mensuelle" name="periodicite" value="mensuelle" checked=monthly/><label for="periodicite-mensuelle">"Mensuelle"</label></div>
                    <div class="radio"><input type="radio" id="periodicite-trimestrielle" name="periodicite" value="trimestrielle" checked=!monthly/><label for="periodicite-trimestrielle">"Trimestrielle"</label></div>
                </fieldset>
                // Shown for a monthly debit only (CSS `:has`, so without JavaScript too).
                {if d.choose_day { view! {
                <div class="field field--jour" class:field--error=move || error_for("jour")().is_some()>
                    <label for="champ-jour">"Jour du prélèvement mensuel"</label>
                    {move || error_for("jour")().map(|m| view! { <p class="field__error" id="champ-jour-erreur">{m}</p> })}
                    <select id="champ-jour" name="jour">
                        <option value="5" selected=d.day != 20>"Le 5 du mois"</option>
                        <option value="20" selected=d.day == 20>"Le 20 du mois"</option>
                    </select>
                </div>
                }.into_any() } else { view! { <input type="hidden" name="jour" value="5"/> }.into_any() }}
                <p class="form__actions"><button type="submit" class="button">{if d.current.is_some() || d.upcoming.is_some() { "Modifier mon prélèvement" } else { "Adhérer au prélèvement automatique" }}</button></p>
            </ActionForm>
            }.into_any()
            }}
        </section>
    }
}
