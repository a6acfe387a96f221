//! The fonts of every PDF: DejaVu Sans (regular and bold, shipped by the `dejavu` crate), their
//! glyph widths for measuring text, and per-document subsets so a PDF carries only the glyphs it
//! uses (a few KB instead of 700 KB) while any Unicode text still renders and extracts.
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// One typeface: the full font, a smaller base font cut from it once (the scripts business
/// documents use), and advance widths by character for fast measuring.
pub struct Face {
    full_bytes: &'static [u8],
    full: ParsedFont,
    /// The base subset's bytes: per-document subsets are cut from these when they can be, which is
    /// several times cheaper than cutting from the full font (smaller cmap, no glyph names).
    base_bytes: Vec<u8>,
    base: ParsedFont,
    /// Advance width in font units of every character below `FAST`, 0 when the font lacks it.
    advances: Vec<u16>,
    units_per_em: f32,
}

/// Characters below this are measured from a table; the rest through the font's maps.
const FAST: u32 = 0x2400;

/// The base subset: Latin (with all its European accents), Greek, Cyrillic, punctuation, currency
/// signs, arrows, and the symbols invoices print.
fn base_chars() -> BTreeSet<char> {
    [
        (0x20, 0x24f),
        (0x370, 0x3ff),
        (0x400, 0x4ff),
        (0x1e00, 0x1eff),
        (0x2000, 0x206f),
        (0x20a0, 0x20bf),
        (0x2100, 0x21ff),
    ]
    .iter()
    .flat_map(|(a, b)| (*a..=*b).filter_map(char::from_u32))
    .collect()
}

/// The tables a PDF needs (outlines, metrics, the character map): no `name` table (15 KB of
/// licence text in DejaVu) and no hinting programs, which PDF viewers do not use — half the bytes
/// to embed and to compress.
fn profile() -> SubsetProfile {
    use allsorts::tag;
    SubsetProfile::Custom(vec![tag::CMAP, tag::HEAD, tag::HHEA, tag::HMTX, tag::MAXP, tag::POST])
}

fn cut(bytes: &[u8], ids: &[u16]) -> Result<Vec<u8>, String> {
    let file = ReadScope::new(bytes).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = file.table_provider(0).map_err(|e| e.to_string())?;
    subset(&provider, ids, &profile(), CmapTarget::Unicode).map_err(|e| e.to_string())
}

fn glyph_ids(font: &ParsedFont, chars: &BTreeSet<char>) -> Vec<u16> {
    let mut ids: BTreeSet<u16> = chars.iter().filter_map(|c| font.lookup_glyph_index(*c as u32)).collect();
    ids.remove(&0);
    std::iter::once(0).chain(ids).collect()
}

fn load(bytes: &'static [u8]) -> Face {
    let full = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled DejaVu font parses");
    let base_bytes = cut(bytes, &glyph_ids(&full, &base_chars())).expect("the base subset cuts");
    let base = ParsedFont::from_bytes(&base_bytes, 0, &mut Vec::new()).expect("the base subset parses");
    let advances =
        (0..FAST).map(|c| full.lookup_glyph_index(c).and_then(|g| full.get_glyph_width(g)).unwrap_or(0)).collect();
    let units_per_em = f32::from(full.units_per_em.max(1));
    Face { full_bytes: bytes, full, base_bytes, base, advances, units_per_em }
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

    fn advance(&self, c: char) -> u32 {
        match self.advances.get(c as usize) {
            Some(w) => u32::from(*w),
            None => u32::from(self.full.get_glyph_width(self.glyph(c)).unwrap_or(0)),
        }
    }

    /// The advance width of `text` at `size` points (no kerning: documents are set plainly).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| self.advance(c)).sum();
        units as f32 * size / self.units_per_em
    }

    /// A font with just the glyphs of `chars` (and .notdef), whose own character map points at
    /// them: printpdf embeds it whole, and text extraction goes through its ToUnicode map.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
        let in_base = chars.iter().all(|c| self.base.lookup_glyph_index(*c as u32).is_some() || self.glyph(*c) == 0);
        let bytes = if in_base {
            cut(&self.base_bytes, &glyph_ids(&self.base, chars))?
        } else {
            cut(self.full_bytes, &glyph_ids(&self.full, chars))?
        };
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
