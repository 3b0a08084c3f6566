"""Reads the three calendar files of one appointment's life, as emailed (confirmed, moved by the
agency, cancelled), with the `icalendar` package: a parser independent of the server's writer.
Asserts they are iTIP messages that update then remove the same calendar entry.

Usage: check_ics.py DIR, where a server test (PASSERELLE_ICS_DIR) wrote 1-confirmed.ics,
2-moved.ics and 3-cancelled.ics. Fails when any is missing."""

import sys
from datetime import timedelta
from pathlib import Path

import icalendar

EXPECTED = [
    ("1-confirmed.ics", "REQUEST", "CONFIRMED", 0),
    ("2-moved.ics", "REQUEST", "CONFIRMED", 1),
    ("3-cancelled.ics", "CANCEL", "CANCELLED", 2),
]


def fail(message):
    sys.exit(f"check_ics: {message}")


def check(path, method, status, sequence):
    raw = path.read_bytes()
    if b"cle=" in raw or b"/rendez-vous/suivi/" in raw:
        fail(f"{path.name}: the signed link is in the calendar file")
    if b"\n" in raw.replace(b"\r\n", b""):
        fail(f"{path.name}: a line ends without CRLF")
    cal = icalendar.Calendar.from_ical(raw)
    if str(cal.get("METHOD")) != method:
        fail(f"{path.name}: METHOD {cal.get('METHOD')!r}, expected {method}")
    events = cal.walk("VEVENT")
    if len(events) != 1:
        fail(f"{path.name}: {len(events)} VEVENT, expected 1")
    e = events[0]
    if str(e.get("STATUS")) != status:
        fail(f"{path.name}: STATUS {e.get('STATUS')!r}, expected {status}")
    if int(e.get("SEQUENCE", -1)) != sequence:
        fail(f"{path.name}: SEQUENCE {e.get('SEQUENCE')!r}, expected {sequence}")
    organizer, attendee = e.get("ORGANIZER"), e.get("ATTENDEE")
    if organizer is None or not str(organizer).lower().startswith("mailto:") or not organizer.params.get("CN"):
        fail(f"{path.name}: ORGANIZER {organizer!r}, expected the agency's name and a mailto address")
    if attendee is None or isinstance(attendee, list) or not str(attendee).lower().startswith("mailto:"):
        fail(f"{path.name}: ATTENDEE {attendee!r}, expected the person's mailto address")
    for name in ("DTSTART", "DTEND", "DTSTAMP"):
        value = e.decoded(name)
        written = e[name].to_ical()
        if value.utcoffset() != timedelta(0) or not written.endswith(b"Z") or "TZID" in e[name].params:
            fail(f"{path.name}: {name} {written!r} is not in UTC form")
    return str(e["UID"]), str(organizer), str(attendee), e.decoded("DTSTART")


def main():
    if len(sys.argv) != 2:
        fail("usage: check_ics.py DIR")
    folder = Path(sys.argv[1])
    missing = [name for name, *_ in EXPECTED if not (folder / name).is_file()]
    if missing:
        fail(f"missing in {folder}: {', '.join(missing)} (the server test did not write them: is PASSERELLE_ICS_DIR set?)")
    seen = [check(folder / name, *rest) for name, *rest in EXPECTED]
    for what, values in zip(("UID", "ORGANIZER", "ATTENDEE"), zip(*seen)):
        if len(set(values)) != 1:
            fail(f"{what} differs between the files: {values}")
    if seen[0][3] == seen[1][3]:
        fail("the move did not change DTSTART")
    print(f"check_ics: {len(EXPECTED)} calendar files of {seen[0][0]} read by icalendar {icalendar.__version__}: REQUEST 0, REQUEST 1, CANCEL 2")


if __name__ == "__main__":
    main()
