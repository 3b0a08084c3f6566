//! An iCalendar (RFC 5545) event attached to the appointment emails, so the appointment lands
//! in the person's calendar (and leaves it when cancelled).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Identifies the program that produced the calendar.
pub const PRODID: &str = "-//Passerelle//Rendez-vous//FR";
/// The longest line, in octets without the line break (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;
/// The alarm shown before the appointment.
const ALARM_TRIGGER: &str = "-PT1H";

/// The iTIP method: a new or changed appointment, or its cancellation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IcsMethod {
    Publish,
    Cancel,
}

impl IcsMethod {
    fn method(self) -> &'static str {
        match self {
            IcsMethod::Publish => "PUBLISH",
            IcsMethod::Cancel => "CANCEL",
        }
    }

    fn status(self) -> &'static str {
        match self {
            IcsMethod::Publish => "CONFIRMED",
            IcsMethod::Cancel => "CANCELLED",
        }
    }
}

/// One appointment. The same `uid` with a higher `sequence` replaces the earlier version in the
/// person's calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcsEvent<'a> {
    pub uid: &'a str,
    pub sequence: u32,
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: &'a str,
    /// Left out of the calendar when empty (a phone appointment).
    pub location: &'a str,
    /// Left out of the calendar when empty.
    pub description: &'a str,
    pub method: IcsMethod,
}

/// A DATE-TIME in UTC form: `20260615T070000Z`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma, and line breaks as `\n`; other control
/// characters, which TEXT does not allow, are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no physical line exceeds 75 octets (continuation lines
/// start with one space, which counts), never inside a UTF-8 character, each ended by CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut room = MAX_LINE_OCTETS;
    for c in line.chars() {
        if c.len_utf8() > room {
            out.push_str("\r\n ");
            room = MAX_LINE_OCTETS - 1;
        }
        out.push(c);
        room -= c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The whole calendar, with CRLF line endings.
pub fn render(e: &IcsEvent) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".into(),
        format!("METHOD:{}", e.method.method()),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", escape(e.uid)),
        format!("SEQUENCE:{}", e.sequence),
        format!("DTSTAMP:{}", utc(e.stamp)),
        format!("DTSTART:{}", utc(e.start)),
        format!("DTEND:{}", utc(e.end)),
        format!("SUMMARY:{}", escape(e.summary)),
    ];
    if !e.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(e.location)));
    }
    if !e.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(e.description)));
    }
    lines.push(format!("STATUS:{}", e.method.status()));
    if e.method == IcsMethod::Publish {
        lines.extend([
            "BEGIN:VALARM".into(),
            "ACTION:DISPLAY".into(),
            format!("DESCRIPTION:{}", escape(e.summary)),
            format!("TRIGGER:{ALARM_TRIGGER}"),
            "END:VALARM".into(),
        ]);
    }
    lines.extend(["END:VEVENT".into(), "END:VCALENDAR".into()]);

    let mut out = String::new();
    for line in &lines {
        push_line(&mut out, line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event<'a>(description: &'a str, method: IcsMethod) -> IcsEvent<'a> {
        IcsEvent {
            uid: "rdv-42@passerelle.example",
            sequence: 1,
            stamp: Utc.with_ymd_and_hms(2026, 6, 1, 8, 3, 9).unwrap(),
            start: Utc.with_ymd_and_hms(2026, 6, 15, 7, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 6, 15, 7, 30, 0).unwrap(),
            summary: "Rendez-vous à l'agence",
            location: "Agence de Bordeaux, 12 rue Sainte-Catherine",
            description,
            method,
        }
    }

    /// Undoes the folding: a CRLF followed by a space disappears.
    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn property<'a>(unfolded: &'a str, name: &str) -> Option<&'a str> {
        unfolded.split("\r\n").find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
    }

    #[test]
    fn a_published_event_has_every_property_with_crlf_line_endings() {
        let ics = render(&event("Apportez votre dernier avis d'imposition.", IcsMethod::Publish));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
        let lines: Vec<&str> = ics.split("\r\n").collect();
        assert_eq!(
            lines[..6],
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Passerelle//Rendez-vous//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT"]
        );
        for expected in [
            "UID:rdv-42@passerelle.example",
            "SEQUENCE:1",
            "STATUS:CONFIRMED",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT1H",
            "END:VALARM",
            "END:VEVENT",
        ] {
            assert!(lines.contains(&expected), "{expected}");
        }
        assert_eq!(property(&ics, "LOCATION"), Some("Agence de Bordeaux\\, 12 rue Sainte-Catherine"));
    }

    #[test]
    fn dates_are_written_in_utc_form() {
        let ics = render(&event("", IcsMethod::Publish));
        assert_eq!(property(&ics, "DTSTAMP"), Some("20260601T080309Z"));
        assert_eq!(property(&ics, "DTSTART"), Some("20260615T070000Z"));
        assert_eq!(property(&ics, "DTEND"), Some("20260615T073000Z"));
    }

    #[test]
    fn text_values_escape_backslashes_semicolons_commas_and_line_breaks() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assert_eq!(escape("bell\u{7}less"), "bellless");
        let ics = render(&event("Pièces : RIB; avis, justificatifs\nMerci", IcsMethod::Publish));
        assert_eq!(property(&unfold(&ics), "DESCRIPTION"), Some("Pièces : RIB\\; avis\\, justificatifs\\nMerci"));
    }

    #[test]
    fn a_long_french_description_is_folded_at_75_octets_and_unfolds_to_the_original() {
        let description = "Votre conseillère vous recevra à l'agence. Munissez-vous de votre pièce d'identité, \
            de votre dernier avis d'impôt sur le revenu et des échéanciers reçus ; en cas d'empêchement, \
            annulez au plus tard quatre heures avant : « Mes rendez-vous » → Annuler. Été, hiver, Noël : ÀÉÈÊÔÛÇ œæ €€€€€€€€€€€€€€€€€€€€€€€€€€€€";
        let ics = render(&event(description, IcsMethod::Publish));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(ics.split("\r\n").filter(|l| l.starts_with(' ')).count() >= 4);
        let unfolded = unfold(&ics);
        let written = property(&unfolded, "DESCRIPTION").unwrap();
        assert_eq!(unescape(written), description);
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        for prefix in 0..4 {
            let text = format!("{}{}", "x".repeat(prefix), "é€😀".repeat(40));
            let mut out = String::new();
            push_line(&mut out, &text);
            assert!(out.split("\r\n").all(|l| l.len() <= 75));
            assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), text);
        }
    }

    #[test]
    fn a_cancellation_is_cancelled_and_has_no_alarm() {
        let mut cancelled = event("", IcsMethod::Cancel);
        cancelled.sequence = 2;
        let ics = render(&cancelled);
        assert!(ics.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(ics.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:2\r\n"));
        assert!(!ics.contains("VALARM"));
        assert!(!ics.contains("DESCRIPTION"));
    }
}
