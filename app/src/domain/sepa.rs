//! SEPA Direct Debit (Core) rules of `domain.md` §3: IBAN, BIC and creditor identifier checks,
//! mandate references, the TARGET2 calendar, and when "Payer" is offered.

use super::ledger::{DueKind, DueStatus};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// IBAN lengths of the SEPA countries (ISO 13616 registry).
const IBAN_LENGTHS: [(&str, usize); 36] = [
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum IbanError {
    #[error(
        "saisissez l'IBAN du compte à débiter, par exemple FR76 3000 6000 0112 3456 7890 189."
    )]
    Missing,
    #[error("L'IBAN ne doit contenir que des lettres et des chiffres.")]
    Characters,
    #[error("L'IBAN doit commencer par le code d'un pays de la zone SEPA (par exemple FR).")]
    UnknownCountry,
    #[error("L'IBAN n'a pas la bonne longueur : {expected} caractères attendus pour ce pays, {found} saisis.")]
    Length { expected: usize, found: usize },
    #[error(
        "L'IBAN est invalide : la clé de contrôle ne correspond pas. Vérifiez chaque caractère."
    )]
    Checksum,
}

/// The remainder modulo 97 of a string of digits and letters (A=10 … Z=35), computed piecewise.
fn mod97(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(0u32, |acc, c| match c.to_digit(36) {
        Some(v) if v >= 10 => (acc * 100 + v) % 97,
        Some(v) => (acc * 10 + v) % 97,
        None => acc,
    })
}

/// A checked IBAN, kept in its electronic form (no spaces, upper case).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Iban(String);

impl Iban {
    pub fn parse(input: &str) -> Result<Iban, IbanError> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        if s.is_empty() {
            return Err(IbanError::Missing);
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(IbanError::Characters);
        }
        let country = s.get(..2).ok_or(IbanError::UnknownCountry)?;
        let expected = IBAN_LENGTHS
            .iter()
            .find(|(c, _)| *c == country)
            .map(|(_, n)| *n)
            .ok_or(IbanError::UnknownCountry)?;
        if s.len() != expected {
            return Err(IbanError::Length {
                expected,
                found: s.len(),
            });
        }
        if !s[2..4].chars().all(|c| c.is_ascii_digit())
            || mod97(s[4..].chars().chain(s[..4].chars())) != 1
        {
            return Err(IbanError::Checksum);
        }
        Ok(Iban(s))
    }

    /// The IBAN with the check digits computed for `country` and `bban`.
    pub fn from_parts(country: &str, bban: &str) -> Result<Iban, IbanError> {
        let r = mod97(bban.chars().chain(country.chars()).chain("00".chars()));
        Iban::parse(&format!("{country}{:02}{bban}", 98 - r))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    /// In groups of four, as printed on a RIB.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Safe to show on a screen or in a list: the country, then only the last four characters.
    pub fn masked(&self) -> String {
        format!("{} •••• {}", &self.0[..4], &self.0[self.0.len() - 4..])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BicError {
    #[error("Le BIC doit compter 8 ou 11 caractères : 4 lettres (banque), 2 lettres (pays), 2 lettres ou chiffres (ville), et éventuellement 3 pour l'agence (un BIC de test, avec 0 ou 1 en 7e position, n'est pas accepté).")]
    Format,
}

/// A BIC (ISO 9362): optional for SEPA payments, checked when given.
pub fn parse_bic(input: &str) -> Result<Option<String>, BicError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if s.is_empty() {
        return Ok(None);
    }
    let b = s.as_bytes();
    // The pattern of the pain.008 schema: the location code's first character is never 0 or 1
    // (test BICs), its second never O.
    let ok = (s.len() == 8 || s.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !matches!(b[6], b'0' | b'1')
        && b[7] != b'O';
    if ok {
        Ok(Some(s))
    } else {
        Err(BicError::Format)
    }
}

/// A French SEPA creditor identifier (ICS): `FR`, two check digits, a business code, six
/// characters; the check digits are computed as an IBAN's over the identifier without the
/// business code.
pub fn valid_ics(ics: &str) -> bool {
    let s = ics.trim().to_ascii_uppercase();
    if s.len() != 13
        || !s.is_ascii()
        || !s.starts_with("FR")
        || !s[2..4].chars().all(|c| c.is_ascii_digit())
    {
        return false;
    }
    if !s[4..].chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    mod97(s[7..].chars().chain(s[..4].chars())) == 1
}

/// The unique mandate reference (RUM): at most 35 characters, unique per creditor. Ours is
/// built from our own ids, so it is unique by construction: `PAS-<account>-<mandate>`.
pub fn mandate_reference(account_number: &str, mandate_id: i64) -> String {
    let clean: String = account_number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    // The id makes it unique: when too long, the account number is shortened, never the id.
    let tail = format!("-{mandate_id}");
    let head: String = format!("PAS-{clean}")
        .chars()
        .take(35 - tail.len())
        .collect();
    format!("{head}{tail}")
}

/// Whether a RUM uses only the characters SEPA allows and fits in 35 characters.
pub fn valid_mandate_reference(rum: &str) -> bool {
    !rum.is_empty()
        && rum.len() <= 35
        && rum
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c))
}

/// A mandate with no collection for 36 months lapses (`domain.md` §3).
pub fn mandate_lapsed(last_used_or_signed: NaiveDate, today: NaiveDate) -> bool {
    last_used_or_signed
        .checked_add_months(Months::new(36))
        .is_some_and(|end| today >= end)
}

pub use super::calendar::easter;

/// TARGET2 closing days: weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December.
pub fn is_target2_closed(d: NaiveDate) -> bool {
    use chrono::Weekday::{Sat, Sun};
    if matches!(d.weekday(), Sat | Sun) {
        return true;
    }
    if matches!((d.month(), d.day()), (1, 1) | (5, 1) | (12, 25) | (12, 26)) {
        return true;
    }
    let e = easter(d.year());
    e.checked_sub_days(Days::new(2)) == Some(d) || e.checked_add_days(Days::new(1)) == Some(d)
}

/// The collection date for a due date: the due date, or the next TARGET2 business day.
pub fn collection_date(due_on: NaiveDate) -> NaiveDate {
    let mut d = due_on;
    while is_target2_closed(d) {
        d = d.succ_opt().unwrap_or(d);
    }
    d
}

/// Telepayment of a current contribution opens this many days before its due date.
pub const OPENS_DAYS_BEFORE: u64 = 21;

/// Whether "Payer" is offered for an amount, and if not, why (the page says it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayWindow {
    Open,
    /// Paid, or a credit: nothing to pay.
    NothingToPay,
    /// Current contributions of a person on automatic debit are collected by it.
    AutomaticDebit,
    /// Not yet: opens on this date (three weeks before the due date).
    NotYet(NaiveDate),
    /// The noon cut-off of the day before the due date has passed: cheque or transfer only.
    Closed,
}

impl PayWindow {
    pub fn explanation(self) -> String {
        match self {
            PayWindow::Open => "Vous pouvez payer ce montant par télépaiement.".to_owned(),
            PayWindow::NothingToPay => "Ce montant est réglé.".to_owned(),
            PayWindow::AutomaticDebit => "Vos cotisations courantes sont prélevées automatiquement : le télépaiement ne leur est pas ouvert.".to_owned(),
            PayWindow::NotYet(d) => format!("Le télépaiement de cette échéance ouvrira le {}.", super::calendar::date_fr(d)),
            PayWindow::Closed => "Le télépaiement de cette échéance a fermé la veille de l'échéance à midi : réglez-la par chèque ou par virement.".to_owned(),
        }
    }
}

/// When "Payer" is shown (`domain.md` §3), from the Paris wall-clock time `now_paris`: debts
/// and instalments at all times; current contributions (and regularisations, called with
/// them) from three weeks before the due date until noon the day before, never on automatic
/// debit, never once overdue.
pub fn pay_window(
    kind: DueKind,
    status: DueStatus,
    due_on: NaiveDate,
    automatic_debit: bool,
    now_paris: NaiveDateTime,
) -> PayWindow {
    if matches!(
        status,
        DueStatus::Paid | DueStatus::Credit | DueStatus::CreditUsed
    ) {
        return PayWindow::NothingToPay;
    }
    if matches!(kind, DueKind::Debt | DueKind::Instalment) || status == DueStatus::Debt {
        return PayWindow::Open;
    }
    if automatic_debit {
        return PayWindow::AutomaticDebit;
    }
    let opens = due_on
        .checked_sub_days(Days::new(OPENS_DAYS_BEFORE))
        .unwrap_or(due_on);
    let cutoff = due_on
        .pred_opt()
        .unwrap_or(due_on)
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
    if now_paris >= cutoff {
        PayWindow::Closed
    } else if now_paris.date() < opens {
        PayWindow::NotYet(opens)
    } else {
        PayWindow::Open
    }
}

/// A change of debit day or periodicity takes effect on the first day of the second month
/// after the request (`domain.md` §2), once per calendar year.
pub fn debit_change_effective(requested_on: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(requested_on.year(), requested_on.month(), 1)
        .and_then(|d| d.checked_add_months(Months::new(2)))
        .unwrap_or(requested_on)
}

/// A contributor holds at most this many bank accounts with an active mandate.
pub const MAX_ACTIVE_MANDATES: usize = 3;

/// Noon (Paris) the day before `day`: the cut-off for paying or changing a telepayment due on
/// `day`, and the earliest moment the bank file of a collection on `day` may be produced.
pub fn noon_before(day: NaiveDate) -> NaiveDateTime {
    day.pred_opt()
        .unwrap_or(day)
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
}

/// The first collection date still reachable from `now_paris`: the bank file of a collection
/// date is produced at noon the day before it.
pub fn earliest_collection(now_paris: NaiveDateTime) -> NaiveDate {
    let mut day = now_paris.date().succ_opt().unwrap_or(now_paris.date());
    loop {
        let c = collection_date(day);
        if now_paris < noon_before(c) {
            return c;
        }
        day = c.succ_opt().unwrap_or(c);
    }
}

/// When a telepayment validated at `now_paris` is debited: at the due date, not before (moved
/// to the next TARGET2 business day), or as soon as possible for an amount already due.
pub fn telepayment_collection(due_on: NaiveDate, now_paris: NaiveDateTime) -> NaiveDate {
    let at_due = collection_date(due_on);
    if now_paris < noon_before(at_due) {
        at_due
    } else {
        earliest_collection(now_paris)
    }
}

/// Why the split of a payment over bank accounts was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum SplitError {
    #[error("Choisissez au moins un compte à débiter.")]
    NoAccount,
    #[error("Le montant débité sur chaque compte choisi doit être positif.")]
    NotPositive,
    #[error("La somme des montants ({found}) doit être égale au montant à payer ({expected}).")]
    Sum { expected: String, found: String },
}

/// Checks how a payment is shared between mandates: each part positive, the parts summing
/// exactly to the amount. Zero parts are dropped (an account left empty is not debited).
pub fn check_split<K: Copy>(
    total: super::money::Cents,
    parts: &[(K, super::money::Cents)],
) -> Result<Vec<(K, super::money::Cents)>, SplitError> {
    if parts.iter().any(|(_, c)| c.get() < 0) {
        return Err(SplitError::NotPositive);
    }
    let kept: Vec<_> = parts.iter().copied().filter(|(_, c)| c.get() > 0).collect();
    if kept.is_empty() {
        return Err(SplitError::NoAccount);
    }
    let sum = super::money::Cents(kept.iter().map(|(_, c)| c.get()).sum());
    if sum != total {
        return Err(SplitError::Sum {
            expected: total.format_fr(),
            found: sum.format_fr(),
        });
    }
    Ok(kept)
}

/// The debit day of a monthly automatic debit.
pub const DEBIT_DAYS: [u32; 2] = [5, 20];

/// An automatic-debit arrangement: monthly on the 5th or the 20th, or quarterly (5 February,
/// May, August, November).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebitPlan {
    pub periodicity: super::schedule::Periodicity,
    pub day: u32,
}

impl DebitPlan {
    pub fn label(self) -> String {
        match self.periodicity {
            super::schedule::Periodicity::Monthly => {
                format!("mensuel, le {} de chaque mois", self.day)
            }
            super::schedule::Periodicity::Quarterly => {
                "trimestriel (5 février, 5 mai, 5 août, 5 novembre)".to_owned()
            }
        }
    }

    /// The debit dates of `year` on or after `from`.
    pub fn dates_from(self, year: i32, from: NaiveDate) -> Vec<NaiveDate> {
        let months: &[u32] = match self.periodicity {
            super::schedule::Periodicity::Monthly => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            super::schedule::Periodicity::Quarterly => &[2, 5, 8, 11],
        };
        let day = if self.periodicity == super::schedule::Periodicity::Monthly {
            self.day
        } else {
            5
        };
        months
            .iter()
            .filter_map(|m| NaiveDate::from_ymd_opt(year, *m, day))
            .filter(|d| *d >= from)
            .collect()
    }
}

/// Why joining or changing automatic debit was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DebitChangeError {
    #[error("Jour de prélèvement : choisissez le 5 ou le 20 du mois.")]
    Day,
    #[error("Vous êtes déjà prélevé selon ces modalités : choisissez une autre périodicité ou un autre jour.")]
    Unchanged,
    #[error("Vous avez déjà modifié votre prélèvement le {0} : une seule modification est possible par année civile. Vous pourrez en demander une nouvelle à partir du 1er janvier {1}.")]
    AlreadyChanged(String, i32),
}

/// Checks a request to join automatic debit (`current` is `None`) or to change it, and returns
/// the date it takes effect: the first day of the second month after the request.
pub fn check_debit_request(
    current: Option<DebitPlan>,
    requested: DebitPlan,
    last_change_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate, DebitChangeError> {
    if requested.periodicity == super::schedule::Periodicity::Monthly
        && !DEBIT_DAYS.contains(&requested.day)
    {
        return Err(DebitChangeError::Day);
    }
    if let Some(cur) = current {
        if cur == requested {
            return Err(DebitChangeError::Unchanged);
        }
        if let Some(d) = last_change_on.filter(|d| d.year() == today.year()) {
            return Err(DebitChangeError::AlreadyChanged(
                super::calendar::date_fr(d),
                today.year() + 1,
            ));
        }
    }
    Ok(debit_change_effective(today))
}

/// The pre-notification of an automatic debit reaches the debtor at least this many days before it.
pub const PRENOTIFICATION_DAYS: u64 = 14;

/// When an amount on automatic debit is collected: its due date (moved to a TARGET2 business
/// day), or later when its pre-notification was sent less than 14 days before.
pub fn direct_debit_collection(due_on: NaiveDate, notified_on: NaiveDate) -> NaiveDate {
    let earliest = notified_on
        .checked_add_days(Days::new(PRENOTIFICATION_DAYS))
        .unwrap_or(notified_on);
    collection_date(due_on.max(earliest))
}

/// The sequence type of a debit: FRST for the first collection of a mandate, RCUR after.
pub fn sequence_is_first(last_collected_on: Option<NaiveDate>, collection: NaiveDate) -> bool {
    last_collected_on.is_none_or(|d| d >= collection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn the_iban_vectors_of_the_domain_document() {
        for ok in [
            "FR14 2004 1010 0505 0001 3M02 606",
            "FR7630006000011234567890189",
            "DE89370400440532013000",
            "fr76 3000 6000 0112 3456 7890 189",
        ] {
            assert!(Iban::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Iban::parse("FR7630006000011234567890188"),
            Err(IbanError::Checksum)
        );
        assert_eq!(Iban::parse("BE68530907547034"), Err(IbanError::Checksum));
        assert_eq!(
            Iban::parse("AT93 1904 3002 3457 3201 99"),
            Err(IbanError::Length {
                expected: 20,
                found: 22
            })
        );
        assert_eq!(
            Iban::parse("QQ93 1234 5678"),
            Err(IbanError::UnknownCountry)
        );
        assert_eq!(Iban::parse("   "), Err(IbanError::Missing));
        assert_eq!(
            Iban::parse("FR76 3000 6000 0112 3456 7890 18*"),
            Err(IbanError::Characters)
        );
    }

    #[test]
    fn an_iban_is_shown_grouped_or_masked() {
        let iban = Iban::parse("FR7630006000011234567890189").unwrap();
        assert_eq!(iban.grouped(), "FR76 3000 6000 0112 3456 7890 189");
        assert_eq!(iban.masked(), "FR76 •••• 0189");
        assert_eq!(iban.country(), "FR");
    }

    #[test]
    fn bic_is_optional_and_checked_when_given() {
        assert_eq!(parse_bic(""), Ok(None));
        assert_eq!(parse_bic("bnpafrpp"), Ok(Some("BNPAFRPP".into())));
        assert_eq!(parse_bic("BNPAFRPPXXX"), Ok(Some("BNPAFRPPXXX".into())));
        assert_eq!(parse_bic("BNPAFRP"), Err(BicError::Format));
        assert_eq!(parse_bic("B1PAFRPP"), Err(BicError::Format));
        assert_eq!(
            parse_bic("BNPAFR1P"),
            Err(BicError::Format),
            "what the bank file's schema refuses"
        );
        assert_eq!(parse_bic("BNPAFRPO"), Err(BicError::Format));
    }

    #[test]
    fn the_example_creditor_identifier_is_valid() {
        assert!(valid_ics("FR72ZZZ123456"));
        assert!(!valid_ics("FR73ZZZ123456"));
        assert!(!valid_ics("DE72ZZZ123456"));
        assert!(!valid_ics("FR72ZZZ12345"));
    }

    #[test]
    fn mandate_references_fit_the_scheme() {
        let rum = mandate_reference("CO-0490-2009-0733", 12);
        assert_eq!(rum, "PAS-CO049020090733-12");
        assert!(valid_mandate_reference(&rum));
        let long = mandate_reference(&"X".repeat(60), i64::MAX);
        assert!(
            long.len() <= 35 && long.ends_with(&format!("-{}", i64::MAX)),
            "{long}"
        );
        assert_ne!(
            mandate_reference(&"X".repeat(60), 10),
            mandate_reference(&"X".repeat(60), 11)
        );
        assert!(!valid_mandate_reference("PAS_é"));
    }

    #[test]
    fn a_mandate_lapses_after_36_months_without_collection() {
        assert!(!mandate_lapsed(d(2023, 5, 5), d(2026, 5, 4)));
        assert!(mandate_lapsed(d(2023, 5, 5), d(2026, 5, 5)));
    }

    #[test]
    fn target2_closing_days_move_the_collection_date() {
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert_eq!(easter(2027), d(2027, 3, 28));
        assert!(is_target2_closed(d(2026, 4, 3)), "Good Friday 2026");
        assert!(is_target2_closed(d(2026, 4, 6)), "Easter Monday 2026");
        // 1 May 2026 is a Friday: the next business day is Monday 4 May.
        assert_eq!(collection_date(d(2026, 5, 1)), d(2026, 5, 4));
        assert_eq!(collection_date(d(2026, 5, 5)), d(2026, 5, 5));
        // 25 December 2026 is a Friday, 26 a Saturday: Monday 28.
        assert_eq!(collection_date(d(2026, 12, 25)), d(2026, 12, 28));
        assert_eq!(collection_date(d(2027, 1, 1)), d(2027, 1, 4));
    }

    #[test]
    fn payer_opens_three_weeks_before_and_closes_at_noon_the_day_before() {
        let due = d(2026, 5, 5);
        let current = |now| {
            pay_window(
                DueKind::CurrentContribution,
                DueStatus::ToPay,
                due,
                false,
                now,
            )
        };
        assert_eq!(
            current(at(2026, 4, 13, 23, 59)),
            PayWindow::NotYet(d(2026, 4, 14))
        );
        assert_eq!(current(at(2026, 4, 14, 0, 0)), PayWindow::Open);
        assert_eq!(current(at(2026, 5, 4, 11, 59)), PayWindow::Open);
        assert_eq!(current(at(2026, 5, 4, 12, 1)), PayWindow::Closed);
        assert_eq!(current(at(2026, 5, 4, 12, 0)), PayWindow::Closed);
    }

    #[test]
    fn debts_and_instalments_are_payable_any_day_and_overdue_current_never() {
        let due = d(2026, 2, 5);
        assert_eq!(
            pay_window(
                DueKind::CurrentContribution,
                DueStatus::Debt,
                due,
                false,
                at(2026, 5, 1, 9, 0)
            ),
            PayWindow::Open
        );
        assert_eq!(
            pay_window(
                DueKind::Instalment,
                DueStatus::ToPay,
                d(2026, 9, 5),
                false,
                at(2026, 5, 1, 9, 0)
            ),
            PayWindow::Open
        );
        assert_eq!(
            pay_window(
                DueKind::Debt,
                DueStatus::Debt,
                due,
                true,
                at(2026, 5, 1, 9, 0)
            ),
            PayWindow::Open
        );
        assert_eq!(
            pay_window(
                DueKind::CurrentContribution,
                DueStatus::Overdue,
                d(2026, 4, 20),
                false,
                at(2026, 5, 1, 9, 0)
            ),
            PayWindow::Closed
        );
        assert_eq!(
            pay_window(
                DueKind::CurrentContribution,
                DueStatus::ToPay,
                d(2026, 5, 5),
                true,
                at(2026, 5, 1, 9, 0)
            ),
            PayWindow::AutomaticDebit
        );
        assert_eq!(
            pay_window(
                DueKind::CurrentContribution,
                DueStatus::Paid,
                d(2026, 5, 5),
                false,
                at(2026, 5, 1, 9, 0)
            ),
            PayWindow::NothingToPay
        );
        assert!(PayWindow::Closed
            .explanation()
            .contains("chèque ou par virement"));
    }

    #[test]
    fn a_debit_change_takes_effect_the_second_month_after() {
        assert_eq!(debit_change_effective(d(2026, 5, 20)), d(2026, 7, 1));
        assert_eq!(debit_change_effective(d(2026, 11, 30)), d(2027, 1, 1));
    }

    #[test]
    fn a_telepayment_is_collected_at_the_due_date_not_before() {
        // Paid on 20 April for 5 May: collected on 5 May.
        assert_eq!(
            telepayment_collection(d(2026, 5, 5), at(2026, 4, 20, 10, 0)),
            d(2026, 5, 5)
        );
        // A debt paid on Thursday 30 April at 11:00: Friday 1 May is closed, so Monday 4 May.
        assert_eq!(
            telepayment_collection(d(2026, 2, 5), at(2026, 4, 30, 11, 0)),
            d(2026, 5, 4)
        );
        // At 14:00 on Monday 4 May the file of Tuesday 5 May is already made: Wednesday 6 May.
        assert_eq!(earliest_collection(at(2026, 5, 4, 14, 0)), d(2026, 5, 6));
        assert_eq!(earliest_collection(at(2026, 5, 4, 11, 59)), d(2026, 5, 5));
        assert_eq!(noon_before(d(2026, 5, 5)), at(2026, 5, 4, 12, 0));
    }

    #[test]
    fn a_split_must_be_positive_and_sum_to_the_amount() {
        use crate::domain::money::Cents;
        assert_eq!(
            check_split(Cents(10_000), &[(1, Cents(6_000)), (2, Cents(4_000))]),
            Ok(vec![(1, Cents(6_000)), (2, Cents(4_000))])
        );
        assert_eq!(
            check_split(Cents(10_000), &[(1, Cents(10_000)), (2, Cents(0))]),
            Ok(vec![(1, Cents(10_000))])
        );
        assert_eq!(
            check_split(Cents(10_000), &[(1, Cents(0)), (2, Cents(0))]),
            Err(SplitError::NoAccount)
        );
        assert_eq!(
            check_split(Cents(10_000), &[(1, Cents(12_000)), (2, Cents(-2_000))]),
            Err(SplitError::NotPositive)
        );
        assert!(matches!(
            check_split(Cents(10_000), &[(1, Cents(6_000)), (2, Cents(3_999))]),
            Err(SplitError::Sum { .. })
        ));
    }

    #[test]
    fn automatic_debit_changes_once_a_year_effective_the_second_month_after() {
        use crate::domain::schedule::Periodicity::{Monthly, Quarterly};
        let monthly5 = DebitPlan {
            periodicity: Monthly,
            day: 5,
        };
        let monthly20 = DebitPlan {
            periodicity: Monthly,
            day: 20,
        };
        let quarterly = DebitPlan {
            periodicity: Quarterly,
            day: 5,
        };
        assert_eq!(
            check_debit_request(None, monthly20, None, d(2026, 5, 20)),
            Ok(d(2026, 7, 1))
        );
        assert_eq!(
            check_debit_request(Some(monthly5), monthly5, None, d(2026, 5, 20)),
            Err(DebitChangeError::Unchanged)
        );
        assert_eq!(
            check_debit_request(
                Some(monthly5),
                DebitPlan {
                    periodicity: Monthly,
                    day: 12
                },
                None,
                d(2026, 5, 20)
            ),
            Err(DebitChangeError::Day)
        );
        assert_eq!(
            check_debit_request(
                Some(monthly5),
                quarterly,
                Some(d(2025, 3, 1)),
                d(2026, 5, 20)
            ),
            Ok(d(2026, 7, 1))
        );
        let refused = check_debit_request(
            Some(monthly5),
            quarterly,
            Some(d(2026, 2, 10)),
            d(2026, 5, 20),
        )
        .unwrap_err();
        assert!(
            refused.to_string().contains("10 février 2026")
                && refused.to_string().contains("1er janvier 2027"),
            "{refused}"
        );
        assert_eq!(
            monthly20.dates_from(2026, d(2026, 10, 1)),
            vec![d(2026, 10, 20), d(2026, 11, 20), d(2026, 12, 20)]
        );
        assert_eq!(
            quarterly.dates_from(2026, d(2026, 6, 1)),
            vec![d(2026, 8, 5), d(2026, 11, 5)]
        );
    }

    #[test]
    fn an_automatic_debit_waits_fourteen_days_after_its_notice() {
        assert_eq!(
            direct_debit_collection(d(2026, 7, 20), d(2026, 6, 1)),
            d(2026, 7, 20)
        );
        // Notified on 1 July for 5 July: collected on 15 July.
        assert_eq!(
            direct_debit_collection(d(2026, 7, 5), d(2026, 7, 1)),
            d(2026, 7, 15)
        );
        // 5 December 2026 is a Saturday: Monday 7.
        assert_eq!(
            direct_debit_collection(d(2026, 12, 5), d(2026, 10, 1)),
            d(2026, 12, 7)
        );
        assert!(sequence_is_first(None, d(2026, 5, 4)));
        assert!(!sequence_is_first(Some(d(2026, 2, 5)), d(2026, 5, 4)));
    }

    proptest! {
        #[test]
        fn any_french_bban_with_its_computed_key_is_valid_and_one_changed_digit_is_not(digits in proptest::collection::vec(0u8..10, 23), pos in 4usize..27, delta in 1u8..10) {
            let bban: String = digits.iter().map(|x| char::from(b'0' + x)).collect();
            let iban = Iban::from_parts("FR", &bban).unwrap();
            prop_assert_eq!(iban.as_str().len(), 27);
            prop_assert!(Iban::parse(&iban.grouped()).is_ok());
            let mut bytes = iban.as_str().as_bytes().to_vec();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            prop_assert_eq!(Iban::parse(std::str::from_utf8(&bytes).unwrap()), Err(IbanError::Checksum));
        }

        #[test]
        fn rums_are_always_valid(number in "[A-Z0-9-]{1,40}", id in 1i64..i64::MAX) {
            prop_assert!(valid_mandate_reference(&mandate_reference(&number, id)));
        }

        #[test]
        fn a_collection_date_is_a_business_day_within_five_days(days in 0u64..3650) {
            let due = d(2024, 1, 1).checked_add_days(Days::new(days)).unwrap();
            let c = collection_date(due);
            prop_assert!(!is_target2_closed(c));
            prop_assert!(c >= due && (c - due).num_days() <= 4);
        }
    }
}
