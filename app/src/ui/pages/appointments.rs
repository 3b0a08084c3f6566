//! "Prendre rendez-vous": the booking wizard (region → motif → agency and slot → details →
//! verification code → review), the appointment reached by its link, and "Mes rendez-vous".
//! Every step is a plain form (works without JavaScript) and reads the server-side draft.

use crate::api::appointments::{
    get_appointment, get_booking_step, list_my_appointments, AppointmentSummary, AppointmentView,
    BookingCode, BookingContact, BookingReason, BookingRegion, BookingResendCode, BookingSlot,
    BookingStep, BookingValidate, CancelMyAppointment, DayView, RescheduleMyAppointment, SlotPage,
    SlotView,
};
use crate::error::FormErrors;
use crate::ui::widgets::{
    form_errors, other_error, ConsentField, ErrorSummary, Guarded, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const STEPS: [&str; 6] = [
    "Région",
    "Objet et motif",
    "Agence, date et heure",
    "Vos coordonnées",
    "Code de vérification",
    "Vérification",
];

#[component]
fn Stepper(current: usize) -> impl IntoView {
    view! {
        <div class="stepper">
            <p class="stepper__state">{format!("Étape {current} sur 6 : {}", STEPS[current - 1])}</p>
            {(current < 6).then(|| view! { <p class="stepper__next small">{format!("Étape suivante : {}", STEPS[current])}</p> })}
        </div>
    }
}

/// The draft, read again whenever the address changes (a step coming back with a notice).
fn step_resource() -> Resource<Result<BookingStep, crate::error::AppError>> {
    let query = use_query_map();
    Resource::new(
        move || {
            let q = query.read();
            (
                q.get("agence").and_then(|s| s.parse::<i64>().ok()),
                q.get("du"),
                q.get("pris"),
                q.get("renvoye"),
            )
        },
        |(agence, du, _, _)| get_booking_step(agence, du),
    )
}

fn error_for(
    errors: Signal<Option<FormErrors>>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || errors.with(|e| e.as_ref().and_then(|e| e.message_for(field)))
}

fn not_yet(reachable: u8, step: u8) -> Option<AnyView> {
    (reachable < step).then(|| {
        let (href, label) = match reachable {
            1 => ("/rendez-vous", "Choisir ma région"),
            2 => ("/rendez-vous/motif", "Choisir le motif"),
            3 => ("/rendez-vous/creneau", "Choisir le créneau"),
            4 => ("/rendez-vous/coordonnees", "Saisir mes coordonnées"),
            _ => ("/rendez-vous/code", "Saisir le code reçu"),
        };
        view! {
            <div class="notice notice--info">
                <p>"Cette étape n'est pas encore accessible : une étape précédente est à compléter."</p>
                <p><a class="button" href=href>{label}</a></p>
            </div>
        }
        .into_any()
    })
}

fn recap(s: &BookingStep) -> impl IntoView {
    view! {
        <dl class="record">
            {s.region.clone().map(|r| view! { <div><dt>"Région"</dt><dd>{r}</dd></div> })}
            {s.reason.clone().map(|r| view! { <div><dt>"Motif"</dt><dd>{r}</dd></div> })}
            {s.slot.clone().map(|r| view! { <div><dt>"Rendez-vous"</dt><dd>{r}</dd></div> })}
        </dl>
    }
}

// ---- Step 1 ----

#[component]
pub fn BookRegionPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – région"/>
        <Guarded resource=data render=|s: BookingStep| view! { <RegionStep s/> }/>
    }
}

#[component]
fn RegionStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingRegion>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let err = error_for(errors, "region");
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <p class="lead">"Un agent vous rappelle pour confirmer le rendez-vous et préparer votre dossier : vous repartez avec une réponse complète, dans un cadre calme et confidentiel."</p>
            <Stepper current=1/>
            <ErrorSummary errors other/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <fieldset class="field" id="champ-region" class:field--error={let e = err.clone(); move || e().is_some()}>
                    <legend>"Votre région de résidence"</legend>
                    {let e = err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                    {s.regions.into_iter().enumerate().map(|(i, r)| {
                        let id = format!("region-{i}");
                        view! { <div class="radio"><input type="radio" id=id.clone() name="region" value=r.name.clone() checked=r.selected/><label for=id>{r.name}</label></div> }
                    }).collect_view()}
                </fieldset>
                <p class="form__actions"><button type="submit" class="button">"Prendre rendez-vous"</button></p>
            </ActionForm>
            {s.signed_in.then(|| view! { <p><a href="/mon-compte/rendez-vous">"Voir mes rendez-vous"</a></p> })}
        </section>
    }
}

// ---- Step 2 ----

#[component]
pub fn BookReasonPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – motif"/>
        <Guarded resource=data render=|s: BookingStep| view! { <ReasonStep s/> }/>
    }
}

#[component]
fn ReasonStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingReason>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let err = error_for(errors, "motif");
    let blocked = not_yet(s.reachable, 2);
    let recap = recap(&s);
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=2/>
            <ErrorSummary errors other/>
            {recap}
            {match blocked {
                Some(b) => b,
                None => view! {
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <div id="champ-motif" tabindex="-1">
                            {let e = err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                            {s.objects.into_iter().map(|o| view! {
                                <fieldset class="field">
                                    <legend>{o.label}</legend>
                                    {o.reasons.into_iter().map(|r| {
                                        let id = format!("motif-{}", r.id);
                                        view! {
                                            <div class="radio">
                                                <input type="radio" id=id.clone() name="motif" value=r.id checked=r.selected/>
                                                <label for=id>{r.label}</label>
                                                <span class="small">{format!(" – {}, {}", r.duration, r.channel.to_lowercase())}</span>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }).collect_view()}
                        </div>
                        <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
                    </ActionForm>
                }.into_any(),
            }}
            <p><a href="/rendez-vous">"Étape précédente : région"</a></p>
        </section>
    }
}

// ---- Step 3 ----

#[component]
pub fn BookSlotPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – agence, date et heure"/>
        <Guarded resource=data render=|s: BookingStep| view! { <SlotStep s/> }/>
    }
}

/// Radio buttons for a page of slots, one group per day.
fn slot_choices(page: &SlotPage, prefix: &'static str) -> impl IntoView {
    page.days
        .iter()
        .map(|d: &DayView| {
            let slots = d.slots.clone();
            view! {
                <fieldset class="field slot-day">
                    <legend>{d.label.clone()}</legend>
                    <div class="slot-grid">
                        {slots.into_iter().map(|sl: SlotView| {
                            let id = format!("{prefix}-{}", sl.value.replace([':', '+'], "-"));
                            view! { <div class="slot"><input type="radio" id=id.clone() name="creneau" value=sl.value checked=sl.selected/><label for=id>{sl.label}</label></div> }
                        }).collect_view()}
                    </div>
                </fieldset>
            }
        })
        .collect_view()
}

fn paging(page: &SlotPage, base: String) -> impl IntoView {
    let sep = if base.contains('?') { "&" } else { "?" };
    view! {
        <p class="pager">
            {page.previous_from.clone().map(|d| view! { <a href=format!("{base}{sep}du={d}")>"Jours précédents"</a> })}
            " "
            {page.next_from.clone().map(|d| view! { <a href=format!("{base}{sep}du={d}")>"Jours suivants"</a> })}
        </p>
    }
}

#[component]
fn SlotStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingSlot>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let err = error_for(errors, "creneau");
    let agency_err = error_for(errors, "agence");
    let blocked = not_yet(s.reachable, 3);
    let recap = recap(&s);
    let body = match blocked {
        Some(b) => b,
        None => {
            let agency = s.agency.clone();
            view! {
                <form method="get" action="/rendez-vous/creneau" class="form" id="champ-agence">
                    <fieldset class="field" class:field--error={let e = agency_err.clone(); move || e().is_some()}>
                        <legend>"Agence"</legend>
                        {let e = agency_err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                        {s.agencies.iter().map(|a| {
                            let id = format!("agence-{}", a.id);
                            view! {
                                <div class="radio">
                                    <input type="radio" id=id.clone() name="agence" value=a.id checked=a.selected/>
                                    <label for=id>{a.name.clone()}</label>
                                    <span class="small">{format!(" – {}", a.address)}</span>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <p><button type="submit" class="button button--secondary">"Voir les créneaux de cette agence"</button></p>
                </form>
                {match agency {
                    None => view! { <p class="notice notice--info">"Choisissez une agence pour voir ses créneaux libres."</p> }.into_any(),
                    Some(a) => {
                        let base = format!("/rendez-vous/creneau?agence={}", a.id);
                        let page = s.slots.clone();
                        let choices = if page.days.is_empty() {
                            view! { <p class="notice notice--info">"Aucun créneau libre sur cette période. Essayez les jours suivants ou une autre agence."</p> }.into_any()
                        } else {
                            slot_choices(&page, "creneau").into_any()
                        };
                        let pager = paging(&page, base);
                        view! {
                            <section aria-labelledby="titre-creneaux">
                                <h2 id="titre-creneaux">{format!("Créneaux libres – {}", a.name)}</h2>
                                <p class="small">{format!("{} – téléphone {}. Horaires en {}.", a.address, a.phone, page.time_zone_label)}</p>
                                {a.access_notes.clone().map(|n| view! { <p class="small">{format!("Accès : {n}")}</p> })}
                                <ActionForm action attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="agence" value=a.id/>
                                    {(!s.suggestions.is_empty()).then(|| {
                                        let suggestions = s.suggestions.clone();
                                        view! {
                                            <fieldset class="field slot-day">
                                                <legend>"Les créneaux libres les plus proches"</legend>
                                                <div class="slot-grid">
                                                    {suggestions.into_iter().map(|sl| {
                                                        let id = format!("proche-{}", sl.value.replace([':', '+'], "-"));
                                                        view! { <div class="slot"><input type="radio" id=id.clone() name="creneau" value=sl.value.clone()/><label for=id>{sl.label}</label></div> }
                                                    }).collect_view()}
                                                </div>
                                            </fieldset>
                                        }
                                    })}
                                    <div id="champ-creneau" tabindex="-1">
                                        {let e = err.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
                                        {choices}
                                    </div>
                                    <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
                                </ActionForm>
                                {pager}
                            </section>
                        }
                        .into_any()
                    }
                }}
            }
            .into_any()
        }
    };
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=3/>
            {s.taken.clone().map(|t| view! { <div class="notice notice--warning" role="alert"><p>{t}</p></div> })}
            <ErrorSummary errors other/>
            {recap}
            {body}
            <p><a href="/rendez-vous/motif">"Étape précédente : objet et motif"</a></p>
        </section>
    }
}

// ---- Step 4 ----

#[component]
pub fn BookContactPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – vos coordonnées"/>
        <Guarded resource=data render=|s: BookingStep| view! { <ContactStep s/> }/>
    }
}

#[component]
fn ContactStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingContact>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let blocked = not_yet(s.reachable, 4);
    let recap = recap(&s);
    let c = s.contact.clone();
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=4/>
            <ErrorSummary errors other/>
            {recap}
            {match blocked {
                Some(b) => b,
                None => view! {
                    <p>"Tous les champs sont obligatoires. Un code de vérification sera envoyé à l'adresse électronique indiquée."</p>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <TextField name="nir" label="Numéro de sécurité sociale" hint="15 chiffres, clé comprise, comme sur votre carte Vitale : par exemple 2 95 10 99 126 111 93." autocomplete="off" value=c.nir.clone() errors/>
                        <TextField name="nom" label="Nom" autocomplete="family-name" value=c.last_name.clone() errors/>
                        <TextField name="prenom" label="Prénom" autocomplete="given-name" value=c.first_name.clone() errors/>
                        <TextField name="adresse" label="Adresse postale" hint="Numéro, voie, code postal et commune." autocomplete="street-address" value=c.address.clone() errors/>
                        <TextField name="telephone" label="Téléphone mobile" hint="Par exemple 06 12 34 56 78 ; en outre-mer avec l'indicatif, par exemple +262 6 92 12 34 56." kind="tel" autocomplete="tel" value=c.phone.clone() errors/>
                        <TextField name="email" label="Adresse électronique" hint="Le code de vérification et la confirmation y seront envoyés." kind="email" autocomplete="email" value=c.email.clone() errors/>
                        <ConsentField name="conditions" label="J'accepte les conditions d'utilisation du service de prise de rendez-vous" terms="Vos données servent uniquement à organiser ce rendez-vous et à préparer votre dossier. Elles sont conservées deux ans au plus, puis effacées. Vous pouvez annuler jusqu'à 4 heures avant le rendez-vous et choisir un autre créneau jusqu'à 2 jours avant." checked=c.terms errors/>
                        <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
                    </ActionForm>
                }.into_any(),
            }}
            <p><a href="/rendez-vous/creneau">"Étape précédente : agence, date et heure"</a></p>
        </section>
    }
}

// ---- Step 5 ----

#[component]
pub fn BookCodePage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – code de vérification"/>
        <Guarded resource=data render=|s: BookingStep| view! { <CodeStep s/> }/>
    }
}

#[component]
fn CodeStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingCode>::new();
    let resend = ServerAction::<BookingResendCode>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let resend_errors = form_errors(resend.value());
    let resend_other = other_error(resend.value());
    let query = use_query_map();
    let resent = Memo::new(move |_| query.read().get("renvoye").is_some());
    let blocked = not_yet(s.reachable, 5);
    let recap = recap(&s);
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=5/>
            <ErrorSummary errors other/>
            <ErrorSummary errors=resend_errors other=resend_other/>
            {move || resent.get().then(|| view! { <div class="notice notice--success" role="status"><p>"Un nouveau code vous a été envoyé."</p></div> })}
            {recap}
            {match blocked {
                Some(b) => b,
                None if s.email_verified => view! {
                    <p class="notice notice--success">"Votre adresse électronique est vérifiée."</p>
                    <p><a class="button" href="/rendez-vous/verification">"Étape suivante"</a></p>
                }.into_any(),
                None => view! {
                    <p>{format!("Un code à 6 chiffres a été envoyé à {}. Il est valable 30 minutes. Il prouve que cette adresse est la vôtre.", s.code_sent_to.clone().unwrap_or_default())}</p>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <TextField name="code" label="Code de vérification" hint="Les 6 chiffres reçus par courriel." inputmode="numeric" autocomplete="one-time-code" errors/>
                        <p class="form__actions"><button type="submit" class="button">"Étape suivante"</button></p>
                    </ActionForm>
                    <ActionForm action=resend attr:class="inline-form">
                        <button type="submit" class="button button--secondary">"Recevoir un nouveau code"</button>
                    </ActionForm>
                }.into_any(),
            }}
            <p><a href="/rendez-vous/coordonnees">"Étape précédente : vos coordonnées"</a></p>
        </section>
    }
}

// ---- Step 6 ----

#[component]
pub fn BookReviewPage() -> impl IntoView {
    let data = step_resource();
    view! {
        <Title text="Prendre rendez-vous – vérification"/>
        <Guarded resource=data render=|s: BookingStep| view! { <ReviewStep s/> }/>
    }
}

#[component]
fn ReviewStep(s: BookingStep) -> impl IntoView {
    let action = ServerAction::<BookingValidate>::new();
    let errors = form_errors(action.value());
    let other = other_error(action.value());
    let blocked = not_yet(s.reachable, 6);
    let recap = recap(&s);
    let c = s.contact.clone();
    view! {
        <section class="panel">
            <h1>"Je prends rendez-vous en ligne"</h1>
            <Stepper current=6/>
            <ErrorSummary errors other/>
            {recap}
            {match blocked {
                Some(b) => b,
                None => view! {
                    {(!s.same_day.is_empty()).then(|| view! {
                        <div class="notice notice--warning" role="status">
                            <p><strong>"Vous avez déjà un rendez-vous ce jour-là :"</strong></p>
                            <ul>{s.same_day.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
                            <p>"Vous pouvez tout de même valider celui-ci, ou choisir un autre créneau."</p>
                        </div>
                    })}
                    <h2>"Vos coordonnées"</h2>
                    <dl class="record">
                        <div><dt>"Numéro de sécurité sociale"</dt><dd>{c.nir.clone()}</dd></div>
                        <div><dt>"Nom et prénom"</dt><dd>{format!("{} {}", c.first_name, c.last_name)}</dd></div>
                        <div><dt>"Adresse"</dt><dd>{c.address.clone()}</dd></div>
                        <div><dt>"Téléphone mobile"</dt><dd>{c.phone.clone()}</dd></div>
                        <div><dt>"Adresse électronique"</dt><dd>{c.email.clone()}</dd></div>
                    </dl>
                    <p><a href="/rendez-vous/coordonnees">"Modifier mes coordonnées"</a>" – "<a href="/rendez-vous/creneau">"Choisir un autre créneau"</a></p>
                    <ActionForm action attr:class="form">
                        <p class="form__actions" id="champ-valider" tabindex="-1"><button type="submit" class="button">"Valider"</button></p>
                    </ActionForm>
                }.into_any(),
            }}
            // A signed-in person whose account address needed no code goes back to the details.
            {if s.code_sent_to.is_none() && s.signed_in {
                view! { <p><a href="/rendez-vous/coordonnees">"Étape précédente : vos coordonnées"</a></p> }.into_any()
            } else {
                view! { <p><a href="/rendez-vous/code">"Étape précédente : code de vérification"</a></p> }.into_any()
            }}
        </section>
    }
}

// ---- The appointment (emailed link or account) ----

#[component]
pub fn AppointmentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("reference").unwrap_or_default(),
                q.get("cle"),
                q.get("du"),
                q.get("annule"),
                q.get("deplace"),
            )
        },
        |(reference, cle, du, _, _)| get_appointment(reference, cle, du),
    );
    let notice = Memo::new(move |_| {
        let q = query.read();
        if q.get("nouveau").is_some() {
            Some("Votre demande de rendez-vous est enregistrée. Un agent vous recontactera pour la confirmer et préparer votre dossier. Un courriel vous a été envoyé avec un lien pour gérer ce rendez-vous.")
        } else if q.get("annule").is_some() {
            Some("Votre rendez-vous est annulé. Un courriel vous le confirme.")
        } else if q.get("deplace").is_some() {
            Some("Votre rendez-vous est déplacé. Un agent vous recontactera pour confirmer ce nouveau créneau.")
        } else {
            None
        }
    });
    view! {
        <Title text="Mon rendez-vous"/>
        {move || notice.get().map(|n| view! { <div class="notice notice--success" role="status"><p>{n}</p></div> })}
        <Guarded resource=data render=|v: AppointmentView| view! { <AppointmentDetail v/> }/>
    }
}

/// The appointment's details, for the person and for the agent.
pub fn appointment_record(v: &AppointmentView) -> impl IntoView {
    view! {
        <dl class="record">
            <div><dt>"Référence"</dt><dd>{v.reference.clone()}</dd></div>
            <div><dt>"État"</dt><dd><span class=v.status_class.clone()>{v.status.clone()}</span></dd></div>
            <div><dt>"Date et heure"</dt><dd class="appointment-when">{format!("{} – durée {}", v.when, v.duration)}</dd></div>
            <div><dt>"Motif"</dt><dd>{format!("{} – {}", v.object, v.reason)}</dd></div>
            <div><dt>"Type de rendez-vous"</dt><dd>{v.channel.clone()}</dd></div>
            <div><dt>"Agence"</dt><dd>{format!("{}, {} – {}", v.agency_name, v.agency_address, v.agency_phone)}</dd></div>
            {v.access_notes.clone().map(|n| view! { <div><dt>"Accès"</dt><dd>{n}</dd></div> })}
            <div><dt>"Personne reçue"</dt><dd>{format!("{} – {} – {}", v.person, v.phone, v.email)}</dd></div>
            {v.cancel_reason.clone().map(|r| view! { <div><dt>"Motif d'annulation"</dt><dd>{r}</dd></div> })}
        </dl>
    }
}

#[component]
fn AppointmentDetail(v: AppointmentView) -> impl IntoView {
    let cancel = ServerAction::<CancelMyAppointment>::new();
    let reschedule = ServerAction::<RescheduleMyAppointment>::new();
    let cancel_errors = form_errors(cancel.value());
    let cancel_other = other_error(cancel.value());
    let errors = form_errors(reschedule.value());
    let other = other_error(reschedule.value());
    let err = error_for(errors, "creneau");
    let sep = if v.href.contains('?') { "&" } else { "?" };
    // A value, not an empty `du` (which the server function's arguments would not carry once
    // hydrated): the server starts from the first free day.
    let choose = format!("{}{sep}du=premier", v.href);
    let record = appointment_record(&v);
    let (cancel_reference, cancel_key) = (v.reference.clone(), v.key.clone());
    let query = leptos_router::hooks::use_query_map();
    let confirming = move || {
        query
            .read()
            .get("annuler")
            .is_some_and(|a| a == "confirmer")
    };
    view! {
        <section class="panel">
            <h1>{format!("Rendez-vous {}", v.reference)}</h1>
            <ErrorSummary errors=cancel_errors other=cancel_other/>
            <ErrorSummary errors other/>
            {record}
            <h2>"Et ensuite ?"</h2>
            <p>{v.next_steps.clone()}</p>
            {v.calendar_href.clone().map(|h| view! {
                // `download`: a file, not a page (the router leaves it to the browser).
                <p><a class="button button--secondary" href=h download="">"Ajouter à mon agenda"</a>" "<span class="small">"(fichier .ics pour votre application d'agenda)"</span></p>
            })}
            {if v.can_reschedule {
                view! {
                    <h2>"Choisir un autre créneau"</h2>
                    <p class="small">{format!("Possible jusqu'au {}.", v.reschedule_until)}</p>
                    {match v.slots.clone() {
                        None => view! { <p><a class="button button--secondary" href=choose.clone()>"Voir les autres créneaux"</a></p> }.into_any(),
                        Some(page) => {
                            let choices = if page.days.is_empty() {
                                view! { <p class="notice notice--info">"Aucun créneau libre sur cette période."</p> }.into_any()
                            } else {
                                slot_choices(&page, "nouveau").into_any()
                            };
                            let pager = paging(&page, v.href.clone());
                            let (reference, key, err) = (v.reference.clone(), v.key.clone(), err.clone());
                            view! {
                                <ActionForm action=reschedule attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="reference" value=reference/>
                                    {key.map(|k| view! { <input type="hidden" name="cle" value=k/> })}
                                    <div id="champ-creneau" tabindex="-1">
                                        {move || err().map(|m| view! { <p class="field__error">{m}</p> })}
                                        {choices}
                                    </div>
                                    <p class="form__actions"><button type="submit" class="button">"Déplacer mon rendez-vous"</button></p>
                                </ActionForm>
                                {pager}
                            }.into_any()
                        }
                    }}
                }.into_any()
            } else {
                ().into_any()
            }}
            {if v.can_cancel {
                let ask = format!("{}{sep}annuler=confirmer#annuler", v.href);
                let keep = v.href.clone();
                view! {
                    <h2 id="annuler" tabindex="-1">"Annuler le rendez-vous"</h2>
                    <p class="small">{format!("Possible en ligne jusqu'au {}. Le créneau sera proposé à d'autres personnes.", v.cancel_until)}</p>
                    // Two steps, with or without JavaScript: the link asks, the form confirms.
                    {move || if confirming() {
                        let (reference, key, keep) = (cancel_reference.clone(), cancel_key.clone(), keep.clone());
                        view! {
                            <div class="notice notice--warning" role="alert">
                                <p><strong>"Voulez-vous vraiment annuler ce rendez-vous ?"</strong>" Le créneau sera libéré ; pour revenir, il faudra en prendre un nouveau."</p>
                                <ActionForm action=cancel attr:class="inline-form">
                                    <input type="hidden" name="reference" value=reference/>
                                    {key.map(|k| view! { <input type="hidden" name="cle" value=k/> })}
                                    <p id="champ-annuler" tabindex="-1">
                                        <button type="submit" class="button button--danger">"Oui, annuler mon rendez-vous"</button>
                                        " "<a href=keep>"Non, garder ce rendez-vous"</a>
                                    </p>
                                </ActionForm>
                            </div>
                        }.into_any()
                    } else {
                        view! { <p><a class="button button--danger" href=ask.clone()>"Annuler mon rendez-vous"</a></p> }.into_any()
                    }}
                }.into_any()
            } else {
                ().into_any()
            }}
            <p><a href="/rendez-vous">"Prendre un autre rendez-vous"</a></p>
        </section>
    }
}

#[component]
pub fn MyAppointmentsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_my_appointments());
    view! {
        <Title text="Mes rendez-vous"/>
        <h1>"Mes rendez-vous"</h1>
        <p><a class="button" href="/rendez-vous">"Prendre rendez-vous"</a></p>
        <Guarded resource=data render=render_my_appointments/>
    }
}

fn render_my_appointments(list: Vec<AppointmentSummary>) -> AnyView {
    if list.is_empty() {
        view! { <p>"Vous n'avez pas de rendez-vous."</p> }.into_any()
    } else {
        view! {
                    <table class="table appointments">
                        <caption>"Mes rendez-vous, les plus récents d'abord"</caption>
                        <thead><tr><th scope="col">"Date et heure"</th><th scope="col">"Motif"</th><th scope="col">"Agence"</th><th scope="col">"État"</th><th scope="col">"Référence"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|a| view! {
                                <tr>
                                    <th scope="row" data-label="Date et heure">{a.when}</th><td data-label="Motif">{a.reason}</td><td data-label="Agence">{a.agency}</td>
                                    <td data-label="État"><span class=a.status_class>{a.status}</span></td>
                                    <td data-label="Référence"><a href=a.href>{a.reference}</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
    }
}
