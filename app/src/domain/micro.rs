//! The micro-entrepreneur's contributions: a rate on each declaration's turnover
//! (`domain.md` §2), the CFP, and for a whole year the retirement quarters validated.

use super::contributions::{
    check_amount, euros, params_for, pct, quarters_for, Activity, EngineError, Line, LineCode,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

/// The kind of activity of a micro-entrepreneur, which sets the rate on turnover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MicroKind {
    /// Vente de marchandises.
    Vente,
    /// Prestations de services (BIC).
    Services,
    /// Libéral non réglementé (not Cipav).
    Liberal,
    /// Libéral relevant de la Cipav.
    Cipav,
}

/// The rate on turnover for a period starting on `period_start` (`domain.md` §2). Both liberal
/// rates rose on 1 July 2024 (décret 2024-484: 21.1 % then 23.1 % outside the Cipav, 21.2 %
/// then 23.2 % under it), and the non-Cipav one again each January.
pub fn micro_rate(kind: MicroKind, period_start: chrono::NaiveDate) -> Decimal {
    use chrono::Datelike;
    let before_july_2024 = period_start
        < chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or(chrono::NaiveDate::MIN);
    match kind {
        MicroKind::Vente => dec!(12.3),
        MicroKind::Services => dec!(21.2),
        MicroKind::Cipav if before_july_2024 => dec!(21.2),
        MicroKind::Cipav => dec!(23.2),
        MicroKind::Liberal => match (period_start.year(), period_start.month()) {
            (y, m) if y < 2024 || (y == 2024 && m < 7) => dec!(21.1),
            (2024, _) => dec!(23.1),
            (2025, _) => dec!(24.6),
            _ => dec!(25.6),
        },
    }
}

/// The micro-entrepreneur's CFP rate on turnover, by the nature of the activity.
pub fn micro_cfp_rate(activity: Activity) -> Decimal {
    match activity {
        Activity::Artisanale => dec!(0.3),
        Activity::Commerciale => dec!(0.1),
        Activity::Liberale => dec!(0.2),
    }
}

/// The result of one micro-entrepreneur declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MicroComputation {
    pub year: i32,
    pub provisional: bool,
    pub pass: Decimal,
    pub line: Line,
    pub cfp: i64,
    /// For a whole year's turnover only: the income retained and the quarters it validates.
    pub revenu_cotise: Option<i64>,
    pub validated_quarters: Option<u8>,
}

/// Contributions on one declaration: turnover × rate, rounded to the euro. With `whole_year`,
/// also the retirement quarters (turnover after the micro-fiscal abatement, or per Cipav
/// threshold when published for that year).
pub fn compute_micro(
    kind: MicroKind,
    activity: Activity,
    period_start: chrono::NaiveDate,
    turnover: Decimal,
    whole_year: bool,
) -> Result<MicroComputation, EngineError> {
    use chrono::Datelike;
    check_amount(turnover)?;
    let (p, provisional) = params_for(period_start.year())?;
    let rate = micro_rate(kind, period_start);
    let line = Line {
        code: LineCode::Micro,
        rate_percent: rate,
        base: turnover,
        amount: euros(pct(turnover, rate)),
        brackets: vec![],
    };
    let (revenu, quarters) = if !whole_year {
        (None, None)
    } else if kind == MicroKind::Cipav {
        let q = p.cipav_quarter_turnover.map(|per| {
            let q: i64 = (turnover / per).floor().try_into().unwrap_or(0);
            q.clamp(0, 4) as u8
        });
        (None, q)
    } else {
        let abatement = match kind {
            MicroKind::Vente => dec!(71),
            MicroKind::Services => dec!(50),
            _ => dec!(34),
        };
        let revenu = turnover - pct(turnover, abatement);
        (Some(euros(revenu)), Some(quarters_for(revenu, &p)))
    };
    Ok(MicroComputation {
        year: period_start.year(),
        provisional,
        pass: p.pass,
        line,
        cfp: euros(pct(turnover, micro_cfp_rate(activity))),
        revenu_cotise: revenu,
        validated_quarters: quarters,
    })
}

impl MicroKind {
    pub fn code(self) -> &'static str {
        match self {
            MicroKind::Vente => "vente",
            MicroKind::Services => "services",
            MicroKind::Liberal => "liberal",
            MicroKind::Cipav => "cipav",
        }
    }

    pub const ALL: [MicroKind; 4] = [
        MicroKind::Vente,
        MicroKind::Services,
        MicroKind::Liberal,
        MicroKind::Cipav,
    ];

    pub fn from_code(code: &str) -> Option<MicroKind> {
        MicroKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The nature of the activity usually behind the kind, when the account records none
    /// (sales and services may be artisanal or commercial: the account's own nature wins).
    pub fn activity(self) -> Activity {
        match self {
            MicroKind::Vente | MicroKind::Services => Activity::Commerciale,
            MicroKind::Liberal | MicroKind::Cipav => Activity::Liberale,
        }
    }
}
