//! `POST /api/v1/simulations`: the contribution simulator for software, public like the page.
//! `GET /api/v1/openapi.json`: its description.

use axum::{
    body::Bytes,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

fn unprocessable(field: &str, message: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "errors": [{ "field": field, "message": message }] })),
    )
        .into_response()
}

pub async fn simulate(body: Bytes) -> Response {
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return unprocessable(
            "body",
            "body : le corps de la requête doit être un objet JSON",
        );
    };
    match app::api::simulation::simulate(&value) {
        Ok(result) => Json(result).into_response(),
        Err(p) => unprocessable(&p.field, &p.message),
    }
}

const OPENAPI: &str = include_str!("openapi.json");

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
