//! An iCalendar (RFC 5545) event attached to the appointment emails, in the shape of an iTIP
//! invitation (RFC 5546): mail clients (Outlook, Google Calendar, Apple Calendar) apply an
//! update or a removal only to an event that names its organizer and the person as attendee,
//! sent with METHOD:REQUEST (added or changed, a higher SEQUENCE each time) or METHOD:CANCEL.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Identifies the program that produced the calendar.
pub const PRODID: &str = "-//Passerelle//Rendez-vous//FR";
/// The longest line, in octets without the line break (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;
/// The alarm shown before the appointment.
const ALARM_TRIGGER: &str = "-PT1H";

/// What the file does to the person's calendar entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IcsMethod {
    /// Adds the appointment, or moves it, as confirmed by the agency.
    Request,
    /// Adds or moves it, marked tentative: the person chose a new slot the agency has yet to confirm.
    RequestTentative,
    /// Removes it.
    Cancel,
    /// The file downloaded from the appointment's page ("Ajouter à mon agenda"): published, not
    /// an invitation, so it names no attendee; confirmed by the agency.
    Publish,
    /// The same, for an appointment the agency has yet to confirm.
    PublishTentative,
}

impl IcsMethod {
    fn method(self) -> &'static str {
        match self {
            IcsMethod::Request | IcsMethod::RequestTentative => "REQUEST",
            IcsMethod::Cancel => "CANCEL",
            IcsMethod::Publish | IcsMethod::PublishTentative => "PUBLISH",
        }
    }

    fn status(self) -> &'static str {
        match self {
            IcsMethod::Request | IcsMethod::Publish => "CONFIRMED",
            IcsMethod::RequestTentative | IcsMethod::PublishTentative => "TENTATIVE",
            IcsMethod::Cancel => "CANCELLED",
        }
    }

    /// The MIME type of the calendar part: clients recognise an invitation by its `method`.
    pub fn content_type(self) -> String {
        format!("text/calendar; charset=utf-8; method={}", self.method())
    }
}

/// The organizer (the agency, with the fund's no-reply address) or the attendee (the person).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcsParty<'a> {
    pub name: &'a str,
    pub email: &'a str,
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
    pub organizer: IcsParty<'a>,
    pub attendee: IcsParty<'a>,
    pub method: IcsMethod,
}

/// The event's UID: the appointment's reference at the public host name (from the public URL,
/// without scheme, credentials, port or path), so two deployments never share a UID.
pub fn uid(reference: &str, public_url: &str) -> String {
    let rest = public_url
        .trim()
        .split_once("://")
        .map_or(public_url.trim(), |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    format!("{reference}@{}", host.to_ascii_lowercase())
}

/// The event's description: the public reference, what the file did, and the agency's phone,
/// never the signed management link (anyone who sees the calendar entry could use it). A
/// cancellation carries the agency's reason, if it gave one.
pub fn description(
    method: IcsMethod,
    reference: &str,
    reason: &str,
    agency: &str,
    phone: &str,
    cancel_reason: Option<&str>,
) -> String {
    let what = match (method, cancel_reason) {
        (IcsMethod::Request | IcsMethod::Publish, _) => {
            "Rendez-vous confirmé par l'agence.".to_owned()
        }
        (IcsMethod::RequestTentative, _) => {
            "Nouvel horaire demandé : à confirmer par l'agence.".to_owned()
        }
        (IcsMethod::PublishTentative, _) => {
            "Rendez-vous demandé : à confirmer par l'agence.".to_owned()
        }
        (IcsMethod::Cancel, Some(r)) => format!("Rendez-vous annulé par l'agence. Motif : {r}"),
        (IcsMethod::Cancel, None) => "Rendez-vous annulé à votre demande.".to_owned(),
    };
    let contact = if phone.is_empty() {
        agency.to_owned()
    } else {
        format!("{agency} au {phone}")
    };
    format!("{what}\nRéférence : {reference} – {reason}.\nPour toute question : {contact}.")
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

/// A parameter value, quoted: DQUOTE and control characters, which a quoted value cannot hold,
/// are dropped (RFC 5545 §3.1).
fn quoted(value: &str) -> String {
    format!(
        "\"{}\"",
        value
            .chars()
            .filter(|c| *c != '"' && !c.is_control())
            .collect::<String>()
    )
}

/// A `mailto:` URI, without the spaces or control characters an address never has.
fn mailto(email: &str) -> String {
    format!(
        "mailto:{}",
        email
            .trim()
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
            .collect::<String>()
    )
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
        format!(
            "ORGANIZER;CN={}:{}",
            quoted(e.organizer.name),
            mailto(e.organizer.email)
        ),
    ];
    // An invitation names its attendee (no reply is expected: the person answers through the
    // appointment's page or by phone); a published file names none (RFC 5546 §3.2.1).
    if !matches!(e.method, IcsMethod::Publish | IcsMethod::PublishTentative) {
        lines.push(format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:{}",
            quoted(e.attendee.name),
            mailto(e.attendee.email)
        ));
    }
    lines.extend([
        format!("DTSTART:{}", utc(e.start)),
        format!("DTEND:{}", utc(e.end)),
        format!("SUMMARY:{}", escape(e.summary)),
    ]);
    if !e.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(e.location)));
    }
    if !e.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(e.description)));
    }
    lines.push(format!("STATUS:{}", e.method.status()));
    if e.method != IcsMethod::Cancel {
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
            organizer: IcsParty {
                name: "Agence de Bordeaux",
                email: "ne-pas-repondre@passerelle.example",
            },
            attendee: IcsParty {
                name: "Hélène Lambert",
                email: "helene@example.fr",
            },
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
        unfolded
            .split("\r\n")
            .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
    }

    #[test]
    fn a_request_has_every_property_with_crlf_line_endings() {
        let ics = render(&event(
            "Apportez votre dernier avis d'imposition.",
            IcsMethod::Request,
        ));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
        let unfolded = unfold(&ics);
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        assert_eq!(
            lines[..6],
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Passerelle//Rendez-vous//FR",
                "CALSCALE:GREGORIAN",
                "METHOD:REQUEST",
                "BEGIN:VEVENT"
            ]
        );
        for expected in [
            "UID:rdv-42@passerelle.example",
            "SEQUENCE:1",
            "ORGANIZER;CN=\"Agence de Bordeaux\":mailto:ne-pas-repondre@passerelle.example",
            "ATTENDEE;CN=\"Hélène Lambert\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:helene@example.fr",
            "STATUS:CONFIRMED",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT1H",
            "END:VALARM",
            "END:VEVENT",
        ] {
            assert!(lines.contains(&expected), "{expected}");
        }
        assert_eq!(
            property(&ics, "LOCATION"),
            Some("Agence de Bordeaux\\, 12 rue Sainte-Catherine")
        );
    }

    #[test]
    fn the_downloaded_file_is_published_and_names_no_attendee() {
        for (method, status) in [
            (IcsMethod::Publish, "STATUS:CONFIRMED"),
            (IcsMethod::PublishTentative, "STATUS:TENTATIVE"),
        ] {
            let unfolded = unfold(&render(&event("", method)));
            let lines: Vec<&str> = unfolded.split("\r\n").collect();
            assert!(
                lines.contains(&"METHOD:PUBLISH") && lines.contains(&status),
                "{unfolded}"
            );
            assert!(!unfolded.contains("ATTENDEE"), "{unfolded}");
            assert!(
                lines.iter().any(|l| l.starts_with("ORGANIZER;"))
                    && lines.contains(&"BEGIN:VALARM")
            );
        }
    }

    #[test]
    fn dates_are_written_in_utc_form() {
        let ics = render(&event("", IcsMethod::Request));
        assert_eq!(property(&ics, "DTSTAMP"), Some("20260601T080309Z"));
        assert_eq!(property(&ics, "DTSTART"), Some("20260615T070000Z"));
        assert_eq!(property(&ics, "DTEND"), Some("20260615T073000Z"));
    }

    #[test]
    fn text_values_escape_backslashes_semicolons_commas_and_line_breaks() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assert_eq!(escape("bell\u{7}less"), "bellless");
        let ics = render(&event(
            "Pièces : RIB; avis, justificatifs\nMerci",
            IcsMethod::Request,
        ));
        assert_eq!(
            property(&unfold(&ics), "DESCRIPTION"),
            Some("Pièces : RIB\\; avis\\, justificatifs\\nMerci")
        );
    }

    #[test]
    fn a_long_french_description_is_folded_at_75_octets_and_unfolds_to_the_original() {
        let description = "Votre conseillère vous recevra à l'agence. Munissez-vous de votre pièce d'identité, \
            de votre dernier avis d'impôt sur le revenu et des échéanciers reçus ; en cas d'empêchement, \
            annulez au plus tard quatre heures avant : « Mes rendez-vous » → Annuler. Été, hiver, Noël : ÀÉÈÊÔÛÇ œæ €€€€€€€€€€€€€€€€€€€€€€€€€€€€";
        let ics = render(&event(description, IcsMethod::Request));
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

    fn lines(ics: &str) -> Vec<String> {
        unfold(ics).split("\r\n").map(str::to_owned).collect()
    }

    #[test]
    fn a_cancellation_names_the_same_organizer_and_attendee_is_cancelled_and_has_no_alarm() {
        let mut cancelled = event(
            "Rendez-vous annulé par l'agence. Motif : travaux",
            IcsMethod::Cancel,
        );
        cancelled.sequence = 2;
        let ics = render(&cancelled);
        let request = lines(&render(&event("", IcsMethod::Request)));
        let lines = lines(&ics);
        assert!(lines.contains(&"METHOD:CANCEL".to_owned()));
        assert!(lines.contains(&"STATUS:CANCELLED".to_owned()));
        assert!(lines.contains(&"SEQUENCE:2".to_owned()));
        for same in ["UID", "ORGANIZER", "ATTENDEE"] {
            let of = |ls: &[String]| ls.iter().find(|l| l.starts_with(same)).cloned();
            assert!(of(&lines).is_some() && of(&lines) == of(&request), "{same}");
        }
        assert!(!ics.contains("VALARM"));
        assert_eq!(
            property(&unfold(&ics), "DESCRIPTION"),
            Some("Rendez-vous annulé par l'agence. Motif : travaux")
        );
    }

    #[test]
    fn a_move_the_agency_has_yet_to_confirm_is_a_tentative_request_with_its_alarm() {
        let ics = render(&event("", IcsMethod::RequestTentative));
        let lines = lines(&ics);
        for expected in ["METHOD:REQUEST", "STATUS:TENTATIVE", "TRIGGER:-PT1H"] {
            assert!(lines.contains(&expected.to_owned()), "{expected}");
        }
        assert!(
            lines.iter().any(|l| l.starts_with("ORGANIZER;"))
                && lines.iter().any(|l| l.starts_with("ATTENDEE;"))
        );
        assert_eq!(
            IcsMethod::RequestTentative.content_type(),
            "text/calendar; charset=utf-8; method=REQUEST"
        );
        assert_eq!(
            IcsMethod::Cancel.content_type(),
            "text/calendar; charset=utf-8; method=CANCEL"
        );
    }

    #[test]
    fn names_are_quoted_without_the_quotes_or_line_breaks_they_cannot_hold() {
        let mut e = event("", IcsMethod::Request);
        e.organizer = IcsParty {
            name: "Agence \"Nord\"; Lille, quai",
            email: " ne-pas-repondre@passerelle.example\r\n",
        };
        e.attendee = IcsParty {
            name: "Anne\r\nMarie",
            email: "anne@example.fr",
        };
        let ics = render(&e);
        let lines = lines(&ics);
        assert!(lines.contains(&"ORGANIZER;CN=\"Agence Nord; Lille, quai\":mailto:ne-pas-repondre@passerelle.example".to_owned()), "{ics}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("ATTENDEE;CN=\"AnneMarie\";")),
            "{ics}"
        );
    }

    #[test]
    fn the_description_gives_the_reference_and_the_agency_phone_never_a_link() {
        let confirmed = description(
            IcsMethod::Request,
            "RDV-2026-ABC123",
            "Échéancier",
            "Agence Paris Est",
            "01 23 45 67 89",
            None,
        );
        assert_eq!(confirmed, "Rendez-vous confirmé par l'agence.\nRéférence : RDV-2026-ABC123 – Échéancier.\nPour toute question : Agence Paris Est au 01 23 45 67 89.");
        let by_agency = description(
            IcsMethod::Cancel,
            "RDV-2026-ABC123",
            "Échéancier",
            "Agence Paris Est",
            "",
            Some("Agence fermée pour travaux"),
        );
        assert!(
            by_agency.starts_with(
                "Rendez-vous annulé par l'agence. Motif : Agence fermée pour travaux\n"
            ),
            "{by_agency}"
        );
        assert!(by_agency.ends_with("Pour toute question : Agence Paris Est."));
        assert!(description(IcsMethod::Cancel, "R", "M", "A", "", None)
            .starts_with("Rendez-vous annulé à votre demande."));
        assert!(
            description(IcsMethod::RequestTentative, "R", "M", "A", "", None)
                .contains("à confirmer par l'agence")
        );
        for text in [confirmed, by_agency] {
            assert!(!text.contains("http") && !text.contains("cle="), "{text}");
        }
    }

    #[test]
    fn the_uid_is_the_reference_at_the_public_host_name() {
        assert_eq!(
            uid("RDV-2026-ABC123", "https://moncompte.caisse.example/"),
            "RDV-2026-ABC123@moncompte.caisse.example"
        );
        assert_eq!(uid("RDV-1", "http://127.0.0.1:3000"), "RDV-1@127.0.0.1");
        assert_eq!(
            uid("RDV-1", "https://user:pw@Passerelle.Example:8443/base?x=1"),
            "RDV-1@passerelle.example"
        );
        assert_eq!(uid("RDV-1", "http://[::1]:3000/"), "RDV-1@::1");
    }
}
