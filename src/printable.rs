//! Text from other people's files, made safe to show. A name in a hostile model can hold an
//! escape sequence that recolours, clears or retitles the user's terminal, a carriage return
//! that overwrites the line before it, or a right-to-left override that makes text read
//! backwards. Everything Strider prints on a terminal, and every notice the app shows, goes
//! through [`printable`]: such characters are shown as `\u001b`-style escapes instead of obeyed.
//!
//! The escape is JSON's own, so JSON output stays valid JSON after passing through.

use std::borrow::Cow;
use std::io::Write;

/// Whether a character changes how a terminal or a text view behaves instead of showing as
/// itself: C0 controls, DEL, C1 controls (of which U+009B is a second ESC [), and the
/// bidirectional overrides and isolates.
fn is_hazard(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether the UTF-8 bytes could hold a hazard, checked a byte at a time (megabytes of JSON
/// pass through here): C0 controls and DEL are single bytes, the C1 controls start with 0xC2
/// then 0x80..=0x9F, and the bidirectional controls (U+202A..U+202E, U+2066..U+2069) start
/// with 0xE2 0x80 or 0xE2 0x81. A `true` is confirmed character by character.
fn may_hold_hazard(bytes: &[u8], keep_lines: bool) -> bool {
    let hazard_at = |i: usize| match bytes[i] {
        b'\n' | b'\t' => !keep_lines,
        0x00..=0x1f | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xe2 => bytes.get(i + 1).is_some_and(|n| matches!(n, 0x80 | 0x81)),
        _ => false,
    };
    // Nearly all output is printable ASCII: 64 bytes of it are passed in one test that the
    // compiler turns into a few vector instructions; only other blocks are looked at closely.
    let plain = |b: &u8| (0x20..0x7f).contains(b) || keep_lines && matches!(b, b'\n' | b'\t');
    let mut at = 0;
    while at + 64 <= bytes.len() {
        if !bytes[at..at + 64].iter().all(plain) && (at..at + 64).any(hazard_at) {
            return true;
        }
        at += 64;
    }
    (at..bytes.len()).any(hazard_at)
}

/// `text` with every hazardous character written as `\uXXXX`. With `keep_lines`, line feeds
/// and tabs stay as they are (for multi-line messages); without, they are escaped too, so one
/// name can never pass for several lines of output.
pub fn printable(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let hazard = |c: char| is_hazard(c) && !(keep_lines && matches!(c, '\n' | '\t'));
    if !may_hold_hazard(text.as_bytes(), keep_lines) || !text.chars().any(hazard) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hazard(c) {
            clean.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            clean.push(c);
        }
    }
    Cow::Owned(clean)
}

/// A writer that passes everything through [`printable`] (lines and tabs kept): what the
/// command line writes its output and messages through.
pub struct PrintableWriter<W: Write> {
    inner: W,
    /// The start of a UTF-8 character split between two writes.
    pending: Vec<u8>,
}

impl<W: Write> PrintableWriter<W> {
    pub fn new(inner: W) -> Self {
        PrintableWriter {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for PrintableWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let bytes = std::mem::take(&mut self.pending);
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.inner.write_all(printable(text, true).as_bytes())?;
                    rest = &[];
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // Valid by construction: `valid_up_to` says so.
                    let text = std::str::from_utf8(good).unwrap_or_default();
                    self.inner.write_all(printable(text, true).as_bytes())?;
                    match e.error_len() {
                        // Not UTF-8 at all: shown as the replacement character.
                        Some(n) => {
                            self.inner.write_all("\u{fffd}".as_bytes())?;
                            rest = &bad[n..];
                        }
                        // A character cut off at the end: wait for the rest of it.
                        None => {
                            self.pending = bad.to_vec();
                            rest = &[];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let bytes = std::mem::take(&mut self.pending);
            self.inner
                .write_all(String::from_utf8_lossy(&bytes).as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for PrintableWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_never_misses_what_the_character_test_finds() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("ab{c}cd");
            for keep in [false, true] {
                let hazard = is_hazard(c) && !(keep && matches!(c, '\n' | '\t'));
                if hazard {
                    assert!(may_hold_hazard(text.as_bytes(), keep), "U+{:04X}", c as u32);
                }
            }
        }
    }

    #[test]
    fn hazards_are_found_at_every_place_in_long_text_even_across_blocks() {
        for c in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{2066}', '\n'] {
            for at in 0..140 {
                let text = format!("{}{c}{}", "a".repeat(at), "b".repeat(140 - at));
                assert!(may_hold_hazard(text.as_bytes(), false), "{c:?} at {at}");
                assert_eq!(
                    may_hold_hazard(text.as_bytes(), true),
                    c != '\n',
                    "{c:?} at {at}"
                );
            }
        }
        let safe = format!("{}\n\té ü {}", "x".repeat(100), "y".repeat(100));
        assert!(!may_hold_hazard(safe.as_bytes(), true));
    }

    #[test]
    fn escapes_and_controls_are_shown_not_obeyed() {
        assert_eq!(printable("plain name", false), "plain name");
        assert_eq!(
            printable("\u{1b}[31mred\u{1b}]0;title\u{7}", false),
            "\\u001b[31mred\\u001b]0;title\\u0007"
        );
        assert_eq!(printable("a\u{9b}2Jb", false), "a\\u009b2Jb");
        assert_eq!(printable("ok\rfake", false), "ok\\u000dfake");
        assert_eq!(printable("two\nlines", false), "two\\u000alines");
        assert_eq!(printable("two\nlines", true), "two\nlines");
        assert_eq!(printable("\u{202e}txt.exe", true), "\\u202etxt.exe");
    }

    #[test]
    fn the_writer_cleans_characters_split_between_writes_and_keeps_json_valid() {
        let mut out = Vec::new();
        {
            let mut w = PrintableWriter::new(&mut out);
            let text = "{\"name\": \"a\u{9b}b\u{1b}c\"}\n";
            let bytes = text.as_bytes();
            let split = text.find('\u{9b}').unwrap() + 1;
            w.write_all(&bytes[..split]).unwrap();
            w.write_all(&bytes[split..]).unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "{\"name\": \"a\\u009bb\\u001bc\"}\n");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["name"], "a\u{9b}b\u{1b}c");
    }
}
