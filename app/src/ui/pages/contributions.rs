//! "Mes cotisations": the contribution account (schedule, payments, balance, incomes).

use crate::api::contributions::{get_contribution_account, ContributionAccount, DueView};
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The contributor's own account; `?compte=ID` picks another of their accounts.
#[component]
pub fn ContributionsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query
                .read()
                .get("compte")
                .and_then(|s| s.parse::<i64>().ok())
        },
        get_contribution_account,
    );
    view! {
        <Title text="Mes cotisations"/>
        <Guarded resource=data render=|a: ContributionAccount| view! { <AccountView a own=true/> }/>
    }
}

/// A client's account, for an accountant with a received mandate.
#[component]
pub fn ClientContributionsPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()),
        get_contribution_account,
    );
    view! {
        <Title text="Cotisations du client"/>
        <Guarded resource=data render=|a: ContributionAccount| view! { <AccountView a own=false/> }/>
    }
}

fn schedule_table(
    caption: String,
    rows: Vec<DueView>,
    total: Option<(String, Vec<(String, String)>)>,
) -> impl IntoView {
    view! {
        <table class="table schedule">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">"Échéance"</th><th scope="col">"Période"</th><th scope="col">"Nature"</th>
                <th scope="col">"Montant"</th><th scope="col">"Reste à payer"</th><th scope="col">"Statut"</th>
                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|d| view! {
                    <tr>
                        <th scope="row" data-label="Échéance">{d.due_on.clone()}</th>
                        <td data-label="Période">{d.period}</td>
                        <td data-label="Nature">{d.kind}</td>
                        <td class="amount" data-label="Montant">{d.amount}{d.breakdown.map(|b| view! { <span class="amount-detail">{b}</span> })}</td>
                        <td class="amount" data-label="Reste à payer">{d.remaining}{d.credit_note.map(|n| view! { <span class="amount-detail">{n}</span> })}</td>
                        <td data-label="Statut"><span class=format!("status status--{}", d.status_class)>{d.status}</span></td>
                        <td>{d.delay_href.map(|h| view! { <a href=h aria-label=format!("Demander un délai pour l'échéance du {}", d.due_on)>"Demander un délai"</a> })}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            {total.map(|(t, parts)| view! {
                <tfoot>
                    <tr><th scope="row" colspan="3">"Total des échéances de l'année"</th><td class="amount" data-label="Montant">{t}</td><td colspan="3"></td></tr>
                    {parts.into_iter().map(|(label, amount)| view! { <tr class="part"><th scope="row" colspan="3">{label}</th><td class="amount" data-label="Montant">{amount}</td><td colspan="3"></td></tr> }).collect_view()}
                </tfoot>
            })}
        </table>
    }
}

#[component]
fn AccountView(a: ContributionAccount, own: bool) -> impl IntoView {
    let title = if own {
        "Mes cotisations".to_owned()
    } else {
        format!("Cotisations de {}", a.holder_name)
    };
    view! {
        <h1>{title}</h1>
        <p class="lead">{format!("{} – compte n° {}", a.category_label, a.account_number)}</p>
        {(!a.other_accounts.is_empty()).then(|| view! {
            <nav aria-label="Mes autres comptes cotisants" class="notice notice--info">
                <p>"Vos autres comptes : "
                    {a.other_accounts.into_iter().map(|o| view! { <a href=format!("/mon-compte/cotisations?compte={}", o.id)>{o.label}</a>" " }).collect_view()}
                </p>
            </nav>
        })}
        <dl class="figures record">
            <div><dt>{match (a.balance_is_credit, own) { (true, true) => "Crédit en votre faveur", (true, false) => "Crédit en faveur du client", (false, _) => "Solde restant dû" }}</dt><dd class="balance">{a.balance}</dd></div>
            {a.overdue.map(|o| view! { <div class="figure--alert"><dt>"Montant en retard"</dt><dd class="overdue">{o}</dd></div> })}
            {a.debt.map(|d| view! { <div class="figure--alert"><dt>"Dette (mise en demeure)"</dt><dd class="debt">{d}</dd></div> })}
            <div><dt>"Mode de paiement"</dt><dd>{a.payment_mode}</dd></div>
        </dl>
        {own.then(|| view! {
            <p class="actions"><a class="button" href=format!("/mon-compte/cotisations/paiement?compte={}", a.account_id)>"Payer mes cotisations, mes comptes bancaires"</a></p>
        })}
        {a.declare_href.map(|h| view! {
            <p class="actions"><a class="button" href=h>{match (own, a.micro) {
                (true, true) => "Déclarer mon chiffre d'affaires",
                (true, false) => "Déclarer mes revenus",
                (false, true) => "Déclarer un chiffre d'affaires pour ce client",
                (false, false) => "Déclarer des revenus pour ce client",
            }}</a></p>
        })}
        {(!a.delays.is_empty()).then(|| view! {
            <h2>"Demandes de délai de paiement"</h2>
            <table class="table delays">
                <caption>{if own { "Vos demandes de délai et la décision de l'agence" } else { "Demandes de délai du client et décision de l'agence" }}</caption>
                <thead><tr><th scope="col">"Référence"</th><th scope="col">"Montant"</th><th scope="col">"Mensualités"</th><th scope="col">"Décision"</th><th scope="col">"Message de l'agence"</th></tr></thead>
                <tbody>
                    {a.delays.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row" data-label="Référence"><a href=r.href>{r.reference}</a></th>
                            <td class="amount" data-label="Montant">{r.amount}</td>
                            <td data-label="Mensualités">{r.instalments}</td>
                            <td data-label="Décision"><span class=format!("status status--{}", r.status_class)>{r.status}</span></td>
                            <td data-label="Message de l'agence">{r.decision_message.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <h2>{format!("Échéancier {}", a.year)}</h2>
        {schedule_table(format!("Échéances de l'année {}", a.year), a.schedule, Some((a.schedule_total, a.schedule_parts)))}
        {(!a.next_year.is_empty()).then(|| view! {
            <h2>{format!("Échéances de {} déjà appelées", a.year + 1)}</h2>
            {schedule_table(format!("Échéances de l'année {} déjà appelées", a.year + 1), a.next_year, None)}
        })}
        {(!a.earlier_unpaid.is_empty()).then(|| view! {
            <h2>"Montants des années précédentes restant dus"</h2>
            {schedule_table("Montants impayés des années précédentes".to_owned(), a.earlier_unpaid, None)}
        })}
        <h2>"Historique des paiements"</h2>
        <table class="table payments">
            <caption>{if own { "Derniers paiements reçus et trop-perçus déduits de vos échéances" } else { "Derniers paiements reçus et trop-perçus déduits de ses échéances" }}</caption>
            <thead><tr><th scope="col">"Date"</th><th scope="col">"Montant"</th><th scope="col">"Moyen de paiement"</th><th scope="col">"Référence"</th></tr></thead>
            <tbody>
                {a.payments.into_iter().map(|p| view! {
                    <tr><th scope="row" data-label="Date">{p.received_on}</th><td class="amount" data-label="Montant">{p.amount}</td><td data-label="Moyen de paiement">{p.method}</td><td data-label="Référence">{p.reference}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        {(!a.declarations.is_empty()).then(|| view! {
            <h2>"Historique des déclarations"</h2>
            {super::declare::declarations_table(if own { "Vos déclarations, les plus récentes d'abord" } else { "Déclarations du client, les plus récentes d'abord" }, a.declarations)}
        })}
        <h2>"Revenus et calcul des cotisations"</h2>
        {a.incomes.into_iter().map(|y| view! {
            <section class="card income-year">
                <h3>{format!("{} – calculé sur : {} ({})", y.year, y.basis, y.amount)}</h3>
                {y.base_note.map(|n| view! { <p class="muted">{n}</p> })}
                <table class="table">
                    <caption class="visually-hidden">{format!("{} – {} : ce qui est appelé, ligne par ligne", y.year, y.basis)}</caption>
                    <thead><tr><th scope="col">"Cotisation"</th><th scope="col">"Taux"</th><th scope="col">"Base"</th><th scope="col">"Montant"</th></tr></thead>
                    <tbody>
                        {y.lines.into_iter().map(|l| view! { <tr><th scope="row" data-label="Cotisation">{l.label}</th><td data-label="Taux">{l.rate}</td><td data-label="Base">{l.base}</td><td class="amount" data-label="Montant">{l.amount}</td></tr> }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><th scope="row" colspan="3">"Cotisations sociales"</th><td class="amount" data-label="Montant">{y.total}</td></tr>
                        {y.csg_crds.map(|c| view! { <tr><th scope="row" colspan="3">"CSG-CRDS"</th><td class="amount" data-label="Montant">{c}</td></tr> })}
                        <tr><th scope="row" colspan="3">"Formation professionnelle (CFP)"</th><td class="amount" data-label="Montant">{y.cfp}</td></tr>
                        <tr class="total"><th scope="row" colspan="3">{y.called_label.clone()}</th><td class="amount" data-label="Montant">{y.called}</td></tr>
                    </tfoot>
                </table>
                <details class="why">
                    <summary>"Pourquoi ce montant ?"</summary>
                    <p>{y.why}</p>
                    <table class="table">
                        <caption>{format!("Ce que {} échéancier appelle {} : {}", if own { "votre" } else { "son" }, y.called_label.trim_start_matches("Total appelé "), y.scheduled)}</caption>
                        <thead><tr><th scope="col">"Échéance"</th><th scope="col">"Libellé"</th><th scope="col">"Montant"</th></tr></thead>
                        <tbody>
                            {y.instalments.into_iter().map(|(due, label, amount)| view! { <tr><th scope="row" data-label="Échéance">{due}</th><td data-label="Libellé">{label}</td><td class="amount" data-label="Montant">{amount}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </details>
            </section>
        }).collect_view()}
    }
}
