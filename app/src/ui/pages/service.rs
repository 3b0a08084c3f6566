//! The other services of "Mon compte". Each is access-checked on the server; where a later
//! release fills it, the page says plainly that it is not available yet.

use crate::api::account::{get_service_page, ServicePage as ServicePageData};
use crate::domain::access::Service;
use crate::error::AppError;
use crate::ui::pages::errors::NotFoundPage;
use crate::ui::widgets::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let service = move || {
        params
            .read()
            .get("service")
            .and_then(|s| Service::from_slug(&s))
    };
    let data = Resource::new(service, |s| async move {
        match s {
            Some(s) => get_service_page(s).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        {move || service().map(|s| view! { <Title text=s.label()/> })}
        {move || service().is_none().then(|| view! { <NotFoundPage/> })}
        {move || service().is_some().then(|| view! {
            <Guarded resource=data render=|p: ServicePageData| view! {
                <h1>{p.title}</h1>
                <div class="notice notice--info">
                    <p>"Ce service n'est pas encore disponible en ligne. Il ouvrira prochainement ; en attendant, votre agence répond à vos questions."</p>
                </div>
                <p><a href="/mon-compte">"Retour à mon tableau de bord"</a></p>
            }/>
        })}
    }
}
