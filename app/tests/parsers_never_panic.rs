//! No request input makes a parser panic: whatever people (or programs) send, each parser
//! answers a value or its typed error, and refuses what it cannot read. Run with `--features ssr`.

use app::api::simulation;
use app::domain::contributions::MAX_AMOUNT_EUR;
use app::domain::money::Cents;
use app::domain::nir::{self, Nir, NirError};
use app::domain::phone::MobilePhone;
use app::domain::schedule::{parse_euros, AmountError};
use app::domain::sepa::{parse_bic, valid_ics, Iban};
use app::features::appointments::server::agenda_day;
use app::platform::input::parse_date_fr;
use app::ssr::simulator;
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// Text as typed, pasted or forged: digits, letters, separators, multibyte characters
/// (accents, €, narrow no-break space, emoji), and now and then anything at all.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9A-Za-z .,+\\-/:€éÉàç\u{202F}\u{A0}😀]{0,40}",
        "[0-9 ]{0,30}",
        any::<String>(),
    ]
}

/// A valid NIR with one character replaced by a multibyte one, at any place (and where).
fn nir_with_a_multibyte_character() -> impl Strategy<Value = (String, usize)> {
    (0usize..15, prop::sample::select(vec!['é', '€', '😀', 'Ⅻ'])).prop_map(|(at, c)| {
        let mut chars: Vec<char> = "184127645108946".chars().collect();
        chars[at] = c;
        (chars.into_iter().collect(), at)
    })
}

/// JSON values near the simulation request: right and wrong keys, types and magnitudes.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            0.0,
            1e28,
            1e300,
            5e-324,
            -0.0,
            100_000_000.0,
            100_000_000.01,
            2024.0
        ])
        .prop_map(|f| json!(f)),
        typed().prop_map(Value::from),
        prop::sample::select(vec![
            "artisanale",
            "commerciale",
            "liberale",
            "vente",
            "services",
            "liberal",
            "cipav",
            "year",
            "quarter",
            "month"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 16, 4, |inner| {
        prop::collection::vec(inner, 0..3).prop_map(Value::Array)
    })
}

fn simulation_body() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "year",
        "activity",
        "micro",
        "base_eur",
        "gross_income_eur",
        "turnover_eur",
        "period",
        "quarter",
        "month",
        "period_start",
        "autre",
    ]);
    let year = prop_oneof![(2000i64..2110).prop_map(Value::from), json_value()];
    (year, prop::collection::vec((key, json_value()), 0..6)).prop_map(|(year, fields)| {
        let mut obj = serde_json::Map::new();
        obj.insert("year".into(), year);
        for (k, v) in fields {
            obj.insert(k.into(), v);
        }
        Value::Object(obj)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_nir_with_a_multibyte_character_is_refused_as_malformed((s, at) in nir_with_a_multibyte_character()) {
        prop_assert_eq!(Nir::parse_with_key(&s).err(), Some(NirError::Format));
        let body: String = s.chars().take(13).collect();
        prop_assert_eq!(Nir::parse_without_key(&body).err(), if at < 13 { Some(NirError::Format) } else { None });
    }

    #[test]
    fn nir_parsers_read_only_ascii(s in typed()) {
        if let Ok(n) = Nir::parse_with_key(&s) {
            prop_assert!(n.body().is_ascii() && n.body().len() == 13);
        }
        if let Ok(n) = Nir::parse_without_key(&s) {
            prop_assert!(n.body().is_ascii() && n.body().len() == 13);
            prop_assert_eq!(n.display().chars().count(), 21);
        }
        let _ = nir::looks_like_nir(&s);
    }

    #[test]
    fn bank_details_and_phones_answer_a_value_or_a_typed_error(s in typed()) {
        if let Ok(iban) = Iban::parse(&s) {
            prop_assert!(iban.as_str().is_ascii());
            prop_assert!(!iban.masked().is_empty() && !iban.grouped().is_empty());
        }
        if let Ok(Some(bic)) = parse_bic(&s) {
            prop_assert!(bic.len() == 8 || bic.len() == 11);
        }
        let _ = valid_ics(&s);
        if let Ok(phone) = MobilePhone::parse(&s) {
            prop_assert!(phone.e164().starts_with('+') && phone.e164().is_ascii());
            prop_assert!(!phone.national().is_empty() && !phone.international().is_empty());
        }
    }

    #[test]
    fn amounts_are_within_bounds_or_refused(s in typed(), units in any::<u64>(), cents in 0u8..100) {
        match parse_euros(&s) {
            Ok(c) => prop_assert!(c >= Cents(0) && c <= Cents(MAX_AMOUNT_EUR * 100)),
            Err(e) => prop_assert!(matches!(e, AmountError::Missing | AmountError::Negative | AmountError::Malformed | AmountError::TooLarge)),
        }
        let typed_amount = format!("{units},{cents:02}");
        prop_assert_eq!(parse_euros(&typed_amount).is_ok(), units <= MAX_AMOUNT_EUR as u64 && (units < MAX_AMOUNT_EUR as u64 || cents == 0));
        let _ = simulator::parse_amount_fr(&s);
        for activite in ["commerciale", "micro-liberal"] {
            match simulator::simulate_page("2025", activite, &s) {
                Ok(v) => prop_assert!(!v.total.is_empty()),
                Err(e) => prop_assert!(e.form().is_some_and(|f| f.message_for("revenu").is_some())),
            }
            let huge = simulator::simulate_page("2025", activite, &units.to_string());
            prop_assert_eq!(huge.is_ok(), Decimal::from(units) <= Decimal::from(MAX_AMOUNT_EUR));
        }
    }

    #[test]
    fn dates_are_read_or_refused(s in typed(), days in any::<i32>()) {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let _ = parse_date_fr(&s);
        match agenda_day(Some(&s), today) {
            Ok(d) => prop_assert!((d - today).num_days().abs() <= 3653),
            Err(e) => prop_assert!(e.form().is_some_and(|f| f.message_for("jour").is_some())),
        }
        if let Some(far) = NaiveDate::from_num_days_from_ce_opt(days) {
            let typed_day = far.format("%Y-%m-%d").to_string();
            prop_assert_eq!(agenda_day(Some(&typed_day), today).is_ok(), (far - today).num_days().abs() <= 3653);
        }
    }

    #[test]
    fn the_json_api_answers_a_simulation_or_names_a_field(body in simulation_body()) {
        match simulation::simulate(&body) {
            Ok(v) => {
                prop_assert!(v["total_contributions_eur"].is_i64(), "{}", v);
                prop_assert!(v["base_eur"].as_i64().is_some_and(|b| (0..=MAX_AMOUNT_EUR).contains(&b)), "{}", v);
            }
            Err(p) => {
                prop_assert!(body.as_object().unwrap().contains_key(&p.field) || ["year", "activity", "base_eur", "turnover_eur", "quarter", "month"].contains(&p.field.as_str()), "{:?}", p);
                prop_assert!(p.message.starts_with(&format!("{} : ", p.field)), "{:?}", p);
            }
        }
    }
}

#[test]
fn the_inputs_that_used_to_panic_are_refused() {
    assert_eq!(
        Nir::parse_with_key("1841276451089é").err(),
        Some(NirError::Format)
    );
    assert_eq!(
        Nir::parse_with_key("18412764510894€").err(),
        Some(NirError::Format)
    );
    let e =
        simulation::simulate(&json!({"year": 2025, "activity": "commerciale", "base_eur": 1e28}))
            .unwrap_err();
    assert_eq!(e.field, "base_eur");
    let e = agenda_day(
        Some("+262142-12-31"),
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
    )
    .unwrap_err();
    assert!(e.form().unwrap().message_for("jour").is_some());
}
