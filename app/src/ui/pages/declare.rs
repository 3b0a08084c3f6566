//! "Déclarer mes revenus": the form (final income, estimate, or turnover) and the receipt.

use crate::api::declarations::{
    get_declaration_form, get_declaration_receipt, get_declaration_review, ChangeView,
    DeclarationForm, DeclarationHistoryRow, DeclarationReceipt, DeclarationReview, DeclareIncome,
    ReviewDeclaration,
};
use crate::error::FormErrors;
use crate::ui::widgets::{form_errors, other_error, ErrorSummary, Guarded, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The account a page is about: `/cabinet/clients/:id/…` for an accountant, `?compte=` for the
/// contributor (none: their first open account).
pub fn account_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    let query = use_query_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .or_else(|| query.read().get("compte"))
            .and_then(|s| s.parse::<i64>().ok())
    })
}

#[component]
pub fn DeclarePage() -> impl IntoView {
    let account = account_param();
    let data = Resource::new(move || account.get(), get_declaration_form);
    view! {
        <Title text="Déclarer mes revenus"/>
        <Guarded resource=data render=|f: DeclarationForm| view! { <DeclareForm f/> }/>
    }
}

#[component]
fn DeclareForm(f: DeclarationForm) -> impl IntoView {
    let action = ServerAction::<ReviewDeclaration>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    // What was typed: kept by a refusal, or by the review step ("Modifier ma déclaration").
    let (drafted, drafted_amount) = f.draft.clone().unzip();
    let drafted = StoredValue::new(drafted);
    let kept = move |field: &'static str| {
        errors
            .with(|e| e.as_ref().and_then(|e: &FormErrors| e.value_for(field)))
            .or_else(|| {
                (field == "declaration")
                    .then(|| drafted.get_value())
                    .flatten()
            })
    };
    let choice_error =
        move || errors.with(|e| e.as_ref().and_then(|e| e.message_for("declaration")));
    let title = if f.own {
        if f.micro {
            "Déclarer mon chiffre d'affaires".to_owned()
        } else {
            "Déclarer mes revenus".to_owned()
        }
    } else {
        format!("Déclarer pour {}", f.holder_name)
    };
    let single = f.choices.len() == 1;
    let first_value = f.choices.first().map(|c| c.value.clone());
    let amount_label = if f.micro {
        "Chiffre d'affaires de la période, en euros"
    } else {
        "Montant du revenu professionnel, en euros"
    };
    let amount_hint = if f.micro {
        "Le chiffre d'affaires encaissé sur la période, par exemple 12 500 ou 12 500,50."
    } else {
        "Votre revenu professionnel avant l'abattement de 26 %, par exemple 42 500."
    };
    view! {
        <section class="panel">
            <h1>{title}</h1>
            <p class="lead">{format!("{} – compte n° {}", f.category_label, f.account_number)}</p>
            <ErrorSummary errors other/>
            {f.closed_note.map(|n| view! { <div class="notice notice--info"><p>{n}</p></div> })}
            {(!f.choices.is_empty()).then(|| view! {
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="compte" value=f.account_id/>
                    <fieldset class="field" class:field--error=move || choice_error().is_some() aria-describedby=move || choice_error().map(|_| "champ-declaration-erreur")>
                        <legend>{if f.micro { "Période déclarée" } else { "Que déclarez-vous ?" }}</legend>
                        {move || choice_error().map(|m| view! { <p class="field__error" id="champ-declaration-erreur">{m}</p> })}
                        {f.choices.iter().enumerate().map(|(i, c)| {
                            let id = if i == 0 { "champ-declaration".to_owned() } else { format!("champ-declaration-{i}") };
                            let hint_id = format!("{id}-aide");
                            let value = c.value.clone();
                            let first = first_value.clone();
                            let checked = move || kept("declaration").map(|k| k == value).unwrap_or(single && first.is_some());
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="declaration" value=c.value.clone() checked=checked aria-describedby=hint_id.clone()/>
                                    <label for=id>{c.label.clone()}</label>
                                    <p class="field__hint" id=hint_id>{c.hint.clone()}</p>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <TextField name="montant" label=amount_label hint=amount_hint inputmode="decimal" autocomplete="off" value=drafted_amount.clone().unwrap_or_default() errors/>
                    <p class="field__hint">"Vous vérifierez à l'étape suivante ce que votre déclaration change dans votre échéancier, avant de la valider."</p>
                    <p class="form__actions"><button type="submit" class="button">{if f.own { "Vérifier ma déclaration" } else { "Vérifier la déclaration" }}</button></p>
                </ActionForm>
            })}
            <p><a href=f.back_href.clone()>"Retour au compte"</a></p>
        </section>
        {(!f.history.is_empty()).then(|| view! {
            <h2>"Déclarations déjà faites"</h2>
            {declarations_table("Historique des déclarations de ce compte", f.history)}
        })}
    }
}

/// Past declarations, each linking to its receipt.
pub fn declarations_table(
    caption: &'static str,
    rows: Vec<DeclarationHistoryRow>,
) -> impl IntoView {
    view! {
        <table class="table declarations">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">"Référence"</th><th scope="col">"Date"</th><th scope="col">"Nature"</th><th scope="col">"Période"</th><th scope="col">"Montant déclaré"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|h| view! {
                    <tr><th scope="row" data-label="Référence"><a href=h.href>{h.reference}</a></th><td data-label="Date">{h.declared_at}</td><td data-label="Nature">{h.kind}</td><td data-label="Période">{h.period}</td><td class="amount" data-label="Montant déclaré">{h.amount}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn changes_table(caption: &'static str, rows: Vec<ChangeView>) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">"Échéance"</th><th scope="col">"Libellé"</th><th scope="col">"Nature"</th><th scope="col">"Montant"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|c| view! { <tr><th scope="row" data-label="Échéance">{c.due_on}</th><td data-label="Libellé">{c.label}</td><td data-label="Nature">{c.kind}</td><td class="amount" data-label="Montant">{c.amount}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

/// The review step: what the declaration changes, due date by due date, before "Valider".
#[component]
pub fn DeclarationReviewPage() -> impl IntoView {
    let account = account_param();
    let data = Resource::new(move || account.get(), get_declaration_review);
    view! {
        <Title text="Vérifier la déclaration"/>
        <Guarded resource=data render=|r: DeclarationReview| view! { <ReviewView r/> }/>
    }
}

#[component]
fn ReviewView(r: DeclarationReview) -> impl IntoView {
    let action = ServerAction::<DeclareIncome>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let nothing_changes = r.rows.iter().all(|x| !x.changed) && r.credit.is_none();
    // The contributor reads "ma déclaration", "vos échéances"; an accountant, the client's.
    let own = r.own;
    let (heading, validate, modify) = if own {
        (
            "Vérifier ma déclaration",
            "Valider ma déclaration",
            "Modifier ma déclaration",
        )
    } else {
        (
            "Vérifier la déclaration du client",
            "Valider la déclaration",
            "Modifier la déclaration",
        )
    };
    view! {
        <section class="panel">
            <h1>{heading}</h1>
            <p class="lead">{format!("{} – compte n° {}", r.holder_name, r.account_number)}</p>
            <ErrorSummary errors other/>
            {match r.declared_href.clone() {
                Some(href) => view! {
                    <div class="notice notice--success"><p>"Cette déclaration est enregistrée. "<a href=href>"Voir l'accusé de réception"</a></p></div>
                }.into_any(),
                None => view! {
                    <dl class="record">
                        <div><dt>"Nature"</dt><dd>{r.kind.clone()}</dd></div>
                        <div><dt>"Période"</dt><dd>{r.period.clone()}</dd></div>
                        <div><dt>"Montant déclaré"</dt><dd>{r.amount.clone()}</dd></div>
                    </dl>
                    {r.replacing.clone().map(|t| view! { <div class="notice notice--warning"><p>{t}</p></div> })}
                    <table class="table called">
                        <caption>"Ce que ce montant appelle"</caption>
                        <tbody>
                            {r.computed.clone().into_iter().map(|(label, amount)| view! { <tr><th scope="row">{label}</th><td class="amount">{amount}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                    <h2>{if own { "Ce qui change dans votre échéancier" } else { "Ce qui change dans l'échéancier du client" }}</h2>
                    {nothing_changes.then(|| view! { <p>{if own { "Le montant déclaré ne change rien à ce qui vous est appelé." } else { "Le montant déclaré ne change rien à ce qui est appelé au client." }}</p> })}
                    {(!r.totals.is_empty()).then(|| view! {
                        <table class="table">
                            <caption>"Totaux appelés"</caption>
                            <thead><tr><th scope="col">"Année ou période"</th><th scope="col">"Aujourd'hui"</th><th scope="col">"Après cette déclaration"</th></tr></thead>
                            <tbody>
                                {r.totals.clone().into_iter().map(|(label, before, after)| view! { <tr><th scope="row" data-label="Année ou période">{label}</th><td class="amount" data-label="Aujourd'hui">{before}</td><td class="amount" data-label="Après cette déclaration">{after}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                    })}
                    <table class="table review">
                        <caption>{if own { "Vos échéances à venir, avant et après" } else { "Les échéances à venir du client, avant et après" }}</caption>
                        <thead><tr><th scope="col">"Échéance"</th><th scope="col">"Aujourd'hui"</th><th scope="col">"Après cette déclaration"</th></tr></thead>
                        <tbody>
                            {r.rows.clone().into_iter().map(|x| view! {
                                <tr class:changed=x.changed><th scope="row" data-label="Échéance">{x.due_on}</th><td class="amount" data-label="Aujourd'hui">{x.before}</td><td class="amount" data-label="Après cette déclaration">{x.after}{x.changed.then(|| view! { <span class="visually-hidden">" (modifiée)"</span> })}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {r.credit.clone().map(|c| view! { <div class="notice notice--info"><p>{if own { format!("Vous avez trop versé : {c} seront déduits de vos prochaines échéances ou vous seront remboursés.") } else { format!("Le client a trop versé : {c} seront déduits de ses prochaines échéances ou lui seront remboursés.") }}</p></div> })}
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="compte" value=r.account_id/>
                        <input type="hidden" name="jeton" value=r.token.clone()/>
                        <p class="form__actions">
                            <button type="submit" class="button">{validate}</button>
                            " "<a class="button button--secondary" href=r.modify_href.clone()>{modify}</a>
                        </p>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
pub fn DeclarationReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("reference").unwrap_or_default(),
        get_declaration_receipt,
    );
    view! {
        <Title text="Déclaration enregistrée"/>
        <Guarded resource=data render=|r: DeclarationReceipt| {
            let nothing_changed = r.added.is_empty() && r.replaced.is_empty() && r.credit.is_none();
            view! {
                <section class="panel">
                    <h1>"Déclaration enregistrée"</h1>
                    <div class="notice notice--success" role="status">
                        <p>"Votre déclaration est enregistrée sous la référence "<strong class="reference">{r.reference.clone()}</strong>"."</p>
                        <p>"Conservez cette référence : elle vous sera demandée si vous contactez votre agence."</p>
                    </div>
                    <dl class="record">
                        <div><dt>"Compte"</dt><dd>{format!("{} – n° {}", r.holder_name, r.account_number)}</dd></div>
                        <div><dt>"Nature"</dt><dd>{r.kind}</dd></div>
                        <div><dt>"Période"</dt><dd>{r.period}</dd></div>
                        <div><dt>"Montant déclaré"</dt><dd>{r.amount}</dd></div>
                        <div><dt>"Déclarée le"</dt><dd>{r.declared_at}</dd></div>
                    </dl>
                    {r.superseded.map(|(text, href)| view! {
                        <div class="notice notice--warning"><p>{text}" "<a href=href>"Voir la déclaration qui compte aujourd'hui"</a></p></div>
                    })}
                    {(!r.computed.is_empty()).then(|| view! {
                        <table class="table called">
                            <caption>"Ce que ce montant appelle"</caption>
                            <tbody>
                                {r.computed.into_iter().map(|(label, amount)| view! { <tr><th scope="row">{label}</th><td class="amount">{amount}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                    })}
                    <h2>"Ce qui change dans votre échéancier"</h2>
                    {nothing_changed.then(|| view! { <p>"Le montant déclaré ne change rien à ce qui vous a déjà été appelé."</p> })}
                    {(!r.added.is_empty()).then(|| changes_table("Nouvelles échéances", r.added))}
                    {(!r.replaced.is_empty()).then(|| changes_table("Échéances remplacées", r.replaced))}
                    {r.credit.map(|c| view! {
                        <div class="notice notice--info"><p>{format!("Vous avez trop versé : {c}. {}", r.credit_use.unwrap_or_default())}</p></div>
                    })}
                    <p class="actions"><a class="button" href=r.back_href>"Voir mon échéancier"</a></p>
                </section>
            }
        }/>
    }
}
