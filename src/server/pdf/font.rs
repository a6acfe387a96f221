//! The fonts of every PDF: DejaVu Sans (regular and bold, shipped by the `dejavu` crate), their
//! glyph widths for measuring text, and per-document subsets so a PDF carries only the glyphs it
//! uses (a few KB instead of 700 KB) while any Unicode text still renders and extracts.
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// One typeface: its bytes and the parsed full font (character map and advance widths).
pub struct Face {
    bytes: &'static [u8],
    full: ParsedFont,
    units_per_em: f32,
}

fn load(bytes: &'static [u8]) -> Face {
    let full = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled DejaVu font parses");
    let units_per_em = f32::from(full.units_per_em.max(1));
    Face { bytes, full, units_per_em }
}

/// The regular or bold face, parsed once per process.
pub fn face(bold: bool) -> &'static Face {
    static REGULAR: OnceLock<Face> = OnceLock::new();
    static BOLD: OnceLock<Face> = OnceLock::new();
    if bold {
        BOLD.get_or_init(|| load(dejavu::sans::bold()))
    } else {
        REGULAR.get_or_init(|| load(dejavu::sans::regular()))
    }
}

impl Face {
    fn glyph(&self, c: char) -> u16 {
        self.full.lookup_glyph_index(c as u32).unwrap_or(0)
    }

    /// The advance width of `text` at `size` points (no kerning: documents are set plainly).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.full.get_glyph_width(self.glyph(c)).unwrap_or(0))).sum();
        units as f32 * size / self.units_per_em
    }

    /// A font with just the glyphs of `chars` (and .notdef), whose own character map points at
    /// them: printpdf embeds it whole, and text extraction goes through its ToUnicode map.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
        let mut ids: BTreeSet<u16> = chars.iter().map(|c| self.glyph(*c)).collect();
        ids.remove(&0);
        let ids: Vec<u16> = std::iter::once(0).chain(ids).collect();
        let file = ReadScope::new(self.bytes).read::<FontData<'_>>().map_err(|e| e.to_string())?;
        let provider = file.table_provider(0).map_err(|e| e.to_string())?;
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())?;
        ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or_else(|| "the font subset did not parse".to_string())
    }
}

/// Splits `text` into lines no wider than `width` points, at spaces where possible (a single
/// word longer than the line is cut). Existing line breaks are kept.
pub fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let f = face(bold);
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split(' ') {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if f.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            // A word wider than the line: cut it where it overflows.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if f.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    out.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        out.push(line);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_wraps_text_by_glyph_widths() {
        let f = face(false);
        assert!(f.width("WWWW", 10.0) > f.width("iiii", 10.0));
        assert!((f.width("abc", 20.0) - 2.0 * f.width("abc", 10.0)).abs() < 0.01);
        let lines = wrap("Zoë Łukasiewicz ordered twelve Straße signs from Ørsted", 10.0, false, 100.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= 100.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Zoë Łukasiewicz ordered twelve Straße signs from Ørsted");
        assert_eq!(wrap("a\nb", 10.0, false, 100.0), vec!["a", "b"]);
    }

    #[test]
    fn subsets_keep_exactly_the_glyphs_used() {
        let chars: BTreeSet<char> = "Zoë Łukasiewicz".chars().collect();
        let sub = face(true).subset(&chars).unwrap();
        for c in chars {
            assert!(sub.lookup_glyph_index(c as u32).is_some(), "{c}");
        }
        assert!(sub.lookup_glyph_index('Q' as u32).is_none());
        assert!(sub.original_bytes.len() < 30_000, "{} bytes", sub.original_bytes.len());
    }
}
