//! Step 4 of the wizard: the person's details and the terms.

use super::wizard::{not_yet, recap, step_resource, Stepper};
use crate::features::appointments::api::BookingContact;
use crate::features::appointments::BookingStep;
use crate::ui::widgets::{
    form_errors, other_error, ConsentField, ErrorSummary, Guarded, TextField,
};
use leptos::prelude::*;
use leptos_meta::Title;

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
