//! The public home page.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Accueil"/>
        <section class="hero">
            <h1>"Votre espace de travailleur indépendant"</h1>
            <p class="lead">
                "Cotisations, relevé de carrière, santé et attestations : retrouvez vos démarches en un seul endroit, "
                "avec votre agence à vos côtés."
            </p>
            <p class="actions">
                <a class="button" href="/connexion">"Se connecter"</a>
                <a class="button button--secondary" href="/creer-mon-compte">"Créer mon compte"</a>
                <a class="button button--secondary" href="/simuler">"Simuler mes cotisations"</a>
                <a class="button button--secondary" href="/rendez-vous">"Prendre rendez-vous"</a>
            </p>
        </section>
        <section class="cards" aria-label="Pour qui ?">
            <article class="card">
                <h2>"Artisans, commerçants, micro-entrepreneurs"</h2>
                <p>"Suivez vos cotisations, déclarez vos revenus et téléchargez vos attestations."</p>
            </article>
            <article class="card">
                <h2>"Retraités et ayants droit"</h2>
                <p>"Consultez vos remboursements de santé et vos attestations de paiement."</p>
            </article>
            <article class="card">
                <h2>"Experts-comptables"</h2>
                <p>"Gérez les cotisations de vos clients dès réception de leur mandat."</p>
            </article>
        </section>
    }
}
