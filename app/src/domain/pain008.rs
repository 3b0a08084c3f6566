//! The SEPA Direct Debit (Core) initiation file sent to the creditor's bank: ISO 20022
//! `pain.008.001.02`, one payment information block (`PmtInf`) per batch of debits sharing a
//! sequence type and a collection date. Pure: the caller gives the message id and the clock.

use super::money::Cents;
use super::sepa::Iban;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The namespace of the root `Document` element.
pub const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";

/// The largest amount of one SEPA debit: 999 999 999,99 €.
pub const MAX_AMOUNT: Cents = Cents(99_999_999_999);

/// Identifiers (MsgId, PmtInfId, EndToEndId, RUM, ICS) are `Max35Text`.
const MAX_ID_LEN: usize = 35;
/// Names of the creditor and of the debtors.
const MAX_NAME_LEN: usize = 70;
/// Unstructured remittance information.
const MAX_REMITTANCE_LEN: usize = 140;

/// The creditor, as it appears in every batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creditor {
    pub name: String,
    /// The SEPA creditor identifier (ICS).
    pub ics: String,
    pub iban: Iban,
    pub bic: Option<String>,
}

/// Where a debit stands in the life of its mandate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SequenceType {
    First,
    Recurrent,
    OneOff,
    Final,
}

impl SequenceType {
    pub const ALL: [SequenceType; 4] = [
        SequenceType::First,
        SequenceType::Recurrent,
        SequenceType::OneOff,
        SequenceType::Final,
    ];

    /// The `SeqTp` code of the file.
    pub fn code(self) -> &'static str {
        match self {
            SequenceType::First => "FRST",
            SequenceType::Recurrent => "RCUR",
            SequenceType::OneOff => "OOFF",
            SequenceType::Final => "FNAL",
        }
    }

    pub fn from_code(code: &str) -> Option<SequenceType> {
        SequenceType::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One debit of one debtor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectDebit {
    pub end_to_end_id: String,
    pub amount: Cents,
    /// The unique mandate reference.
    pub rum: String,
    /// When the mandate was signed.
    pub signed_on: NaiveDate,
    pub debtor_name: String,
    pub debtor_iban: Iban,
    pub debtor_bic: Option<String>,
    /// Shown on the debtor's statement; cut to 140 characters, left out when empty.
    pub remittance: String,
}

/// Debits collected on the same date with the same sequence type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub payment_info_id: String,
    pub sequence: SequenceType,
    pub collection_date: NaiveDate,
    pub debits: Vec<DirectDebit>,
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub message_id: String,
    pub created_at: DateTime<Utc>,
    pub creditor: Creditor,
    pub batches: Vec<Batch>,
}

/// Why a file is not written. `field` names the element of the file (MsgId, PmtInfId,
/// EndToEndId, RUM, ICS).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Pain008Error {
    #[error("Le fichier de prélèvements ne contient aucun lot.")]
    NoBatch,
    #[error("Le lot « {0} » ne contient aucun prélèvement.")]
    EmptyBatch(String),
    #[error("Le prélèvement « {end_to_end_id} » a un montant invalide ({cents} centimes) : il doit être compris entre 0,01 € et 999 999 999,99 €.")]
    Amount { end_to_end_id: String, cents: i64 },
    #[error("L'identifiant {field} est vide.")]
    EmptyId { field: &'static str },
    #[error("L'identifiant {field} « {value} » dépasse 35 caractères.")]
    IdTooLong { field: &'static str, value: String },
    #[error("L'identifiant {field} « {value} » contient des caractères refusés par SEPA : seuls les lettres non accentuées, les chiffres, l'espace et / - ? : ( ) . , ' + sont admis.")]
    IdCharacters { field: &'static str, value: String },
    #[error("L'identifiant {field} « {value} » ne doit ni commencer ni finir par « / », ni contenir « // ».")]
    IdSlash { field: &'static str, value: String },
    #[error("Le BIC « {0} » est invalide : 8 ou 11 caractères, lettres majuscules et chiffres.")]
    Bic(String),
    #[error("Le nom {0} est vide une fois ramené aux caractères admis par SEPA.")]
    EmptyName(String),
}

/// Whether a character belongs to the SEPA Latin character set.
fn is_sepa_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c)
}

/// What a character outside the SEPA set becomes: a replacement, or `None` to drop it.
fn transliterate(c: char) -> Option<&'static str> {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' | 'ð' => "d",
        'Ď' | 'Đ' | 'Ð' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' | 'ĺ' => "l",
        'Ł' | 'Ľ' | 'Ĺ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ŕ' | 'ř' => "r",
        'Ŕ' | 'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'þ' => "th",
        'Þ' => "TH",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        // Typographic apostrophes and dashes have a plain equivalent in the set.
        '’' | '‘' | 'ʼ' | '`' | '´' => "'",
        '‐' | '‑' | '‒' | '–' | '—' | '−' | '_' => "-",
        // Combining accents (a decomposed "é") are dropped, their letter is kept.
        '\u{0300}'..='\u{036F}' => return None,
        _ => " ",
    };
    Some(s)
}

/// `input` in the SEPA Latin character set, cut to `max` characters: accented letters lose
/// their accent (é→e, ç→c, œ→oe, ß→ss), any other character outside the set becomes a space
/// (combining accents are dropped), runs of spaces are collapsed and the ends trimmed.
pub fn sepa_text(input: &str, max: usize) -> String {
    let mut out = String::new();
    let mut push = |m: char| {
        if m != ' ' || !(out.is_empty() || out.ends_with(' ')) {
            out.push(m);
        }
    };
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if is_sepa_char(c) {
            push(c);
        } else if let Some(s) = transliterate(c) {
            // A capital ligature before a small letter starts a word: Œuvre → Oeuvre.
            let title = chars.peek().is_some_and(|n| n.is_lowercase());
            for (i, m) in s.chars().enumerate() {
                push(if title && i > 0 {
                    m.to_ascii_lowercase()
                } else {
                    m
                });
            }
        }
    }
    // Everything is ASCII now: characters are bytes.
    out.truncate(max.min(out.len()));
    out.trim_end().to_owned()
}

/// An amount of cents as a decimal number of euros with two decimals (`1234.56`), without
/// floating point.
fn decimal(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The `CtrlSum` of some debits: their exact sum in euros with two decimals (`1234.56`).
pub fn control_sum(debits: impl IntoIterator<Item = Cents>) -> String {
    decimal(debits.into_iter().map(|c| i128::from(c.get())).sum())
}

/// `s` with the five XML special characters escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// An identifier of the file: 1 to 35 characters of the SEPA set, neither starting nor ending
/// with `/`, without `//`.
fn check_id(field: &'static str, value: &str) -> Result<(), Pain008Error> {
    if value.is_empty() {
        return Err(Pain008Error::EmptyId { field });
    }
    if value.chars().count() > MAX_ID_LEN {
        return Err(Pain008Error::IdTooLong {
            field,
            value: value.to_owned(),
        });
    }
    if !value.chars().all(is_sepa_char) {
        return Err(Pain008Error::IdCharacters {
            field,
            value: value.to_owned(),
        });
    }
    if value.starts_with('/') || value.ends_with('/') || value.contains("//") {
        return Err(Pain008Error::IdSlash {
            field,
            value: value.to_owned(),
        });
    }
    Ok(())
}

/// A BIC as the schema wants it: `[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?`.
fn check_bic(bic: Option<&str>) -> Result<(), Pain008Error> {
    let Some(bic) = bic else { return Ok(()) };
    let b = bic.as_bytes();
    let ok = (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && (b[6].is_ascii_uppercase() || (b'2'..=b'9').contains(&b[6]))
        && ((b[7].is_ascii_uppercase() && b[7] != b'O') || b[7].is_ascii_digit())
        && b[8..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Pain008Error::Bic(bic.to_owned()))
    }
}

/// A name in the SEPA set, at most 70 characters, not empty.
fn name(input: &str, whose: impl FnOnce() -> String) -> Result<String, Pain008Error> {
    let s = sepa_text(input, MAX_NAME_LEN);
    if s.is_empty() {
        Err(Pain008Error::EmptyName(whose()))
    } else {
        Ok(s)
    }
}

/// Refuses a file a bank would reject; on success, the creditor's name in the SEPA set.
fn check(m: &Message) -> Result<String, Pain008Error> {
    if m.batches.is_empty() {
        return Err(Pain008Error::NoBatch);
    }
    check_id("MsgId", &m.message_id)?;
    check_id("ICS", &m.creditor.ics)?;
    check_bic(m.creditor.bic.as_deref())?;
    let creditor = name(&m.creditor.name, || "du créancier".to_owned())?;
    for b in &m.batches {
        check_id("PmtInfId", &b.payment_info_id)?;
        if b.debits.is_empty() {
            return Err(Pain008Error::EmptyBatch(b.payment_info_id.clone()));
        }
        for d in &b.debits {
            check_id("EndToEndId", &d.end_to_end_id)?;
            if d.amount <= Cents::ZERO || d.amount > MAX_AMOUNT {
                return Err(Pain008Error::Amount {
                    end_to_end_id: d.end_to_end_id.clone(),
                    cents: d.amount.get(),
                });
            }
            check_id("RUM", &d.rum)?;
            check_bic(d.debtor_bic.as_deref())?;
            name(&d.debtor_name, || {
                format!("du débiteur du prélèvement « {} »", d.end_to_end_id)
            })?;
        }
    }
    Ok(creditor)
}

/// An indented XML writer; texts are escaped, tags are ours.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, tag: &str) {
        self.indent();
        self.out.push_str(&format!("<{tag}>\n"));
        self.depth += 1;
    }

    fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn leaf(&mut self, tag: &str, text: &str) {
        self.indent();
        self.out
            .push_str(&format!("<{tag}>{}</{tag}>\n", escape(text)));
    }

    /// `<tag><inner>…</inner></tag>` over a path of nested elements ending in a text.
    fn path(&mut self, tags: &[&str], text: &str) {
        let (last, outer) = tags.split_last().expect("a path has at least one element");
        for t in outer {
            self.open(t);
        }
        self.leaf(last, text);
        for t in outer.iter().rev() {
            self.close(t);
        }
    }

    /// A bank: its BIC, or `NOTPROVIDED` when it is unknown (allowed for SEPA since 2016).
    fn agent(&mut self, tag: &str, bic: Option<&str>) {
        self.open(tag);
        self.open("FinInstnId");
        match bic {
            Some(bic) => self.leaf("BIC", bic),
            None => self.path(&["Othr", "Id"], "NOTPROVIDED"),
        }
        self.close("FinInstnId");
        self.close(tag);
    }
}

/// The `pain.008.001.02` file of a message, or why it cannot be sent.
pub fn render(m: &Message) -> Result<String, Pain008Error> {
    let creditor_name = check(m)?;
    let all = m
        .batches
        .iter()
        .flat_map(|b| b.debits.iter().map(|d| d.amount));
    let mut x = Xml {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        depth: 0,
    };
    x.out
        .push_str(&format!("<Document xmlns=\"{NAMESPACE}\">\n"));
    x.depth = 1;
    x.open("CstmrDrctDbtInitn");

    x.open("GrpHdr");
    x.leaf("MsgId", &m.message_id);
    x.leaf(
        "CreDtTm",
        &m.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    );
    x.leaf("NbOfTxs", &all.clone().count().to_string());
    x.leaf("CtrlSum", &control_sum(all));
    x.path(&["InitgPty", "Nm"], &creditor_name);
    x.close("GrpHdr");

    for b in &m.batches {
        x.open("PmtInf");
        x.leaf("PmtInfId", &b.payment_info_id);
        x.leaf("PmtMtd", "DD");
        x.leaf("BtchBookg", "true");
        x.leaf("NbOfTxs", &b.debits.len().to_string());
        x.leaf("CtrlSum", &control_sum(b.debits.iter().map(|d| d.amount)));
        x.open("PmtTpInf");
        x.path(&["SvcLvl", "Cd"], "SEPA");
        x.path(&["LclInstrm", "Cd"], "CORE");
        x.leaf("SeqTp", b.sequence.code());
        x.close("PmtTpInf");
        x.leaf(
            "ReqdColltnDt",
            &b.collection_date.format("%Y-%m-%d").to_string(),
        );
        x.path(&["Cdtr", "Nm"], &creditor_name);
        x.path(&["CdtrAcct", "Id", "IBAN"], m.creditor.iban.as_str());
        x.agent("CdtrAgt", m.creditor.bic.as_deref());
        x.leaf("ChrgBr", "SLEV");
        x.open("CdtrSchmeId");
        x.open("Id");
        x.open("PrvtId");
        x.open("Othr");
        x.leaf("Id", &m.creditor.ics);
        x.path(&["SchmeNm", "Prtry"], "SEPA");
        x.close("Othr");
        x.close("PrvtId");
        x.close("Id");
        x.close("CdtrSchmeId");

        for d in &b.debits {
            x.open("DrctDbtTxInf");
            x.path(&["PmtId", "EndToEndId"], &d.end_to_end_id);
            x.indent();
            x.out.push_str(&format!(
                "<InstdAmt Ccy=\"EUR\">{}</InstdAmt>\n",
                decimal(i128::from(d.amount.get()))
            ));
            x.open("DrctDbtTx");
            x.open("MndtRltdInf");
            x.leaf("MndtId", &d.rum);
            x.leaf("DtOfSgntr", &d.signed_on.format("%Y-%m-%d").to_string());
            x.close("MndtRltdInf");
            x.close("DrctDbtTx");
            x.agent("DbtrAgt", d.debtor_bic.as_deref());
            // Checked in `check`: not empty.
            x.path(&["Dbtr", "Nm"], &sepa_text(&d.debtor_name, MAX_NAME_LEN));
            x.path(&["DbtrAcct", "Id", "IBAN"], d.debtor_iban.as_str());
            let remittance = sepa_text(&d.remittance, MAX_REMITTANCE_LEN);
            if !remittance.is_empty() {
                x.path(&["RmtInf", "Ustrd"], &remittance);
            }
            x.close("DrctDbtTxInf");
        }
        x.close("PmtInf");
    }

    x.close("CstmrDrctDbtInitn");
    x.out.push_str("</Document>\n");
    Ok(x.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::process::Command;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const XSD: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/pain.008.001.02.xsd"
    );

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn iban(s: &str) -> Iban {
        Iban::parse(s).unwrap()
    }

    /// Fails (never skips) unless xmllint says the file is valid against the schema.
    fn assert_valid(xml: &str) {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|t| t.as_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "passerelle-pain008-{}-{}-{nanos}.xml",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, xml).expect("write the temporary file");
        let result = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(XSD)
            .arg(&path)
            .output();
        let _ = std::fs::remove_file(&path);
        let output = result.expect(
            "xmllint is needed to validate pain.008 files (apt-get install -y libxml2-utils)",
        );
        assert!(
            output.status.success(),
            "xmllint rejects the file ({}):\n{}\n--- file ---\n{xml}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn debit(id: &str, cents: i64, bic: Option<&str>) -> DirectDebit {
        DirectDebit {
            end_to_end_id: id.to_owned(),
            amount: Cents(cents),
            rum: format!("PAS-{id}-1"),
            signed_on: d(2025, 11, 17),
            debtor_name: "Élodie Lefèvre-Çelik & Fils".to_owned(),
            debtor_iban: iban("FR7630006000011234567890189"),
            debtor_bic: bic.map(str::to_owned),
            remittance: "Cotisations 2026 – échéance de mai <acompte>".to_owned(),
        }
    }

    fn message() -> Message {
        Message {
            message_id: "PAS-20260428-0001".to_owned(),
            created_at: d(2026, 4, 28).and_hms_opt(9, 5, 7).unwrap().and_utc(),
            creditor: Creditor {
                name: "Caisse autonome des œuvres sociales".to_owned(),
                ics: "FR72ZZZ123456".to_owned(),
                iban: iban("FR1420041010050500013M02606"),
                bic: Some("PSSTFRPPPAR".to_owned()),
            },
            batches: vec![
                Batch {
                    payment_info_id: "PAS-20260428-0001-FRST".to_owned(),
                    sequence: SequenceType::First,
                    collection_date: d(2026, 5, 4),
                    debits: vec![
                        debit("E2E-1", 123_456, Some("BNPAFRPP")),
                        debit("E2E-2", 5, None),
                    ],
                },
                Batch {
                    payment_info_id: "PAS-20260428-0001-RCUR".to_owned(),
                    sequence: SequenceType::Recurrent,
                    collection_date: d(2026, 5, 4),
                    debits: vec![debit("E2E-3", 99_999_999_999, Some("CMCIFR2AXXX"))],
                },
            ],
        }
    }

    /// The texts of every `<tag>…</tag>` of the file, in order.
    fn texts<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        xml.match_indices(&open)
            .map(|(i, _)| {
                let rest = &xml[i + open.len()..];
                &rest[..rest.find(&close).unwrap()]
            })
            .collect()
    }

    #[test]
    fn two_batches_validate_against_the_xsd() {
        let xml = render(&message()).unwrap();
        assert!(xml.contains("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.02\">"));
        assert_valid(&xml);
    }

    #[test]
    #[should_panic(expected = "xmllint rejects the file")]
    fn the_validation_fails_on_a_file_out_of_order() {
        // ChrgBr before CdtrAgt: the schema's order is broken, so the check must fail.
        let xml = render(&message()).unwrap();
        let agent = xml.find("      <CdtrAgt>").unwrap();
        let charges = xml.find("      <ChrgBr>SLEV</ChrgBr>\n").unwrap();
        let line = "      <ChrgBr>SLEV</ChrgBr>\n";
        let broken = format!(
            "{}{line}{}{}",
            &xml[..agent],
            &xml[agent..charges],
            &xml[charges + line.len()..]
        );
        assert_valid(&broken);
    }

    #[test]
    fn control_sums_and_counts_are_right() {
        let xml = render(&message()).unwrap();
        // Group header first, then one per batch.
        assert_eq!(texts(&xml, "NbOfTxs"), ["3", "2", "1"]);
        assert_eq!(
            texts(&xml, "CtrlSum"),
            ["1000001234.60", "1234.61", "999999999.99"]
        );
        assert_eq!(texts(&xml, "SeqTp"), ["FRST", "RCUR"]);
        assert_eq!(texts(&xml, "ReqdColltnDt"), ["2026-05-04", "2026-05-04"]);
        assert_eq!(texts(&xml, "CreDtTm"), ["2026-04-28T09:05:07"]);
        assert_eq!(texts(&xml, "DtOfSgntr").len(), 3);
        assert!(xml.contains("<InstdAmt Ccy=\"EUR\">1234.56</InstdAmt>"));
        assert!(xml.contains("<InstdAmt Ccy=\"EUR\">0.05</InstdAmt>"));
        assert!(xml.contains("<InstdAmt Ccy=\"EUR\">999999999.99</InstdAmt>"));
        // The debtor without BIC, and only that one, has NOTPROVIDED.
        assert_eq!(
            texts(&xml, "BIC"),
            ["PSSTFRPPPAR", "BNPAFRPP", "PSSTFRPPPAR", "CMCIFR2AXXX"]
        );
        assert_eq!(xml.matches("<Id>NOTPROVIDED</Id>").count(), 1);
        // Names and remittance in the SEPA set, escaped.
        assert_eq!(texts(&xml, "Nm")[0], "Caisse autonome des oeuvres sociales");
        assert_eq!(texts(&xml, "Nm")[2], "Elodie Lefevre-Celik Fils");
        assert_eq!(
            texts(&xml, "Ustrd")[0],
            "Cotisations 2026 - echeance de mai acompte"
        );
        assert_eq!(
            texts(&xml, "MndtId"),
            ["PAS-E2E-1-1", "PAS-E2E-2-1", "PAS-E2E-3-1"]
        );
    }

    #[test]
    fn control_sum_is_exact() {
        assert_eq!(control_sum([Cents(123_456)]), "1234.56");
        assert_eq!(control_sum([Cents(5), Cents(95)]), "1.00");
        assert_eq!(control_sum([]), "0.00");
        assert_eq!(control_sum([Cents(-250)]), "-2.50");
        assert_eq!(control_sum(vec![MAX_AMOUNT; 3]), "2999999999.97");
        assert_eq!(
            control_sum([Cents(i64::MAX), Cents(i64::MAX)]),
            "184467440737095516.14"
        );
    }

    #[test]
    fn refuses_a_message_without_batch() {
        let mut m = message();
        m.batches.clear();
        assert_eq!(render(&m), Err(Pain008Error::NoBatch));
    }

    #[test]
    fn refuses_an_empty_batch() {
        let mut m = message();
        m.batches[1].debits.clear();
        assert_eq!(
            render(&m),
            Err(Pain008Error::EmptyBatch("PAS-20260428-0001-RCUR".into()))
        );
    }

    #[test]
    fn refuses_amounts_out_of_range() {
        for cents in [0, -1, -10_000, 100_000_000_000, i64::MAX] {
            let mut m = message();
            m.batches[0].debits[1].amount = Cents(cents);
            assert_eq!(
                render(&m),
                Err(Pain008Error::Amount {
                    end_to_end_id: "E2E-2".into(),
                    cents
                })
            );
        }
        let mut m = message();
        m.batches[0].debits[1].amount = Cents(1);
        m.batches[1].debits[0].amount = MAX_AMOUNT;
        assert!(render(&m).is_ok());
    }

    /// The message with one identifier replaced.
    fn with_id(field: &str, value: &str) -> Message {
        let mut m = message();
        let v = value.to_owned();
        match field {
            "MsgId" => m.message_id = v,
            "PmtInfId" => m.batches[1].payment_info_id = v,
            "EndToEndId" => m.batches[0].debits[1].end_to_end_id = v,
            "RUM" => m.batches[1].debits[0].rum = v,
            "ICS" => m.creditor.ics = v,
            _ => unreachable!(),
        }
        m
    }

    const ID_FIELDS: [&str; 5] = ["MsgId", "PmtInfId", "EndToEndId", "RUM", "ICS"];

    #[test]
    fn refuses_empty_ids() {
        for field in ID_FIELDS {
            assert_eq!(
                render(&with_id(field, "")),
                Err(Pain008Error::EmptyId { field }),
                "{field}"
            );
        }
    }

    #[test]
    fn refuses_ids_longer_than_35() {
        let long = "A".repeat(36);
        for field in ID_FIELDS {
            assert_eq!(
                render(&with_id(field, &long)),
                Err(Pain008Error::IdTooLong {
                    field,
                    value: long.clone()
                }),
                "{field}"
            );
            assert!(
                render(&with_id(field, &long[1..])).is_ok(),
                "{field}: 35 characters are fine"
            );
        }
        // Counted in characters, not bytes.
        let accented = "é".repeat(36);
        assert!(matches!(
            render(&with_id("RUM", &accented)),
            Err(Pain008Error::IdTooLong { .. })
        ));
    }

    #[test]
    fn refuses_ids_outside_the_sepa_character_set() {
        for field in ID_FIELDS {
            for bad in [
                "PAS_1", "PAS-é", "A&B", "A<B", "x\ny", "50%", "a\"b", "PAS–1",
            ] {
                assert_eq!(
                    render(&with_id(field, bad)),
                    Err(Pain008Error::IdCharacters {
                        field,
                        value: bad.to_owned()
                    }),
                    "{field}: {bad}"
                );
            }
            for bad in ["/PAS", "PAS/", "PAS//1"] {
                assert_eq!(
                    render(&with_id(field, bad)),
                    Err(Pain008Error::IdSlash {
                        field,
                        value: bad.to_owned()
                    }),
                    "{field}: {bad}"
                );
            }
        }
        // Every character of the set is accepted, and escaped where XML wants it.
        let m = with_id("EndToEndId", "aZ09/-?:().,'+ x");
        let xml = render(&m).unwrap();
        assert!(xml.contains("<EndToEndId>aZ09/-?:().,&apos;+ x</EndToEndId>"));
        assert_valid(&xml);
    }

    #[test]
    fn refuses_invalid_bics_and_empty_names() {
        for bad in [
            "bnpafrpp",
            "BNPAFRP",
            "BNPAFR1P",
            "BNPAFRPO",
            "BNPAFRPPXX",
            "",
        ] {
            let mut m = message();
            m.batches[0].debits[0].debtor_bic = Some(bad.to_owned());
            assert_eq!(render(&m), Err(Pain008Error::Bic(bad.to_owned())), "{bad}");
            let mut m = message();
            m.creditor.bic = Some(bad.to_owned());
            assert_eq!(render(&m), Err(Pain008Error::Bic(bad.to_owned())), "{bad}");
        }
        let mut m = message();
        m.creditor.name = " &&& ".to_owned();
        assert_eq!(
            render(&m),
            Err(Pain008Error::EmptyName("du créancier".into()))
        );
        let mut m = message();
        m.batches[0].debits[1].debtor_name = "李小龍".to_owned();
        assert_eq!(
            render(&m),
            Err(Pain008Error::EmptyName(
                "du débiteur du prélèvement « E2E-2 »".into()
            ))
        );
        // An empty remittance is left out.
        let mut m = message();
        m.batches[0].debits[1].remittance = "€".to_owned();
        let xml = render(&m).unwrap();
        assert_eq!(texts(&xml, "Ustrd").len(), 2);
        assert_valid(&xml);
    }

    #[test]
    fn error_messages_are_french() {
        assert_eq!(
            Pain008Error::NoBatch.to_string(),
            "Le fichier de prélèvements ne contient aucun lot."
        );
        assert_eq!(
            Pain008Error::EmptyId { field: "RUM" }.to_string(),
            "L'identifiant RUM est vide."
        );
    }

    #[test]
    fn sequence_type_codes_round_trip() {
        assert_eq!(
            SequenceType::ALL.map(SequenceType::code),
            ["FRST", "RCUR", "OOFF", "FNAL"]
        );
        for s in SequenceType::ALL {
            assert_eq!(SequenceType::from_code(s.code()), Some(s));
        }
        assert_eq!(SequenceType::from_code("frst"), None);
        assert_eq!(SequenceType::from_code(""), None);
    }

    #[test]
    fn sepa_text_transliterates_and_truncates() {
        assert_eq!(sepa_text("Élise Dupré-Garçon", 70), "Elise Dupre-Garcon");
        assert_eq!(sepa_text("Cœur & Œuvre", 70), "Coeur Oeuvre");
        assert_eq!(sepa_text("ŒUVRE Ærø", 70), "OEUVRE Aero");
        assert_eq!(sepa_text("Straße", 70), "Strasse");
        assert_eq!(sepa_text("Noël Ñúñez Ærø Łódź", 70), "Noel Nunez Aero Lodz");
        assert_eq!(sepa_text("l’école — «ouverte»", 70), "l'ecole - ouverte");
        // Decomposed accents: the combining mark is dropped.
        assert_eq!(sepa_text("Cafe\u{301}", 70), "Cafe");
        assert_eq!(sepa_text("  a\t\n b  ", 70), "a b");
        assert_eq!(sepa_text("100 € <net>", 70), "100 net");
        assert_eq!(sepa_text("€€€", 70), "");
        // Every character of the set is kept as is.
        assert_eq!(sepa_text("AZaz09/-?:().,'+ x", 70), "AZaz09/-?:().,'+ x");
        // Cut to `max` characters after transliteration, no trailing space.
        assert_eq!(sepa_text("ééééé", 3), "eee");
        assert_eq!(sepa_text("œœœ", 5), "oeoeo");
        assert_eq!(sepa_text("abc def", 4), "abc");
        assert_eq!(sepa_text("abc", 0), "");
        assert_eq!(sepa_text(&"Ç".repeat(200), 140).len(), 140);
    }

    #[test]
    fn escapes_the_xml_special_characters() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
        assert_eq!(escape("plain"), "plain");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn group_control_sum_is_the_exact_sum_and_the_file_validates(amounts in proptest::collection::vec(1i64..100_000_000, 1..20), split in 0usize..20) {
            let mut m = message();
            let debits: Vec<DirectDebit> = amounts.iter().enumerate().map(|(i, a)| debit(&format!("E2E-{i}"), *a, None)).collect();
            let split = split.min(debits.len() - 1).max(1).min(debits.len());
            let (first, rest) = debits.split_at(split);
            m.batches[0].debits = first.to_vec();
            if rest.is_empty() {
                m.batches.truncate(1);
            } else {
                m.batches[1].debits = rest.to_vec();
            }
            let xml = render(&m).unwrap();
            let total: i64 = amounts.iter().sum();
            let expected = format!("{}.{:02}", total / 100, total % 100);
            prop_assert_eq!(texts(&xml, "CtrlSum")[0], expected.as_str());
            let count = amounts.len().to_string();
            prop_assert_eq!(texts(&xml, "NbOfTxs")[0], count.as_str());
            assert_valid(&xml);
        }
    }
}
