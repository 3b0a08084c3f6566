use crate::error::{AppError, FormErrors};
use leptos::prelude::*;

/// The field errors of an action's last result.
pub fn form_errors<T, V>(value: V) -> Signal<Option<FormErrors>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.form().cloned())
        })
    })
}

/// An error of the last result that is not about a field (too many attempts, a fault).
pub fn other_error<T, V>(value: V) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .filter(|e| e.form().is_none())
                .map(|e| e.to_string())
        })
    })
}

/// A labelled input with its hint and error, linked for assistive technologies.
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let id = format!("champ-{name}");
    let hint_id = format!("{id}-aide");
    let error_id = format!("{id}-erreur");
    let error = move || errors.with(|e| e.as_ref().and_then(|e| e.message_for(name)));
    let kept = move || {
        errors
            .with(|e| e.as_ref().and_then(|e| e.value_for(name)))
            .or_else(|| value.clone())
    };
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{h}</p> })}
            {move || error().map(|msg| view! { <p class="field__error" id=error_id.clone()>{msg}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=kept
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=describedby
            />
        </div>
    }
}

/// A checkbox to accept terms, with the terms to unfold and its error, linked for assistive
/// technologies.
#[component]
pub fn ConsentField(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] terms: String,
    #[prop(optional)] checked: bool,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let id = format!("champ-{name}");
    let (hint_id, error_id) = (format!("{id}-aide"), format!("{id}-erreur"));
    let error = move || errors.with(|e| e.as_ref().and_then(|e| e.message_for(name)));
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    view! {
        <div class="field field--checkbox" class:field--error=move || error().is_some()>
            {move || error().map(|m| view! { <p class="field__error" id=error_id.clone()>{m}</p> })}
            <input type="checkbox" id=id.clone() name=name value="oui" checked=checked aria-invalid=move || error().map(|_| "true") aria-describedby=describedby/>
            <label for=id>{label}</label>
            <details id=hint_id>
                <summary>"Lire les conditions"</summary>
                <p>{terms}</p>
            </details>
        </div>
    }
}

/// The summary at the top of a form after a failed submission, each error linking to its field.
#[component]
pub fn ErrorSummary(
    errors: Signal<Option<FormErrors>>,
    other: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        {move || other.get().map(|msg| view! { <div class="notice notice--error" role="alert"><p>{msg}</p></div> })}
        {move || errors.get().filter(|e| !e.is_empty()).map(|e| {
            let count = e.errors.len();
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2 class="error-summary__title">
                        {if count > 1 { format!("{count} erreurs sont à corriger") } else { "Une erreur est à corriger".to_owned() }}
                    </h2>
                    <ul>
                        {e.errors.into_iter().map(|fe| view! {
                            <li><a href=format!("#champ-{}", fe.field)>{fe.message}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })}
    }
}
