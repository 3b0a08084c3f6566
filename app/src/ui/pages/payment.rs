//! "Mes cotisations › Paiement": what may be paid online and why not, the telepayment wizard
//! (amount → bank accounts → review → confirmation), SEPA mandates, automatic debit, the FAQ.

use crate::api::payments::{
    get_payment_page, get_telepayment, get_telepayment_step, JoinTelepayment, PaymentPage,
    RevokeMandate, TelepayAmount, TelepaySplit, TelepaymentReceipt, TelepaymentStep,
    ValidateTelepayment,
};
use crate::ui::widgets::{
    form_errors, other_error, ConsentField, ErrorSummary, Guarded, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn compte_param() -> Memo<Option<i64>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get("compte")
            .and_then(|s| s.parse::<i64>().ok())
    })
}

#[component]
pub fn PaymentPageView() -> impl IntoView {
    let compte = compte_param();
    let query = use_query_map();
    let notice = Memo::new(move |_| {
        let q = query.read();
        if let Some(rum) = q.get("mandat") {
            Some(format!("Votre mandat de prélèvement SEPA {rum} est enregistré. Un courriel vous le confirme."))
        } else if let Some(rum) = q.get("revoque") {
            Some(format!(
                "Le mandat {rum} est révoqué : il ne sera plus jamais utilisé."
            ))
        } else {
            q.get("prelevement").map(|r| format!("Votre demande de prélèvement automatique {r} est enregistrée. L'échéancier de vos prélèvements vous est envoyé par courriel."))
        }
    });
    let back_to_wizard = Memo::new(move |_| query.read().get("retour").as_deref() == Some("payer"));
    // Each change (a mandate signed or revoked, a debit requested) comes back here with its
    // notice in the address: the page's data is read again then.
    let data = Resource::new(
        move || (compte.get(), notice.get()),
        |(compte, _)| get_payment_page(compte),
    );
    view! {
        <Title text="Paiement de mes cotisations"/>
        {move || notice.get().map(|n| view! { <div class="notice notice--success" role="status"><p>{n}</p></div> })}
        <Guarded resource=data render=move |p: PaymentPage| view! { <PaymentView p back_to_wizard=back_to_wizard.get_untracked()/> }/>
    }
}

#[component]
fn PaymentView(p: PaymentPage, back_to_wizard: bool) -> impl IntoView {
    let account_id = p.account_id;
    let debit = p.clone();
    let mandates = p.mandates.clone();
    let back_href = p.back_href.clone();
    let may_add = p.may_add_mandate;
    let has_mandate = p.mandates.iter().any(|m| m.active);
    let (last, first, address) = (
        p.holder_last_name.clone(),
        p.holder_first_name.clone(),
        p.holder_address.clone(),
    );
    view! {
        <h1>"Paiement de mes cotisations"</h1>
        <p class="lead">{format!("{} – compte n° {}", p.holder_name, p.account_number)}</p>
        <h2>"Montants à payer"</h2>
        {if p.dues.is_empty() {
            view! { <p>"Vous n'avez aucun montant à payer pour le moment."</p> }.into_any()
        } else {
            view! {
                <table class="table dues">
                    <caption>"Vos montants dus et le moyen de les régler"</caption>
                    <thead><tr><th scope="col">"Échéance"</th><th scope="col">"Nature"</th><th scope="col">"Reste à payer"</th><th scope="col">"Statut"</th><th scope="col">"Paiement en ligne"</th></tr></thead>
                    <tbody>
                        {p.dues.into_iter().map(|d| view! {
                            <tr>
                                <th scope="row" data-label="Échéance">{d.due_on.clone()}</th>
                                <td data-label="Nature">{d.label.clone()}</td>
                                <td class="amount" data-label="Reste à payer">{d.remaining.clone()}</td>
                                <td data-label="Statut"><span class=format!("status status--{}", d.status_class)>{d.status}</span></td>
                                <td data-label="Paiement en ligne">
                                    {d.pay_href.map(|h| view! { <a class="button button--small" href=h aria-label=format!("{} {} ({}, échéance du {})", d.pay_label, d.remaining, d.label, d.due_on)>{d.pay_label.clone()}</a> })}
                                    <p class="small">{d.note}</p>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(!p.telepayments.is_empty()).then(|| view! {
            <h2>"Mes télépaiements"</h2>
            <table class="table telepayments">
                <caption>"Télépaiements validés, les plus récents d'abord"</caption>
                <thead><tr><th scope="col">"Référence"</th><th scope="col">"Montant"</th><th scope="col">"Date de prélèvement"</th><th scope="col">"État"</th></tr></thead>
                <tbody>
                    {p.telepayments.into_iter().map(|t| view! {
                        <tr><th scope="row" data-label="Référence"><a href=t.href>{t.reference}</a></th><td class="amount" data-label="Montant">{t.amount}</td><td data-label="Date de prélèvement">{t.collection_date}</td><td data-label="État">{t.status}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <h2>"Mes comptes bancaires (mandats de prélèvement SEPA)"</h2>
        <MandatesTable account_id mandates/>
        {if may_add {
            view! { <JoinForm account_id last first address back_to_wizard has_mandate/> }.into_any()
        } else {
            view! { <p class="notice notice--info">"Vous avez 3 comptes bancaires avec un mandat actif, le maximum : révoquez-en un pour en ajouter un autre."</p> }.into_any()
        }}
        <super::direct_debit::DirectDebitForm p=debit/>
        <Faq/>
        <p><a href=back_href>"Retour à mon compte cotisant"</a></p>
    }
}

#[component]
fn MandatesTable(
    account_id: i64,
    mandates: Vec<crate::api::payments::MandateView>,
) -> impl IntoView {
    let action = ServerAction::<RevokeMandate>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    if mandates.is_empty() {
        return view! { <p>"Vous n'avez pas encore de compte bancaire enregistré pour le télépaiement."</p> }.into_any();
    }
    view! {
        <ErrorSummary errors other/>
        <table class="table mandates" id="champ-mandat" tabindex="-1">
            <caption>"Les comptes bancaires que vous nous autorisez à débiter"</caption>
            <thead><tr><th scope="col">"Compte (IBAN)"</th><th scope="col">"Titulaire"</th><th scope="col">"Référence du mandat (RUM)"</th><th scope="col">"Signé le"</th><th scope="col">"État"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
            <tbody>
                {mandates.into_iter().map(|m| view! {
                    <tr>
                        <th scope="row" data-label="Compte (IBAN)">{m.iban.clone()}</th>
                        <td data-label="Titulaire">{m.holder}</td>
                        <td data-label="Référence du mandat (RUM)">{m.rum.clone()}</td>
                        <td data-label="Signé le">{m.signed_at}</td>
                        <td data-label="État"><span class=format!("status status--{}", m.status_class)>{m.status}</span></td>
                        <td>{m.active.then(|| view! {
                            <ActionForm action attr:class="inline-form">
                                <input type="hidden" name="compte" value=account_id/>
                                <input type="hidden" name="mandat" value=m.id/>
                                <button type="submit" class="button button--secondary button--small" aria-label=format!("Révoquer le mandat {} (compte {})", m.rum, m.iban)>"Révoquer"</button>
                            </ActionForm>
                        })}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn JoinForm(
    account_id: i64,
    last: String,
    first: String,
    address: String,
    back_to_wizard: bool,
    has_mandate: bool,
) -> impl IntoView {
    let action = ServerAction::<JoinTelepayment>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    // Once a mandate exists the person is a member already: the form adds an account.
    let (title, intro) = if has_mandate {
        ("Ajouter un compte bancaire", "Vous pouvez enregistrer jusqu'à 3 comptes bancaires et répartir un paiement entre eux. En validant, vous signez en ligne un mandat de prélèvement SEPA récurrent pour ce compte.")
    } else {
        ("Adhérer au télépaiement", "Indiquez le compte bancaire à débiter. En validant, vous signez en ligne un mandat de prélèvement SEPA récurrent : il sert à vos télépaiements et, si vous le choisissez, au prélèvement automatique.")
    };
    view! {
        <section class="card" aria-labelledby="adherer">
            <h2 id="adherer">{title}</h2>
            <p>{intro}</p>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="compte" value=account_id/>
                {back_to_wizard.then(|| view! { <input type="hidden" name="retour" value="payer"/> })}
                <TextField name="nom" label="Nom du titulaire du compte" autocomplete="family-name" value=last errors/>
                <TextField name="prenom" label="Prénom du titulaire du compte" autocomplete="given-name" value=first errors/>
                <TextField name="adresse" label="Adresse du titulaire" autocomplete="street-address" value=address errors/>
                <TextField name="iban" label="IBAN du compte à débiter" hint="27 caractères pour un compte français, par exemple FR76 3000 6000 0112 3456 7890 189. Les espaces sont acceptés." autocomplete="off" errors/>
                <TextField name="bic" label="BIC (facultatif)" hint="8 ou 11 caractères ; facultatif pour un compte de la zone SEPA." autocomplete="off" errors/>
                <ConsentField name="conditions" label="J'accepte les conditions du télépaiement et j'autorise le prélèvement SEPA de ce compte" terms="En signant ce mandat, vous autorisez la caisse à envoyer des instructions à votre banque pour débiter votre compte, et votre banque à le débiter conformément à ces instructions. Vous bénéficiez d'un droit à remboursement par votre banque selon les conditions de la convention passée avec elle ; une demande de remboursement doit être présentée dans les 8 semaines suivant la date de débit. Chaque prélèvement vous est annoncé à l'avance (pré-notification). Vous pouvez révoquer ce mandat à tout moment ; sans prélèvement pendant 36 mois, il devient caduc." errors/>
                <p class="form__actions"><button type="submit" class="button">"Valider"</button></p>
            </ActionForm>
        </section>
    }
}

#[component]
fn Faq() -> impl IntoView {
    view! {
        <section aria-labelledby="faq">
            <h2 id="faq">"Questions fréquentes"</h2>
            <details><summary>"Pourquoi le bouton « Payer » n'apparaît-il pas à côté de mon échéance ?"</summary>
                <p>"Pour vos cotisations courantes, le télépaiement ouvre 3 semaines avant chaque échéance et ferme la veille de l'échéance à midi (heure de Paris). Il n'est pas proposé si vous avez choisi le prélèvement automatique : vos cotisations sont alors prélevées sans démarche de votre part. Une échéance passée et non réglée se paie par chèque ou par virement ; si elle devient une dette (30 jours après l'échéance), le télépaiement redevient possible à tout moment, comme pour les échéances d'un délai de paiement."</p>
            </details>
            <details><summary>"Quand mon compte bancaire sera-t-il débité ?"</summary>
                <p>"À la date d'échéance, pas avant (ou le jour ouvré suivant si l'échéance tombe un samedi, un dimanche ou un jour de fermeture des banques). Pour une dette, au plus tôt le jour ouvré qui suit votre paiement. La date exacte figure sur la confirmation de votre paiement."</p>
            </details>
            <details><summary>"Puis-je répartir un paiement sur plusieurs comptes bancaires ?"</summary>
                <p>"Oui : vous pouvez enregistrer jusqu'à 3 comptes bancaires et choisir, à chaque paiement, le montant débité sur chacun. La somme doit être égale au montant payé."</p>
            </details>
            <details><summary>"Puis-je modifier un télépaiement déjà validé ?"</summary>
                <p>"Oui, jusqu'à la veille de la date de prélèvement à midi : sur sa confirmation, choisissez « Modifier le paiement programmé » ; le nouveau montant remplace l'ancien. « Payer une autre partie », à côté du montant, ajoute un paiement sans toucher au premier."</p>
            </details>
            <details><summary>"On me dit qu'« un mandat existe déjà » pour mon compte bancaire."</summary>
                <p>"Ce compte bancaire est déjà autorisé pour un autre de vos comptes cotisants (par exemple un ancien compte de micro-entrepreneur). Révoquez le mandat sur cet autre compte, puis adhérez à nouveau ici."</p>
            </details>
            <details><summary>"Mon expert-comptable peut-il payer pour moi ?"</summary>
                <p>"Non : seul le titulaire du compte bancaire signe le mandat et valide un paiement. Votre expert-comptable peut consulter votre compte et déclarer vos revenus si vous lui avez donné mandat."</p>
            </details>
        </section>
    }
}

// ---- The wizard ------------------------------------------------------------------------------

const STEPS: [&str; 4] = [
    "Montant",
    "Comptes à débiter",
    "Vérification",
    "Confirmation",
];

#[component]
fn Stepper(current: usize) -> impl IntoView {
    view! {
        <div class="stepper">
            <p class="stepper__state">{format!("Étape {current} sur 4 : {}", STEPS[current - 1])}</p>
            {(current < 4).then(|| view! { <p class="stepper__next small">{format!("Étape suivante : {}", STEPS[current])}</p> })}
        </div>
    }
}

fn step_resource(with_due: bool) -> Resource<Result<TelepaymentStep, crate::error::AppError>> {
    let query = use_query_map();
    Resource::new(
        move || {
            let q = query.read();
            let due = if with_due {
                q.get("echeance").and_then(|s| s.parse::<i64>().ok())
            } else {
                None
            };
            (
                q.get("compte").and_then(|s| s.parse::<i64>().ok()),
                due,
                if with_due { q.get("modifier") } else { None },
            )
        },
        |(compte, echeance, modifier)| get_telepayment_step(compte, echeance, modifier),
    )
}

fn summary(s: &TelepaymentStep) -> impl IntoView {
    view! {
        <dl class="record">
            <div><dt>"Compte cotisant"</dt><dd>{format!("{} – n° {}", s.holder_name, s.account_number)}</dd></div>
            <div><dt>"Montant dû"</dt><dd>{format!("{} (échéance du {})", s.due_label, s.due_on)}</dd></div>
            <div><dt>"Reste à payer"</dt><dd class="amount">{s.remaining.clone()}</dd></div>
            {s.replacing.clone().map(|r| view! { <div><dt>"Paiement modifié"</dt><dd>{format!("{} : {} prélevés le {}", r.reference, r.amount, r.collection_date)}</dd></div> })}
            <div><dt>"Date de prélèvement"</dt><dd>{s.collection_date.clone()}</dd></div>
        </dl>
    }
}

#[component]
pub fn PayAmountPage() -> impl IntoView {
    let data = step_resource(true);
    view! {
        <Title text="Télépaiement – montant"/>
        <Guarded resource=data render=|s: TelepaymentStep| view! { <AmountStep s/> }/>
    }
}

#[component]
fn AmountStep(s: TelepaymentStep) -> impl IntoView {
    let action = ServerAction::<TelepayAmount>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let recap = summary(&s);
    view! {
        <section class="panel">
            <h1>"Je règle mes cotisations par télépaiement"</h1>
            <Stepper current=1/>
            <ErrorSummary errors other/>
            {recap}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="compte" value=s.account_id/>
                <input type="hidden" name="echeance" value=s.due_id/>
                {s.replacing.clone().map(|r| view! { <input type="hidden" name="modifier" value=r.reference/> })}
                <TextField
                    name="montant"
                    label="Montant à payer (en euros)"
                    hint=if s.replacing.is_some() { "Le nouveau montant de ce paiement : il remplace l'ancien." } else { "Ce qui reste à payer, ou moins si vous réglez en plusieurs fois (chaque paiement s'ajoute aux autres)." }
                    inputmode="decimal"
                    autocomplete="off"
                    value=s.amount.clone()
                    errors
                />
                <p class="small">{format!("Au plus {} aujourd'hui.", s.left)}</p>
                <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
            </ActionForm>
            <p><a href=s.payment_href>"Annuler et revenir au paiement"</a></p>
        </section>
    }
}

#[component]
pub fn PaySplitPage() -> impl IntoView {
    let data = step_resource(false);
    view! {
        <Title text="Télépaiement – comptes à débiter"/>
        <Guarded resource=data render=|s: TelepaymentStep| view! { <SplitStep s/> }/>
    }
}

#[component]
fn SplitStep(s: TelepaymentStep) -> impl IntoView {
    let action = ServerAction::<TelepaySplit>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let back = format!(
        "/mon-compte/cotisations/payer/montant?compte={}",
        s.account_id
    );
    let join = format!(
        "/mon-compte/cotisations/paiement?compte={}&retour=payer#adherer",
        s.account_id
    );
    let recap = summary(&s);
    let body = if s.reachable < 2 {
        view! { <p class="notice notice--info">"Indiquez d'abord le montant à payer."</p> }
            .into_any()
    } else if s.lines.is_empty() {
        view! {
            <div class="notice notice--info">
                <p>"Pour payer en ligne, adhérez d'abord au télépaiement : indiquez le compte bancaire à débiter et signez le mandat de prélèvement SEPA."</p>
                <p><a class="button" href=join>"Adhérer au télépaiement"</a></p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p>{format!("Montant à payer : {}. Répartissez-le entre vos comptes bancaires : chaque montant doit être positif et leur somme égale au montant à payer. Laissez vide un compte à ne pas débiter.", s.amount_shown)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="compte" value=s.account_id/>
                {s.lines.iter().enumerate().map(|(i, l)| {
                    let n = i + 1;
                    let field: &'static str = ["montant_1", "montant_2", "montant_3"][i.min(2)];
                    let label = format!("Montant débité sur le compte {} ({})", l.iban, l.holder);
                    view! {
                        <input type="hidden" name=format!("mandat_{n}") value=l.mandate_id/>
                        <TextField name=field label inputmode="decimal" autocomplete="off" value=l.amount.clone() errors/>
                    }
                }).collect_view()}
                <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
            </ActionForm>
            <p class="small"><a href=join.clone()>"Ajouter un compte bancaire"</a></p>
        }
        .into_any()
    };
    view! {
        <section class="panel">
            <h1>"Je règle mes cotisations par télépaiement"</h1>
            <Stepper current=2/>
            <ErrorSummary errors other/>
            {recap}
            {body}
            <p><a href=back>"Étape précédente : montant"</a></p>
        </section>
    }
}

#[component]
pub fn PayReviewPage() -> impl IntoView {
    let data = step_resource(false);
    view! {
        <Title text="Télépaiement – vérification"/>
        <Guarded resource=data render=|s: TelepaymentStep| view! { <ReviewStep s/> }/>
    }
}

#[component]
fn ReviewStep(s: TelepaymentStep) -> impl IntoView {
    let action = ServerAction::<ValidateTelepayment>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let back = format!(
        "/mon-compte/cotisations/payer/comptes?compte={}",
        s.account_id
    );
    let ready = s.reachable >= 3;
    let lines: Vec<_> = s
        .lines
        .iter()
        .filter(|l| !l.amount_shown.is_empty())
        .cloned()
        .collect();
    let recap = summary(&s);
    view! {
        <section class="panel">
            <h1>"Je règle mes cotisations par télépaiement"</h1>
            <Stepper current=3/>
            <ErrorSummary errors other/>
            {recap}
            {if ready {
                view! {
                    {s.replacing.clone().map(|r| view! {
                        <p class="notice notice--warning">{format!("Ce paiement remplace le télépaiement {} : {} → {}. Seul le nouveau montant sera prélevé.", r.reference, r.amount, s.amount_shown)}</p>
                    })}
                    <table class="table split" id="champ-montant_1" tabindex="-1">
                        <caption>{format!("Montant payé : {}, prélevé le {}", s.amount_shown, s.collection_date)}</caption>
                        <thead><tr><th scope="col">"Compte débité"</th><th scope="col">"Référence du mandat (RUM)"</th><th scope="col">"Montant"</th></tr></thead>
                        <tbody>
                            {lines.into_iter().map(|l| view! { <tr><th scope="row" data-label="Compte débité">{format!("{} ({})", l.iban, l.holder)}</th><td data-label="Référence du mandat (RUM)">{l.rum}</td><td class="amount" data-label="Montant">{l.amount_shown}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                    <p class="small">{format!("Créancier : {} – identifiant créancier SEPA (ICS) : {}.", s.creditor_name, s.ics)}</p>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="compte" value=s.account_id/>
                        <input type="hidden" name="jeton" value=s.token.clone()/>
                        <p class="form__actions" id="champ-jeton" tabindex="-1"><button type="submit" class="button">"Valider le paiement"</button></p>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="notice notice--info">"Choisissez d'abord les comptes à débiter."</p> }.into_any()
            }}
            <p><a href=back>"Étape précédente : comptes à débiter"</a></p>
        </section>
    }
}

#[component]
pub fn TelepaymentReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("reference").unwrap_or_default(),
        get_telepayment,
    );
    view! {
        <Title text="Télépaiement enregistré"/>
        <Guarded resource=data render=|r: TelepaymentReceipt| view! {
            <section class="panel">
                <h1>"Télépaiement enregistré"</h1>
                <Stepper current=4/>
                <div class="notice notice--success" role="status">
                    <p>"Référence du paiement : "<strong class="reference">{r.reference.clone()}</strong></p>
                </div>
                <dl class="record">
                    <div><dt>"Compte cotisant"</dt><dd>{format!("{} – n° {}", r.holder_name, r.account_number)}</dd></div>
                    <div><dt>"Montant dû réglé"</dt><dd>{r.due_label}</dd></div>
                    <div><dt>"Montant"</dt><dd class="amount">{r.amount.clone()}</dd></div>
                    <div><dt>"Date de prélèvement"</dt><dd>{r.collection_date.clone()}</dd></div>
                    <div><dt>"Validé le"</dt><dd>{r.validated_at}</dd></div>
                    <div><dt>"État"</dt><dd>{r.status}</dd></div>
                </dl>
                <h2>"Pré-notification de prélèvement SEPA"</h2>
                <p>{format!("Le {}, {} prélèvera {} sur le ou les comptes ci-dessous (identifiant créancier SEPA : {}).", r.collection_date, r.creditor_name, r.amount, r.ics)}</p>
                <table class="table split">
                    <caption>"Comptes débités"</caption>
                    <thead><tr><th scope="col">"Compte"</th><th scope="col">"Référence du mandat (RUM)"</th><th scope="col">"Montant"</th></tr></thead>
                    <tbody>{r.parts.into_iter().map(|p| view! { <tr><th scope="row" data-label="Compte">{p.iban}</th><td data-label="Référence du mandat (RUM)">{p.rum}</td><td class="amount" data-label="Montant">{p.amount}</td></tr> }).collect_view()}</tbody>
                </table>
                {r.change_until.map(|u| view! { <p>{format!("Vous pouvez modifier ce montant jusqu'au {u} : le dernier paiement validé remplace le précédent.")}</p> })}
                <p class="actions">
                    {r.change_href.map(|h| view! { <a class="button button--secondary" href=h>"Modifier le paiement programmé"</a>" " })}
                    <a class="button" href=r.payment_href>"Retour au paiement"</a>
                </p>
            </section>
        }/>
    }
}
