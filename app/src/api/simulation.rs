//! The public simulator as JSON (`POST /api/v1/simulations`): reads a request, checks every
//! field with a French message naming it, and answers with the engine's lines in whole euros.

use crate::domain::contributions::{self, Activity, Computation, Line, MicroComputation, MicroKind};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// A refused field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem { field, message: message.into() }
}

fn amount(obj: &Map<String, Value>, field: &'static str) -> Result<Option<Decimal>, FieldProblem> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let d = Decimal::from_str_exact(&n.to_string()).or_else(|_| n.as_f64().and_then(Decimal::from_f64_retain).ok_or(())).map_err(|_| problem(field, "montant illisible"))?;
            if d < Decimal::ZERO {
                Err(problem(field, "le montant ne peut pas être négatif"))
            } else {
                Ok(Some(d))
            }
        }
        Some(_) => Err(problem(field, "un nombre est attendu, par exemple 40000")),
    }
}

fn text<'a>(obj: &'a Map<String, Value>, field: &'static str) -> Result<Option<&'a str>, FieldProblem> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(problem(field, "une chaîne de caractères est attendue")),
    }
}

fn eur(d: Decimal) -> i64 {
    contributions::euros(d)
}

fn rate(d: Decimal) -> Value {
    json!(d.normalize().to_f64().unwrap_or_default())
}

fn line_json(l: &Line) -> Value {
    let mut v = json!({
        "code": l.code.code(),
        "label": l.code.label(),
        "rate_percent": rate(l.rate_percent),
        "base_eur": eur(l.base),
        "amount_eur": l.amount,
    });
    if !l.brackets.is_empty() {
        v["brackets"] = Value::Array(
            l.brackets.iter().map(|b| json!({"rate_percent": rate(b.rate_percent), "base_eur": eur(b.base), "amount_eur": eur(b.amount)})).collect(),
        );
    }
    v
}

fn computation_json(c: &Computation) -> Value {
    json!({
        "year": c.year,
        "provisional": c.provisional,
        "pass_eur": eur(c.pass),
        "base_eur": eur(c.base),
        "lines": c.lines.iter().map(line_json).collect::<Vec<_>>(),
        "total_contributions_eur": c.total,
        "csg_crds_eur": c.csg_crds,
        "cfp_eur": c.cfp,
        "revenu_cotise_eur": c.revenu_cotise,
        "validated_quarters": c.validated_quarters,
    })
}

fn micro_json(c: &MicroComputation) -> Value {
    json!({
        "year": c.year,
        "provisional": c.provisional,
        "pass_eur": eur(c.pass),
        "base_eur": eur(c.line.base),
        "lines": [line_json(&c.line)],
        "total_contributions_eur": c.line.amount,
        // Included in the micro-entrepreneur's single rate, not assessed apart.
        "csg_crds_eur": Value::Null,
        "cfp_eur": c.cfp,
        "revenu_cotise_eur": c.revenu_cotise,
        "validated_quarters": c.validated_quarters,
    })
}

/// Runs one simulation request.
pub fn simulate(body: &Value) -> Result<Value, FieldProblem> {
    let obj = body.as_object().ok_or_else(|| problem("body", "un objet JSON est attendu"))?;
    let year = match obj.get("year") {
        Some(Value::Number(n)) => n.as_i64().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| problem("year", "une année sur quatre chiffres est attendue"))? as i32,
        None | Some(Value::Null) => return Err(problem("year", "l'année des revenus est obligatoire")),
        Some(_) => return Err(problem("year", "une année sur quatre chiffres est attendue")),
    };
    contributions::params_for(year).map_err(|e| problem("year", e.to_string()))?;
    let activity = match text(obj, "activity")? {
        Some("artisanale") => Activity::Artisanale,
        Some("commerciale") => Activity::Commerciale,
        Some("liberale") => Activity::Liberale,
        Some(_) => return Err(problem("activity", "valeurs possibles : artisanale, commerciale ou liberale")),
        None => return Err(problem("activity", "l'activité est obligatoire")),
    };
    let micro = match text(obj, "micro")? {
        Some("vente") => Some(MicroKind::Vente),
        Some("services") => Some(MicroKind::Services),
        Some("liberal") => Some(MicroKind::Liberal),
        Some("cipav") => Some(MicroKind::Cipav),
        Some(_) => return Err(problem("micro", "valeurs possibles : vente, services, liberal ou cipav")),
        None => None,
    };
    let base = amount(obj, "base_eur")?;
    let gross = amount(obj, "gross_income_eur")?;
    let turnover = amount(obj, "turnover_eur")?;
    match micro {
        Some(kind) => {
            if base.is_some() || gross.is_some() {
                let field = if base.is_some() { "base_eur" } else { "gross_income_eur" };
                return Err(problem(field, "pour un micro-entrepreneur, indiquez seulement le chiffre d'affaires (turnover_eur)"));
            }
            let turnover = turnover.ok_or_else(|| problem("turnover_eur", "le chiffre d'affaires de la période est obligatoire"))?;
            let period = text(obj, "period")?.unwrap_or("year");
            if !matches!(period, "month" | "quarter" | "year") {
                return Err(problem("period", "valeurs possibles : month, quarter ou year"));
            }
            let start = match text(obj, "period_start")? {
                Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| problem("period_start", "une date AAAA-MM-JJ est attendue"))?,
                None => NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| problem("year", "année invalide"))?,
            };
            if start.year() != year {
                return Err(problem("period_start", format!("la période doit commencer en {year}")));
            }
            let c = contributions::compute_micro(kind, activity, start, turnover, period == "year").map_err(|e| problem("turnover_eur", e.to_string()))?;
            Ok(micro_json(&c))
        }
        None => {
            if activity == Activity::Liberale {
                return Err(problem("activity", "les cotisations des professions libérales ne sont simulées que pour les micro-entrepreneurs (indiquez micro)"));
            }
            if turnover.is_some() {
                return Err(problem("turnover_eur", "le chiffre d'affaires ne concerne que les micro-entrepreneurs (indiquez micro)"));
            }
            let (p, _) = contributions::params_for(year).map_err(|e| problem("year", e.to_string()))?;
            let base = match (base, gross) {
                (Some(b), None) => b,
                (None, Some(g)) => contributions::base_from_gross(g, &p),
                (Some(_), Some(_)) => return Err(problem("gross_income_eur", "indiquez un seul montant : base_eur ou gross_income_eur")),
                (None, None) => return Err(problem("base_eur", "indiquez le revenu : base_eur (base sociale) ou gross_income_eur (revenu brut)")),
            };
            let c = contributions::compute(year, activity, base).map_err(|e| problem("base_eur", e.to_string()))?;
            Ok(computation_json(&c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_of_the_issue_gives_the_worked_example() {
        let v = simulate(&json!({"year": 2025, "activity": "commerciale", "base_eur": 40000})).unwrap();
        assert_eq!(v["total_contributions_eur"], 13208);
        assert_eq!(v["csg_crds_eur"], 3880);
        assert_eq!(v["cfp_eur"], 118);
        assert_eq!(v["lines"][0]["code"], "maladie");
        assert_eq!(v["lines"][0]["rate_percent"], 5.25);
        assert_eq!(v["lines"][3]["brackets"][0]["rate_percent"], 17.87);
        assert_eq!(v["validated_quarters"], 4);
    }

    #[test]
    fn gross_income_loses_its_abatement_first() {
        let v = simulate(&json!({"year": 2025, "activity": "artisanale", "gross_income_eur": 100000})).unwrap();
        assert_eq!(v["base_eur"], 74000);
        assert_eq!(v["cfp_eur"], 137);
    }

    #[test]
    fn micro_entrepreneurs_get_one_line_and_quarters_only_for_a_year() {
        let q = simulate(&json!({"year": 2026, "activity": "artisanale", "micro": "services", "period": "quarter", "period_start": "2026-04-01", "turnover_eur": 10000})).unwrap();
        assert_eq!(q["lines"].as_array().unwrap().len(), 1);
        assert_eq!(q["lines"][0]["amount_eur"], 2120);
        assert!(q["validated_quarters"].is_null());
        let y = simulate(&json!({"year": 2025, "activity": "commerciale", "micro": "services", "period": "year", "turnover_eur": 7128})).unwrap();
        assert_eq!(y["validated_quarters"], 2);
    }

    #[test]
    fn bad_input_names_the_field() {
        let cases = [
            (json!({"activity": "commerciale", "base_eur": 1}), "year"),
            (json!({"year": 2023, "activity": "commerciale", "base_eur": 1}), "year"),
            (json!({"year": 2025, "activity": "agricole", "base_eur": 1}), "activity"),
            (json!({"year": 2025, "activity": "liberale", "base_eur": 1}), "activity"),
            (json!({"year": 2025, "activity": "commerciale"}), "base_eur"),
            (json!({"year": 2025, "activity": "commerciale", "base_eur": -5}), "base_eur"),
            (json!({"year": 2025, "activity": "commerciale", "base_eur": "beaucoup"}), "base_eur"),
            (json!({"year": 2025, "activity": "commerciale", "base_eur": 1, "gross_income_eur": 2}), "gross_income_eur"),
            (json!({"year": 2025, "activity": "commerciale", "turnover_eur": 2}), "turnover_eur"),
            (json!({"year": 2025, "activity": "commerciale", "micro": "vente", "base_eur": 2}), "base_eur"),
            (json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period": "week"}), "period"),
            (json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period_start": "2024-07-01"}), "period_start"),
            (json!({"year": 2025, "activity": "commerciale", "micro": "troc", "turnover_eur": 2}), "micro"),
        ];
        for (body, field) in cases {
            assert_eq!(simulate(&body).unwrap_err().field, field, "{body}");
        }
    }
}
