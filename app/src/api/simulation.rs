//! The public simulator as JSON (`POST /api/v1/simulations`): reads a request, checks every
//! field with a French message naming it, and answers with the engine's lines in whole euros.

use crate::domain::contributions::{
    self, Activity, Computation, EngineError, Line, MicroComputation, MicroKind,
};
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// A refused field and why. `field` is the JSON key at fault (an unknown key is named as sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// The message names the field, so that it reads on its own in a log or a client's alert.
fn problem(field: &str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        message: format!("{field} : {}", message.into()),
    }
}

/// The keys of a request; any other is refused (`additionalProperties: false` in the document).
const FIELDS: [&str; 9] = [
    "year",
    "activity",
    "micro",
    "base_eur",
    "gross_income_eur",
    "turnover_eur",
    "period",
    "quarter",
    "month",
];

/// The oldest and newest income years simulated (`contributions::SIMULATED_YEARS`); later
/// years than the last published table are computed on it (`provisional`).
pub const YEARS: std::ops::RangeInclusive<i64> = (*contributions::SIMULATED_YEARS.start() as i64)
    ..=(*contributions::SIMULATED_YEARS.end() as i64);

/// Reads a present amount: a JSON number from 0 to [`contributions::MAX_AMOUNT_EUR`],
/// rounded to the cent. Refused before any computation, so no product can overflow.
fn amount(obj: &Map<String, Value>, field: &'static str) -> Result<Option<Decimal>, FieldProblem> {
    let Some(v) = obj.get(field) else {
        return Ok(None);
    };
    let Value::Number(n) = v else {
        return Err(problem(field, "un nombre est attendu, par exemple 40000"));
    };
    // Bounds checked on the number as sent (before any rounding), as the document states them.
    let f = n
        .as_f64()
        .filter(|f| f.is_finite())
        .ok_or_else(|| problem(field, "montant illisible"))?;
    if f < 0.0 {
        return Err(problem(field, "le montant ne peut pas être négatif"));
    }
    if f > contributions::MAX_AMOUNT_EUR as f64 {
        return Err(problem(field, EngineError::AmountTooLarge.to_string()));
    }
    Ok(Some(match n.as_i64() {
        Some(i) => Decimal::from(i),
        // A fraction, to the cent: at most 10^10 cents, exact in an f64 and an i64.
        None => Decimal::new((f * 100.0).round() as i64, 2),
    }))
}

/// Reads a present whole number within `range`.
fn whole(
    obj: &Map<String, Value>,
    field: &'static str,
    range: std::ops::RangeInclusive<i64>,
    expected: &str,
) -> Result<Option<i64>, FieldProblem> {
    match obj.get(field) {
        None => Ok(None),
        Some(v) => v
            .as_i64()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| problem(field, expected)),
    }
}

fn text<'a>(
    obj: &'a Map<String, Value>,
    field: &'static str,
) -> Result<Option<&'a str>, FieldProblem> {
    match obj.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(problem(field, "une chaîne de caractères est attendue")),
    }
}

/// Refuses a field that the kind of simulation asked for does not take.
fn absent(
    obj: &Map<String, Value>,
    fields: &[&'static str],
    why: &str,
) -> Result<(), FieldProblem> {
    match fields.iter().find(|f| obj.contains_key(**f)) {
        Some(f) => Err(problem(f, why)),
        None => Ok(()),
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

/// "valeurs possibles : a, b ou c".
fn possible(codes: &[&str]) -> String {
    match codes.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("valeurs possibles : {} ou {last}", rest.join(", "))
        }
        _ => format!("valeurs possibles : {}", codes.join(", ")),
    }
}

/// Runs one simulation request. Three kinds, told apart by their amount (the `oneOf` of the
/// document): an artisan's or commerçant's `base_eur`, their `gross_income_eur`, or a
/// micro-entrepreneur's `turnover_eur` with `micro` and its period.
pub fn simulate(body: &Value) -> Result<Value, FieldProblem> {
    let obj = body
        .as_object()
        .ok_or_else(|| problem("body", "un objet JSON est attendu"))?;
    if let Some(unknown) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(problem(
            unknown,
            format!("champ inconnu ; champs possibles : {}", FIELDS.join(", ")),
        ));
    }
    let year = whole(obj, "year", YEARS, "une année de 2024 à 2100 est attendue")?
        .ok_or_else(|| problem("year", "l'année des revenus est obligatoire"))?
        as i32;
    let (p, _) =
        contributions::simulated_params(year).map_err(|e| problem("year", e.to_string()))?;
    let activity = match text(obj, "activity")? {
        Some(code) => Activity::from_code(code)
            .ok_or_else(|| problem("activity", possible(&Activity::ALL.map(Activity::code))))?,
        None => return Err(problem("activity", "l'activité est obligatoire")),
    };
    let micro = text(obj, "micro")?
        .map(|code| {
            MicroKind::from_code(code)
                .ok_or_else(|| problem("micro", possible(&MicroKind::ALL.map(MicroKind::code))))
        })
        .transpose()?;
    let base = amount(obj, "base_eur")?;
    let gross = amount(obj, "gross_income_eur")?;
    let turnover = amount(obj, "turnover_eur")?;
    match micro {
        Some(kind) => {
            absent(obj, &["base_eur", "gross_income_eur"], "pour un micro-entrepreneur, indiquez seulement le chiffre d'affaires (turnover_eur)")?;
            let turnover = turnover.ok_or_else(|| {
                problem(
                    "turnover_eur",
                    "le chiffre d'affaires de la période est obligatoire",
                )
            })?;
            let period = text(obj, "period")?.unwrap_or("year");
            let quarter = whole(obj, "quarter", 1..=4, "un trimestre de 1 à 4 est attendu")?;
            let month = whole(obj, "month", 1..=12, "un mois de 1 à 12 est attendu")?;
            let first_month = match (period, quarter, month) {
                ("year", None, None) => 1,
                ("quarter", Some(q), None) => 3 * q - 2,
                ("month", None, Some(m)) => m,
                ("year" | "quarter", _, Some(_)) => {
                    return Err(problem(
                        "month",
                        "le mois ne s'indique que pour period = month",
                    ))
                }
                ("year" | "month", Some(_), _) => {
                    return Err(problem(
                        "quarter",
                        "le trimestre ne s'indique que pour period = quarter",
                    ))
                }
                ("quarter", None, _) => {
                    return Err(problem(
                        "quarter",
                        "le trimestre (1 à 4) est obligatoire pour period = quarter",
                    ))
                }
                ("month", _, None) => {
                    return Err(problem(
                        "month",
                        "le mois (1 à 12) est obligatoire pour period = month",
                    ))
                }
                _ => {
                    return Err(problem(
                        "period",
                        "valeurs possibles : month, quarter ou year",
                    ))
                }
            };
            let start = NaiveDate::from_ymd_opt(year, first_month as u32, 1)
                .ok_or_else(|| problem("year", "année invalide"))?;
            let c = contributions::compute_micro(kind, activity, start, turnover, period == "year")
                .map_err(|e| problem("turnover_eur", e.to_string()))?;
            Ok(micro_json(&c))
        }
        None => {
            if activity == Activity::Liberale {
                return Err(problem("activity", "les cotisations des professions libérales ne sont simulées que pour les micro-entrepreneurs (indiquez micro)"));
            }
            absent(
                obj,
                &["turnover_eur", "period", "quarter", "month"],
                "ne concerne que les micro-entrepreneurs (indiquez micro)",
            )?;
            let base = match (base, gross) {
                (Some(b), None) => b,
                (None, Some(g)) => contributions::base_from_gross(g, &p),
                (Some(_), Some(_)) => return Err(problem("gross_income_eur", "indiquez un seul montant : base_eur ou gross_income_eur")),
                (None, None) => return Err(problem("base_eur", "indiquez le revenu : base_eur (base sociale) ou gross_income_eur (revenu brut)")),
            };
            let field = if gross.is_some() {
                "gross_income_eur"
            } else {
                "base_eur"
            };
            let c = contributions::compute(year, activity, base)
                .map_err(|e| problem(field, e.to_string()))?;
            Ok(computation_json(&c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_of_the_issue_gives_the_worked_example() {
        let v =
            simulate(&json!({"year": 2025, "activity": "commerciale", "base_eur": 40000})).unwrap();
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
        let v =
            simulate(&json!({"year": 2025, "activity": "artisanale", "gross_income_eur": 100000}))
                .unwrap();
        assert_eq!(v["base_eur"], 74000);
        assert_eq!(v["cfp_eur"], 137);
    }

    #[test]
    fn micro_entrepreneurs_get_one_line_and_quarters_only_for_a_year() {
        let q = simulate(&json!({"year": 2026, "activity": "artisanale", "micro": "services", "period": "quarter", "quarter": 2, "turnover_eur": 10000})).unwrap();
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
            (
                json!({"year": 2023, "activity": "commerciale", "base_eur": 1}),
                "year",
            ),
            (
                json!({"year": 2025, "activity": "agricole", "base_eur": 1}),
                "activity",
            ),
            (
                json!({"year": 2025, "activity": "liberale", "base_eur": 1}),
                "activity",
            ),
            (json!({"year": 2025, "activity": "commerciale"}), "base_eur"),
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": -5}),
                "base_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": "beaucoup"}),
                "base_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": 1, "gross_income_eur": 2}),
                "gross_income_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "turnover_eur": 2}),
                "turnover_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "base_eur": 2}),
                "base_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period": "week"}),
                "period",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period_start": "2025-07-01"}),
                "period_start",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period": "quarter"}),
                "quarter",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period": "quarter", "quarter": 5}),
                "quarter",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "quarter": 1}),
                "quarter",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period": "month"}),
                "month",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 2, "period": "quarter", "quarter": 1, "month": 1}),
                "month",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": 2, "period": "year"}),
                "period",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": 40000, "turnover_eur": null}),
                "turnover_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": null, "base_eur": 40000}),
                "micro",
            ),
            (
                json!({"year": 2025.0, "activity": "commerciale", "base_eur": 40000}),
                "year",
            ),
            (
                json!({"year": 2101, "activity": "commerciale", "base_eur": 40000}),
                "year",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": 40000, "commentaire": "x"}),
                "commentaire",
            ),
            (json!({"activity": "liberale", "year": 2024}), "activity"),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "troc", "turnover_eur": 2}),
                "micro",
            ),
        ];
        for (body, field) in cases {
            let e = simulate(&body).unwrap_err();
            assert_eq!(e.field, field, "{body}");
            assert!(
                e.message.starts_with(&format!("{field} : ")),
                "{body}: {}",
                e.message
            );
        }
    }

    #[test]
    fn amounts_above_the_maximum_are_refused_before_computing() {
        for (body, field) in [
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": 1e28}),
                "base_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "base_eur": 100_000_000.01}),
                "base_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "gross_income_eur": u64::MAX}),
                "gross_income_eur",
            ),
            (
                json!({"year": 2025, "activity": "commerciale", "micro": "vente", "turnover_eur": 1e300}),
                "turnover_eur",
            ),
        ] {
            let e = simulate(&body).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.message.as_str()),
                (
                    field,
                    format!("{field} : le montant ne peut pas dépasser 100 000 000 €").as_str()
                ),
                "{body}"
            );
        }
        let at_max = simulate(&json!({"year": 2025, "activity": "commerciale", "base_eur": contributions::MAX_AMOUNT_EUR})).unwrap();
        assert_eq!(at_max["base_eur"], contributions::MAX_AMOUNT_EUR);
        let tiny = simulate(&json!({"year": 2025, "activity": "commerciale", "base_eur": 5e-324}))
            .unwrap();
        assert_eq!(tiny["base_eur"], 0);
    }

    #[test]
    fn a_month_or_a_quarter_sets_the_rate_of_its_first_day() {
        // The liberal rate rose on 1 July 2024: June is taxed at 21.1 %, the third quarter at 23.1 %.
        let june = simulate(&json!({"year": 2024, "activity": "liberale", "micro": "liberal", "period": "month", "month": 6, "turnover_eur": 1000})).unwrap();
        let q3 = simulate(&json!({"year": 2024, "activity": "liberale", "micro": "liberal", "period": "quarter", "quarter": 3, "turnover_eur": 1000})).unwrap();
        assert_eq!(
            (
                june["lines"][0]["rate_percent"].as_f64(),
                q3["lines"][0]["rate_percent"].as_f64()
            ),
            (Some(21.1), Some(23.1))
        );
    }
}
