//! Who sees what, over HTTP: every category × every service, the accountant and agent rules,
//! and every server function refusing a signed-out caller unless it is public.

use crate::common;

use app::domain::access::{category_may_use, Category, Service};
use axum::http::StatusCode;
use common::TestApp;

const INSURED: [(&str, Category); 6] = [
    ("artisan@demo.passerelle.fr", Category::Artisan),
    ("commercant@demo.passerelle.fr", Category::Commercant),
    ("micro@demo.passerelle.fr", Category::MicroEntrepreneur),
    ("liberal@demo.passerelle.fr", Category::ProfessionLiberale),
    ("retraite@demo.passerelle.fr", Category::Retraite),
    ("ayantdroit@demo.passerelle.fr", Category::AyantDroit),
];

fn service_arg(s: Service) -> String {
    format!("service={s:?}")
}

#[tokio::test]
async fn every_category_opens_exactly_the_services_of_the_matrix() {
    let app = TestApp::new().await;
    for (email, category) in INSURED {
        let cookie = app.sign_in(email).await;
        for service in Service::ALL {
            let (status, body, _) = app
                .call(
                    "/api/get_service_page",
                    &service_arg(service),
                    Some(&cookie),
                )
                .await;
            if category_may_use(category, service) {
                assert_eq!(
                    status,
                    StatusCode::OK,
                    "{category:?} should open {service:?}: {body}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{category:?} must not open {service:?}: {body}"
                );
                assert!(body.contains("Forbidden"), "{body}");
            }
        }
        // The personal-data endpoint follows the same rule.
        let (status, _, _) = app.call("/api/get_personal_data", "", Some(&cookie)).await;
        assert_eq!(
            status.is_success(),
            category_may_use(category, Service::DonneesPersonnelles),
            "{category:?}"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn accountants_agents_and_the_treasury_open_no_insured_service() {
    let app = TestApp::new().await;
    for email in [
        "expert@demo.passerelle.fr",
        "agent@demo.passerelle.fr",
        "tresorerie@demo.passerelle.fr",
    ] {
        let cookie = app.sign_in(email).await;
        for service in Service::ALL {
            let (status, _, _) = app
                .call(
                    "/api/get_service_page",
                    &service_arg(service),
                    Some(&cookie),
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} × {service:?}");
        }
        let (status, _, _) = app.call("/api/get_dashboard", "", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    app.cleanup().await;
}

#[tokio::test]
async fn an_accountant_reads_a_client_only_once_the_mandate_is_received() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("expert@demo.passerelle.fr").await;
    let (status, body, _) = app.call("/api/list_clients", "", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let clients: serde_json::Value = serde_json::from_str(&body).unwrap();
    let clients = clients["clients"].as_array().unwrap();
    assert_eq!(
        clients.len(),
        4,
        "three received mandates and one requested"
    );
    for c in clients {
        let id = c["account_id"].as_i64().unwrap();
        let (status, body, _) = app
            .call(
                "/api/get_client",
                &format!("account_id={id}"),
                Some(&cookie),
            )
            .await;
        if c["mandate_received"].as_bool().unwrap() {
            assert_eq!(status, StatusCode::OK, "{body}");
            assert!(body.contains("••"), "the NIR is masked: {body}");
            assert!(
                !body.contains("Sante") && !body.contains("ReleveCarriere"),
                "no health or career: {body}"
            );
        } else {
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "requested but not received: {body}"
            );
        }
    }
    // An account id that is no client at all (the retired person has none; take a large one).
    let (status, _, _) = app
        .call("/api/get_client", "account_id=999999", Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}

#[tokio::test]
async fn insured_people_cannot_use_the_accountant_or_agency_endpoints() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("artisan@demo.passerelle.fr").await;
    for endpoint in ["/api/list_clients", "/api/get_agency_overview"] {
        let (status, _, _) = app.call(endpoint, "", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}");
    }
    let (status, _, _) = app
        .call("/api/get_client", "account_id=1", Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}

#[tokio::test]
async fn every_non_public_server_function_refuses_a_signed_out_caller() {
    let app = TestApp::new().await;
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_owned())
        .collect();
    assert!(
        paths.len() >= 15,
        "server functions are registered: {paths:?}"
    );
    for public in app::api::PUBLIC_ENDPOINTS {
        assert!(
            paths.iter().any(|p| p == public),
            "public endpoint {public} exists"
        );
    }
    for path in paths
        .iter()
        .filter(|p| !app::api::PUBLIC_ENDPOINTS.contains(&p.as_str()))
    {
        // Arguments that parse, so that the refusal comes from the guard and not the decoder.
        let args = match path.as_str() {
            "/api/get_service_page" => "service=Sante",
            "/api/get_client" | "/api/get_contribution_account" | "/api/get_declaration_form" => {
                "account_id=1"
            }
            "/api/declare_income" | "/api/review_declaration" => {
                "compte=1&declaration=final:2025&montant=1"
            }
            "/api/get_declaration_receipt" | "/api/get_delay_receipt" => {
                "reference=DEC-2026-AAAAAA"
            }
            "/api/get_delay_form" => "compte=1&echeance=1",
            "/api/request_payment_delay" => "compte=1&echeance=1&echeances=3&motif=x",
            "/api/decide_delay_request" => "reference=DEL-2026-AAAAAA&decision=accepter&message=",
            "/api/join_telepayment" => "compte=1&nom=a&prenom=b&adresse=c&iban=d&bic=",
            "/api/revoke_mandate" => "compte=1&mandat=1",
            "/api/request_direct_debit" => "compte=1&periodicite=mensuelle",
            "/api/telepay_amount" => "compte=1&echeance=1&montant=1",
            "/api/telepay_split" | "/api/validate_telepayment" => "compte=1&jeton=x",
            "/api/get_telepayment" => "reference=TLP-2026-AAAAAA",
            "/api/get_agency_appointment" => "reference=RDV-2026-AAAAAA",
            "/api/agent_update_appointment" => "reference=RDV-2026-AAAAAA&action=confirmer",
            "/api/save_opening_day" => "jour=0&ouverture_1=&fermeture_1=&ouverture_2=&fermeture_2=",
            "/api/add_agency_closure" => "du=&au=&libelle=",
            "/api/remove_agency_closure" => "fermeture=1",
            _ => "",
        };
        let (status, body, _) = app.call(path, args, None).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} must refuse a signed-out caller: {body}"
        );
        assert!(body.contains("Unauthenticated"), "{path}: {body}");
    }
    app.cleanup().await;
}

#[tokio::test]
async fn forbidden_pages_answer_403_and_signed_out_visitors_are_sent_to_sign_in() {
    let app = TestApp::new().await;
    let (status, _, location) = app.get("/mon-compte/cotisations", None).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(
        location.as_deref(),
        Some("/connexion?retour=/mon-compte/cotisations")
    );

    let cookie = app.sign_in("liberal@demo.passerelle.fr").await;
    let (status, body, _) = app.get("/mon-compte/cotisations", Some(&cookie)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("Accès refusé"), "{body}");
    let (status, body, _) = app.get("/mon-compte/sante", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ma santé"));
    app.cleanup().await;
}
