//! Turns the simulator page's fields into an engine call and a view in French formats.

use crate::api::simulator::{SimLine, SimulationView};
use crate::domain::contributions::{self, Activity, Line, MicroKind};
use crate::domain::money::Cents;
use crate::error::{AppError, FormErrors};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Whole euros the French way: `13 208 €`.
pub fn eur(x: i64) -> String {
    let s = Cents(x * 100).format_fr();
    s.replace(",00", "")
}

fn rate(r: Decimal) -> String {
    format!("{} %", r.normalize()).replace('.', ",")
}

/// One engine line as pages show it (rates of several brackets joined).
pub fn line(l: &Line) -> SimLine {
    let rate = if l.brackets.len() > 1 {
        l.brackets
            .iter()
            .map(|b| rate(b.rate_percent))
            .collect::<Vec<_>>()
            .join(" puis ")
    } else {
        rate(l.rate_percent)
    };
    SimLine {
        label: l.code.label().to_owned(),
        rate,
        base: eur(contributions::euros(l.base)),
        amount: eur(l.amount),
    }
}

/// How the engine's base comes from the income, in a sentence: from 2025 the income less the
/// 26 % abatement (within its legal bounds) for every line, CSG-CRDS included; before, the
/// income itself, and for CSG-CRDS the income plus the compulsory contributions.
pub fn base_note(gross: Decimal, c: &contributions::Computation, reformed: bool) -> String {
    let base = contributions::euros(c.base);
    let income = contributions::euros(gross);
    if reformed {
        format!(
            "Base de calcul : {}, soit le revenu de {} moins l'abattement de {} (26 % du revenu, dans les limites fixées par la loi) ; la CSG-CRDS est calculée sur la même base.",
            eur(base),
            eur(income),
            eur(income - base)
        )
    } else {
        format!(
            "Base de calcul : le revenu, {} ; la CSG-CRDS est calculée sur ce revenu augmenté des cotisations sociales, soit {} (règle en vigueur jusqu'en 2024).",
            eur(base),
            eur(c.csg_base)
        )
    }
}

/// "40 000", "40000,50" or "40 000 €" as typed by people.
pub fn parse_amount_fr(input: &str) -> Option<Decimal> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{202F}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    // Digits and one decimal separator only: "1e5" is not how anyone writes 100 000 €.
    if !cleaned.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    cleaned.parse::<Decimal>().ok()
}

pub fn simulate_page(
    annee: &str,
    activite: &str,
    revenu: &str,
) -> Result<SimulationView, AppError> {
    let mut errors = FormErrors::default();
    let year: Option<i32> = annee
        .trim()
        .parse()
        .ok()
        .filter(|y| contributions::simulated_params(*y).is_ok());
    if year.is_none() {
        errors.push(
            "annee",
            "Année des revenus : choisissez 2024, 2025 ou 2026.",
        );
    }
    let amount = parse_amount_fr(revenu)
        .filter(|d| *d >= Decimal::ZERO && *d <= Decimal::from(contributions::MAX_AMOUNT_EUR));
    if amount.is_none() {
        errors.push("revenu", "Revenu : saisissez un montant positif en euros, au plus 100 000 000 €, par exemple 40000.");
    }
    let micro = match activite {
        "micro-vente" => Some((MicroKind::Vente, Activity::Commerciale)),
        "micro-services" => Some((MicroKind::Services, Activity::Commerciale)),
        "micro-liberal" => Some((MicroKind::Liberal, Activity::Liberale)),
        "micro-cipav" => Some((MicroKind::Cipav, Activity::Liberale)),
        _ => None,
    };
    let activity = match activite {
        "artisanale" => Some(Activity::Artisanale),
        "commerciale" => Some(Activity::Commerciale),
        _ => None,
    };
    if micro.is_none() && activity.is_none() {
        errors.push(
            "activite",
            "Activité : choisissez une activité dans la liste.",
        );
    }
    let (Some(year), Some(amount)) = (year, amount) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let provisional_note = |provisional: bool| {
        provisional.then(|| format!("Les paramètres de {year} ne sont pas encore publiés : le calcul utilise le dernier barème connu."))
    };
    if let Some((kind, act)) = micro {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let c = contributions::compute_micro(kind, act, start, amount, true)
            .map_err(|e| AppError::invalid("revenu", format!("Revenu : {e}.")))?;
        return Ok(SimulationView {
            lines: vec![line(&c.line)],
            total: eur(c.line.amount),
            csg_crds: None,
            cfp: eur(c.cfp),
            called: eur(c.line.amount + c.cfp),
            validated_quarters: c.validated_quarters,
            provisional_note: provisional_note(c.provisional),
            base_note: Some(
                "Chiffre d'affaires annuel ; la CSG-CRDS est comprise dans le taux.".into(),
            ),
        });
    }
    let activity = activity.unwrap_or(Activity::Commerciale);
    let (p, _) = contributions::simulated_params(year)
        .map_err(|e| AppError::invalid("annee", e.to_string()))?;
    let base = contributions::base_from_gross(amount, &p);
    let c = contributions::compute(year, activity, base)
        .map_err(|e| AppError::invalid("revenu", format!("Revenu : {e}.")))?;
    Ok(SimulationView {
        lines: c.lines.iter().map(line).collect(),
        total: eur(c.total),
        csg_crds: Some(eur(c.csg_crds)),
        cfp: eur(c.cfp),
        called: eur(c.total + c.csg_crds + c.cfp),
        validated_quarters: Some(c.validated_quarters),
        provisional_note: provisional_note(c.provisional),
        base_note: Some(base_note(amount, &c, p.reformed_base)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_note_shows_the_abatement_and_the_csg_base() {
        let note = |year: i32, gross: i64| {
            let gross = Decimal::from(gross);
            let (p, _) = contributions::params_for(year).unwrap();
            let base = contributions::base_from_gross(gross, &p);
            let c = contributions::compute(year, Activity::Artisanale, base).unwrap();
            (base_note(gross, &c, p.reformed_base), c)
        };
        // 2025: 43 900 € less 26 % (11 414 €) is the base of every line, CSG-CRDS included.
        let (text, c) = note(2025, 43_900);
        assert_eq!(contributions::euros(c.base), 32_486);
        assert!(text.contains(&eur(32_486)), "{text}");
        assert!(text.contains(&eur(43_900)), "{text}");
        assert!(
            text.contains(&format!("l'abattement de {}", eur(11_414))),
            "{text}"
        );
        // 2024: the income is the base; CSG-CRDS is on income plus the contributions.
        let (text, c) = note(2024, 43_900);
        assert_eq!(contributions::euros(c.base), 43_900);
        assert!(text.contains(&eur(43_900 + c.total)), "{text}");
        assert_eq!(
            c.csg_crds,
            contributions::euros(Decimal::from(43_900 + c.total) * Decimal::new(97, 3))
        );
    }

    #[test]
    fn reads_amounts_as_people_type_them() {
        assert_eq!(parse_amount_fr("40 000"), Some(Decimal::from(40000)));
        assert_eq!(
            parse_amount_fr("40000,50 €"),
            Decimal::from_str_exact("40000.50").ok()
        );
        assert_eq!(parse_amount_fr("quarante"), None);
    }

    #[test]
    fn the_page_shows_the_worked_example_in_french() {
        // 54 054 € gross - 26 % = 40 000 € of base in 2025.
        let v = simulate_page("2025", "commerciale", "54054").unwrap();
        assert_eq!(v.lines[0].rate, "5,25 %");
        assert_eq!(v.total, "13\u{202F}208\u{00A0}€");
        assert_eq!(v.validated_quarters, Some(4));
    }

    #[test]
    fn an_amount_above_the_maximum_is_refused_before_computing() {
        for revenu in [
            "1e28",
            "10000000000000000000000000000",
            "79228162514264337593543950335",
            "100 000 000,01",
        ] {
            let e = simulate_page("2025", "commerciale", revenu).unwrap_err();
            assert!(
                e.form()
                    .unwrap()
                    .message_for("revenu")
                    .is_some_and(|m| m.contains("100 000 000 €")),
                "{revenu}"
            );
        }
        assert!(simulate_page("2025", "micro-services", "100 000 000").is_ok());
    }

    #[test]
    fn an_income_is_written_in_digits() {
        assert_eq!(parse_amount_fr("40 000,50"), Some(Decimal::new(4000050, 2)));
        for bad in ["1e5", "-5", "+5", "abc", "0x10"] {
            assert_eq!(parse_amount_fr(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_page_accepts_the_years_the_api_accepts() {
        for year in ["2023", "2101", "300000"] {
            let e = simulate_page(year, "micro-services", "1000").unwrap_err();
            assert!(e.form().unwrap().message_for("annee").is_some(), "{year}");
        }
        assert!(simulate_page("2100", "micro-services", "1000").is_ok());
        assert!(
            crate::api::simulation::YEARS.contains(&2100)
                && !crate::api::simulation::YEARS.contains(&2101)
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let e = simulate_page("1999", "troc", "beaucoup").unwrap_err();
        let f = e.form().unwrap();
        assert!(
            f.message_for("annee").is_some()
                && f.message_for("activite").is_some()
                && f.message_for("revenu").is_some()
        );
    }
}
