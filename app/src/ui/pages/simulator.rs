//! "Simuler mes cotisations": public, works as a plain GET form without JavaScript and
//! recomputes as you type with it.

use crate::api::simulator::{run_simulation, SimulationView, ACTIVITIES};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const YEARS: [&str; 3] = ["2024", "2025", "2026"];

#[component]
pub fn SimulatorPage() -> impl IntoView {
    let query = use_query_map();
    let initial = |key: &str, default: &str| {
        query
            .read_untracked()
            .get(key)
            .unwrap_or_else(|| default.to_owned())
    };
    let annee = RwSignal::new(initial("annee", "2026"));
    let activite = RwSignal::new(initial("activite", "commerciale"));
    let revenu = RwSignal::new(initial("revenu", ""));
    let result = Resource::new(
        move || (annee.get(), activite.get(), revenu.get()),
        |(a, b, c)| run_simulation(a, b, c),
    );
    let errors = Signal::derive(move || {
        result
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.form().cloned())
    });
    let error_for =
        move |field: &'static str| move || errors.get().and_then(|e| e.message_for(field));
    let is_micro = move || activite.get().starts_with("micro");
    view! {
        <Title text="Simuler mes cotisations"/>
        <h1>"Simuler mes cotisations"</h1>
        <p class="lead">"Estimez vos cotisations sociales d'une année : le calcul suit les barèmes officiels de l'année choisie."</p>
        <form method="get" action="/simuler" class="form panel simulator-form" on:submit=move |ev| ev.prevent_default()>
            <div class="field">
                <label for="champ-annee">"Année des revenus"</label>
                <select id="champ-annee" name="annee" on:change=move |ev| annee.set(event_target_value(&ev))>
                    {YEARS.map(|y| view! { <option value=y selected=move || annee.get() == y>{y}</option> })}
                </select>
            </div>
            <div class="field">
                <label for="champ-activite">"Activité"</label>
                <select id="champ-activite" name="activite" on:change=move |ev| activite.set(event_target_value(&ev))>
                    {ACTIVITIES.map(|(v, label)| view! { <option value=v selected=move || activite.get() == v>{label}</option> })}
                </select>
            </div>
            <div class="field" class:field--error=move || error_for("revenu")().is_some()>
                <label for="champ-revenu">{move || if is_micro() { "Chiffre d'affaires annuel (en euros)" } else { "Revenu professionnel brut (en euros)" }}</label>
                <p class="field__hint" id="champ-revenu-aide">"Par exemple 40000. Les centimes sont permis (40000,50)."</p>
                {move || error_for("revenu")().map(|m| view! { <p class="field__error" id="champ-revenu-erreur">{m}</p> })}
                <input
                    id="champ-revenu"
                    name="revenu"
                    inputmode="decimal"
                    autocomplete="off"
                    prop:value=move || revenu.get()
                    value=initial("revenu", "")
                    on:input=move |ev| revenu.set(event_target_value(&ev))
                    aria-describedby=move || if error_for("revenu")().is_some() { "champ-revenu-aide champ-revenu-erreur" } else { "champ-revenu-aide" }
                    aria-invalid=move || error_for("revenu")().is_some().then_some("true")
                />
            </div>
            <p class="form__actions"><button type="submit" class="button">"Calculer"</button></p>
        </form>
        <section aria-live="polite" aria-labelledby="titre-resultat">
            <h2 id="titre-resultat">"Résultat"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Calcul…"</p> }>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(Some(v)) => view! { <SimulationTable v/> }.into_any(),
                        Ok(None) => view! { <p>"Saisissez un montant pour voir le détail de vos cotisations."</p> }.into_any(),
                        Err(AppError::Invalid(f)) => view! {
                            <div class="error-summary" role="alert">
                                <ul>{f.errors.into_iter().map(|e| view! { <li><a href=format!("#champ-{}", e.field)>{e.message}</a></li> }).collect_view()}</ul>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="notice notice--error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SimulationTable(v: SimulationView) -> impl IntoView {
    view! {
        {v.provisional_note.map(|n| view! { <p class="notice notice--warning">{n}</p> })}
        {v.base_note.map(|n| view! { <p class="muted">{n}</p> })}
        <table class="table simulation">
            <caption>"Détail des cotisations de l'année"</caption>
            <thead><tr><th scope="col">"Cotisation"</th><th scope="col">"Taux"</th><th scope="col">"Base"</th><th scope="col">"Montant"</th></tr></thead>
            <tbody>
                {v.lines.into_iter().map(|l| view! {
                    <tr><th scope="row" data-label="Cotisation">{l.label}</th><td data-label="Taux">{l.rate}</td><td data-label="Base">{l.base}</td><td class="amount" data-label="Montant">{l.amount}</td></tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr><th scope="row" colspan="3">"Cotisations sociales"</th><td class="amount contributions" data-label="Montant">{v.total}</td></tr>
                {v.csg_crds.map(|c| view! { <tr><th scope="row" colspan="3">"CSG-CRDS"</th><td class="amount csg" data-label="Montant">{c}</td></tr> })}
                <tr><th scope="row" colspan="3">"Formation professionnelle (CFP)"</th><td class="amount cfp" data-label="Montant">{v.cfp}</td></tr>
                <tr class="total"><th scope="row" colspan="3">"Total à payer pour l'année"</th><td class="amount called" data-label="Montant">{v.called}</td></tr>
            </tfoot>
        </table>
        <dl class="figures">
            {v.validated_quarters.map(|q| view! { <div><dt>"Trimestres de retraite validés"</dt><dd class="quarters">{q}</dd></div> })}
        </dl>
    }
}
