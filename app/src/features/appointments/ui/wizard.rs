//! What every step of the booking wizard shares: the stepper, the draft read from the server,
//! the notice of a step not yet reachable, and the recap of the choices made.

use crate::error::FormErrors;
use crate::features::appointments::api::get_booking_step;
use crate::features::appointments::BookingStep;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const STEPS: [&str; 6] = [
    "Région",
    "Objet et motif",
    "Agence, date et heure",
    "Vos coordonnées",
    "Code de vérification",
    "Vérification",
];

#[component]
pub(super) fn Stepper(current: usize) -> impl IntoView {
    view! {
        <div class="stepper">
            <p class="stepper__state">{format!("Étape {current} sur 6 : {}", STEPS[current - 1])}</p>
            {(current < 6).then(|| view! { <p class="stepper__next small">{format!("Étape suivante : {}", STEPS[current])}</p> })}
        </div>
    }
}

/// The draft, read again whenever the address changes (a step coming back with a notice).
pub(super) fn step_resource() -> Resource<Result<BookingStep, crate::error::AppError>> {
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

pub(super) fn error_for(
    errors: Signal<Option<FormErrors>>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || errors.with(|e| e.as_ref().and_then(|e| e.message_for(field)))
}

pub(super) fn not_yet(reachable: u8, step: u8) -> Option<AnyView> {
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

pub(super) fn recap(s: &BookingStep) -> impl IntoView {
    view! {
        <dl class="record">
            {s.region.clone().map(|r| view! { <div><dt>"Région"</dt><dd>{r}</dd></div> })}
            {s.reason.clone().map(|r| view! { <div><dt>"Motif"</dt><dd>{r}</dd></div> })}
            {s.slot.clone().map(|r| view! { <div><dt>"Rendez-vous"</dt><dd>{r}</dd></div> })}
        </dl>
    }
}
