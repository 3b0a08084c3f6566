//! The interface: layouts, pages and widgets. French first.

pub mod layouts;
pub mod pages;
pub mod widgets;

use crate::features::appointments::ui as appointments;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the application, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1f3a93"/>
                <meta name="description" content="Passerelle : votre espace personnel de travailleur indépendant."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Lets the browser tests know the WebAssembly bundle has taken over the page.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=|text: String| if text.is_empty() { "Passerelle".to_owned() } else { format!("{text} – Passerelle") }/>
        <Router>
            <layouts::Shell>
                <Routes fallback=|| view! { <pages::errors::NotFoundPage/> }>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/connexion") view=pages::sign_in::SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/simuler") view=pages::simulator::SimulatorPage ssr=SsrMode::Async/>
                    <Route path=path!("/creer-mon-compte") view=pages::signup::SignupPage ssr=SsrMode::Async/>
                    <Route path=path!("/creer-mon-compte/code") view=pages::signup::SignupCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe-oublie") view=pages::reset::ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe-oublie/code") view=pages::reset::ResetCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/rendez-vous") view=appointments::BookRegionPage ssr=SsrMode::Async/>
                    <Route path=path!("/rendez-vous/motif") view=appointments::BookReasonPage ssr=SsrMode::Async/>
                    <Route path=path!("/rendez-vous/creneau") view=appointments::BookSlotPage ssr=SsrMode::Async/>
                    <Route path=path!("/rendez-vous/coordonnees") view=appointments::BookContactPage ssr=SsrMode::Async/>
                    <Route path=path!("/rendez-vous/code") view=appointments::BookCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/rendez-vous/verification") view=appointments::BookReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/rendez-vous/suivi/:reference") view=appointments::AppointmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte") view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/rendez-vous") view=appointments::MyAppointmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/donnees-personnelles") view=pages::personal::PersonalDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations") view=pages::contributions::ContributionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/declarer") view=pages::declare::DeclarePage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/declarer/verifier") view=pages::declare::DeclarationReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/declarations/:reference") view=pages::declare::DeclarationReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/delai") view=pages::delay::DelayPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/delais/:reference") view=pages::delay::DelayReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/paiement") view=pages::payment::PaymentPageView ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/payer/montant") view=pages::payment::PayAmountPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/payer/comptes") view=pages::payment::PaySplitPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/payer/verification") view=pages::payment::PayReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/cotisations/paiements/:reference") view=pages::payment::TelepaymentReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/mon-compte/:service") view=pages::service::ServicePage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet") view=pages::clients::ClientsPage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet/clients/:id") view=pages::clients::ClientPage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet/clients/:id/cotisations") view=pages::contributions::ClientContributionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet/clients/:id/cotisations/declarer") view=pages::declare::DeclarePage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet/clients/:id/cotisations/declarer/verifier") view=pages::declare::DeclarationReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet/clients/:id/cotisations/declarations/:reference") view=pages::declare::DeclarationReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet/clients/:id/cotisations/delai") view=pages::delay::DelayPage ssr=SsrMode::Async/>
                    <Route path=path!("/cabinet/clients/:id/cotisations/delais/:reference") view=pages::delay::DelayReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/agence") view=pages::agency::AgencyPage ssr=SsrMode::Async/>
                    <Route path=path!("/tresorerie") view=pages::treasury::BankFilesPage ssr=SsrMode::Async/>
                    <Route path=path!("/agence/rendez-vous") view=appointments::AgencyAppointmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/agence/rendez-vous/:reference") view=appointments::AgencyAppointmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/agence/horaires") view=appointments::AgencyHoursPage ssr=SsrMode::Async/>
                    <Route path=path!("/demo/courriels") view=pages::demo_mail::DemoMailPage ssr=SsrMode::Async/>
                </Routes>
            </layouts::Shell>
        </Router>
    }
}
