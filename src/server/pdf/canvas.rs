//! A page-by-page list of drawing commands in points (origin bottom left, as PDF has it), and
//! their rendering into PDF bytes: fonts subset to the characters used, one content stream per page.
use super::font::face;
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, TextItem, TextMatrix,
};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// One thing drawn on a page. Grey levels run from 0 (black) to 1 (white).
#[derive(Clone, Debug, PartialEq)]
pub enum Draw {
    Text { x: f32, y: f32, size: f32, bold: bool, grey: f32, text: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32 },
    Rect { x: f32, y: f32, w: f32, h: f32, grey: f32 },
}

/// The pages of a document being drawn.
pub struct Canvas {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Vec<Draw>>,
}

impl Canvas {
    pub fn new(width: f32, height: f32) -> Canvas {
        Canvas { width, height, pages: vec![Vec::new()] }
    }

    pub fn add_page(&mut self) {
        self.pages.push(Vec::new());
    }

    fn page(&mut self, page: usize) -> &mut Vec<Draw> {
        &mut self.pages[page]
    }

    /// Text on one line with its baseline at `y`, aligned at `x`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(&mut self, page: usize, x: f32, y: f32, size: f32, bold: bool, align: Align, text: &str) {
        self.text_grey(page, x, y, size, bold, align, 0.0, text);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text_grey(
        &mut self,
        page: usize,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        align: Align,
        grey: f32,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let w = face(bold).width(text, size);
        let x = match align {
            Align::Left => x,
            Align::Right => x - w,
            Align::Center => x - w / 2.0,
        };
        self.page(page).push(Draw::Text { x, y, size, bold, grey, text: text.to_string() });
    }

    pub fn line(&mut self, page: usize, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, grey: f32) {
        self.page(page).push(Draw::Line { x1, y1, x2, y2, width, grey });
    }

    pub fn rect(&mut self, page: usize, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        self.page(page).push(Draw::Rect { x, y, w, h, grey });
    }

    /// The PDF, with the title and the document's own date (`created`, Unix seconds) in its info
    /// rather than the time of rendering.
    pub fn render(self, title: &str, created: i64) -> Result<Vec<u8>, String> {
        let mut doc = PdfDocument::new(title);
        let date = printpdf::DateTime::from_unix_timestamp(created).map_err(str::to_string)?;
        let info = &mut doc.metadata.info;
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
        info.creator = "Aftersale".into();
        info.producer = "Aftersale (printpdf)".into();
        // One subset per face actually used.
        let mut used: [BTreeSet<char>; 2] = Default::default();
        for d in self.pages.iter().flatten() {
            if let Draw::Text { bold, text, .. } = d {
                used[usize::from(*bold)].extend(text.chars());
            }
        }
        let mut fonts: [Option<FontId>; 2] = [None, None];
        for bold in [false, true] {
            if !used[usize::from(bold)].is_empty() {
                let sub = face(bold).subset(&used[usize::from(bold)])?;
                fonts[usize::from(bold)] = Some(doc.add_font(&sub));
            }
        }
        let grey = |g: f32| Color::Greyscale(Greyscale { percent: g, icc_profile: None });
        let pages = self
            .pages
            .into_iter()
            .map(|draws| {
                let mut ops = Vec::with_capacity(draws.len() * 3);
                // Shapes first (table backgrounds sit under their text), then all text in one text
                // object, setting font and colour only when they change: a smaller content stream
                // is less to write and to compress.
                for d in &draws {
                    match *d {
                        Draw::Rect { x, y, w, h, grey: g } => {
                            ops.push(Op::SetFillColor { col: grey(g) });
                            ops.push(Op::DrawRectangle {
                                rectangle: Rect {
                                    x: Pt(x),
                                    y: Pt(y),
                                    width: Pt(w),
                                    height: Pt(h),
                                    mode: Some(PaintMode::Fill),
                                    winding_order: None,
                                },
                            });
                        }
                        Draw::Line { x1, y1, x2, y2, width, grey: g } => {
                            ops.push(Op::SetOutlineColor { col: grey(g) });
                            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                            ops.push(Op::DrawLine {
                                line: Line {
                                    points: vec![
                                        LinePoint { p: Point { x: Pt(x1), y: Pt(y1) }, bezier: false },
                                        LinePoint { p: Point { x: Pt(x2), y: Pt(y2) }, bezier: false },
                                    ],
                                    is_closed: false,
                                },
                            });
                        }
                        Draw::Text { .. } => {}
                    }
                }
                ops.push(Op::StartTextSection);
                let (mut font_now, mut grey_now) = (None, None);
                for d in draws {
                    let Draw::Text { x, y, size, bold, grey: g, text } = d else { continue };
                    let Some(font) = fonts[usize::from(bold)].clone() else { continue };
                    if grey_now != Some(g) {
                        ops.push(Op::SetFillColor { col: grey(g) });
                        grey_now = Some(g);
                    }
                    if font_now != Some((bold, size)) {
                        ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) });
                        font_now = Some((bold, size));
                    }
                    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) });
                    ops.push(Op::ShowText { items: vec![TextItem::Text(text)] });
                }
                ops.push(Op::EndTextSection);
                PdfPage::new(printpdf::Mm::from(Pt(self.width)), printpdf::Mm::from(Pt(self.height)), ops)
            })
            .collect();
        let mut warnings = Vec::new();
        Ok(doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut warnings))
    }
}
