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
                "Cotisations, déclarations de revenus, paiements et rendez-vous en agence : vos démarches en un seul "
                "endroit, avec votre agence à vos côtés. Le relevé de carrière, la santé et les attestations arrivent prochainement."
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
                <p>"Suivez vos cotisations, déclarez vos revenus, payez en ligne ou par prélèvement automatique."</p>
            </article>
            <article class="card">
                <h2>"Retraités et ayants droit"</h2>
                <p>"Prenez rendez-vous dans votre agence. Remboursements de santé et attestations de paiement : bientôt en ligne."</p>
            </article>
            <article class="card">
                <h2>"Experts-comptables"</h2>
                <p>"Suivez les cotisations de vos clients et déclarez pour eux dès réception de leur mandat."</p>
            </article>
        </section>
    }
}
