//! The shared parts of every business document (delivery notes now; invoices, credit notes and
//! receipts reuse them): the heading with company, title, number, facts and address blocks; a
//! table that flows over pages with its header repeated; totals; paragraphs; and footers with
//! "Page 2 of 3" and the status mark (DRAFT, VOID, PAID) on every page.
use super::canvas::{Align, Canvas};
use super::font::wrap;

/// Paper sizes in points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// From the company setting; anything unknown prints on A4.
    pub fn parse(s: &str) -> Paper {
        if s.eq_ignore_ascii_case("letter") {
            Paper::Letter
        } else {
            Paper::A4
        }
    }
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

const MARGIN: f32 = 42.0;
/// Room kept at the bottom of every page for the footer.
const FOOTER: f32 = 40.0;
const BODY: f32 = 9.0;
const LEADING: f32 = 11.5;

/// What the first page's heading shows.
pub struct Heading {
    pub company: String,
    /// Address lines, tax id, contact details.
    pub company_lines: Vec<String>,
    /// "Delivery note", "Invoice", …
    pub title: String,
    pub number: String,
    /// Label and value pairs (dates, order, customer reference, …), shown at the right.
    pub facts: Vec<(String, String)>,
    /// Address blocks side by side at the left: ("Ship to", lines).
    pub parties: Vec<(String, Vec<String>)>,
    /// A status printed large on every page (DRAFT, VOID, PAID).
    pub mark: Option<String>,
}

/// One table column: its title, its share of the width and how its cells align.
pub struct Column {
    pub title: &'static str,
    pub weight: f32,
    pub align: Align,
}

/// A document being laid out: pages, the current page and how far down it is filled.
pub struct Sheet {
    canvas: Canvas,
    page: usize,
    /// The baseline position for the next content, from the bottom of the page.
    y: f32,
    running: String,
    mark: Option<String>,
    footer: Vec<String>,
}

impl Sheet {
    /// A new document with its heading drawn on page 1; the `footer` text (none when empty)
    /// ends every page.
    pub fn new(paper: Paper, heading: &Heading, footer: &str) -> Sheet {
        let footer = if footer.is_empty() { vec![] } else { vec![footer.to_string()] };
        let (w, h) = paper.size();
        let mut s = Sheet {
            canvas: Canvas::new(w, h),
            page: 0,
            y: h - MARGIN,
            running: format!("{} · {} {}", heading.company, heading.title, heading.number),
            mark: heading.mark.clone(),
            footer,
        };
        s.heading(heading);
        s
    }

    fn right(&self) -> f32 {
        self.canvas.width - MARGIN
    }

    fn heading(&mut self, h: &Heading) {
        let (p, top, right) = (self.page, self.y, self.right());
        let c = &mut self.canvas;
        // Company at the left; title, number and the facts under them at the right.
        c.text(p, MARGIN, top - 12.0, 14.0, true, Align::Left, &h.company);
        let mut left_y = top - 26.0;
        for line in &h.company_lines {
            c.text_grey(p, MARGIN, left_y, 8.5, false, Align::Left, 0.3, line);
            left_y -= 10.5;
        }
        c.text(p, right, top - 16.0, 20.0, true, Align::Right, &h.title);
        c.text(p, right, top - 32.0, 11.0, false, Align::Right, &h.number);
        let facts_left = MARGIN + (right - MARGIN) * 0.6;
        let mut right_y = top - 50.0;
        for (label, value) in &h.facts {
            c.text_grey(p, facts_left, right_y, BODY, false, Align::Left, 0.35, label);
            c.text(p, right, right_y, BODY, true, Align::Right, value);
            right_y -= LEADING + 1.5;
        }
        // Address blocks side by side across the page.
        let top_of_parties = left_y.min(right_y) - 10.0;
        let width = (right - MARGIN) / h.parties.len().max(1) as f32;
        let mut lowest = top_of_parties;
        for (i, (title, lines)) in h.parties.iter().enumerate() {
            let x = MARGIN + i as f32 * width;
            let mut y = top_of_parties;
            c.text_grey(p, x, y, 8.0, true, Align::Left, 0.35, &title.to_uppercase());
            y -= LEADING;
            for line in lines.iter().flat_map(|l| wrap(l, BODY, false, width - 12.0)) {
                c.text(p, x, y, BODY, false, Align::Left, &line);
                y -= LEADING;
            }
            lowest = lowest.min(y);
        }
        self.y = lowest - 12.0;
        self.draw_mark();
    }

    fn draw_mark(&mut self) {
        if let Some(m) = &self.mark {
            let (x, y) = (self.canvas.width / 2.0, self.canvas.height / 2.0);
            self.canvas.text_grey(self.page, x, y, 72.0, true, Align::Center, 0.85, m);
        }
    }

    /// Starts a new page with the running header (company, title and number).
    fn new_page(&mut self) {
        self.canvas.add_page();
        self.page += 1;
        let (p, top, right) = (self.page, self.canvas.height - MARGIN, self.right());
        self.canvas.text(p, MARGIN, top - 10.0, BODY, true, Align::Left, &self.running);
        self.canvas.line(p, (MARGIN, top - 15.0), (right, top - 15.0), 0.5, 0.7);
        self.y = top - 30.0;
        self.draw_mark();
    }

    /// Makes sure `height` points fit above the footer, else continues on a new page.
    /// Returns whether a page was started.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y - height < MARGIN + FOOTER {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Vertical space.
    pub fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    fn column_edges(&self, columns: &[Column]) -> Vec<(f32, f32)> {
        let total: f32 = columns.iter().map(|c| c.weight).sum();
        let width = self.right() - MARGIN;
        let mut x = MARGIN;
        columns
            .iter()
            .map(|c| {
                let w = width * c.weight / total;
                let edge = (x, x + w);
                x += w;
                edge
            })
            .collect()
    }

    fn table_header(&mut self, columns: &[Column], edges: &[(f32, f32)]) {
        let (p, y, right) = (self.page, self.y, self.right());
        self.canvas.rect(p, MARGIN, y - 16.0, right - MARGIN, 16.0, 0.93);
        for (col, (l, r)) in columns.iter().zip(edges) {
            let x = match col.align {
                Align::Right => r - 4.0,
                Align::Center => (l + r) / 2.0,
                Align::Left => l + 4.0,
            };
            self.canvas.text(p, x, y - 11.0, 8.0, true, col.align, col.title);
        }
        self.y -= 16.0;
    }

    /// A table's rows numbered from 1 in the first column, the other cells from `cells`.
    pub fn numbered_rows<T>(items: &[T], cells: impl Fn(&T) -> Vec<String>) -> Vec<Vec<String>> {
        (1..).zip(items).map(|(n, item)| std::iter::once(n.to_string()).chain(cells(item)).collect()).collect()
    }

    /// A table of text rows. Left-aligned cells wrap within their column; rows never split
    /// across pages; every page the table reaches repeats the column titles.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let edges = self.column_edges(columns);
        self.ensure(16.0 + LEADING + 6.0);
        self.table_header(columns, &edges);
        for row in rows {
            let cells: Vec<Vec<String>> = columns
                .iter()
                .zip(&edges)
                .zip(row)
                .map(|((col, (l, r)), text)| match col.align {
                    Align::Left => wrap(text, BODY, false, r - l - 8.0),
                    _ => vec![text.clone()],
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
            let height = lines * LEADING + 6.0;
            if self.ensure(height) {
                self.table_header(columns, &edges);
            }
            let (p, top) = (self.page, self.y);
            for ((col, (l, r)), cell) in columns.iter().zip(&edges).zip(&cells) {
                let x = match col.align {
                    Align::Right => r - 4.0,
                    Align::Center => (l + r) / 2.0,
                    Align::Left => l + 4.0,
                };
                for (i, line) in cell.iter().enumerate() {
                    self.canvas.text(p, x, top - 11.0 - i as f32 * LEADING, BODY, false, col.align, line);
                }
            }
            self.y -= height;
            let right = self.right();
            self.canvas.line(p, (MARGIN, self.y), (right, self.y), 0.4, 0.82);
        }
        self.y -= 8.0;
    }

    /// Label / amount rows at the right (subtotal, taxes, total); bold rows get a rule above.
    pub fn totals(&mut self, rows: &[(String, String, bool)]) {
        let height = rows.len() as f32 * (LEADING + 3.0) + 6.0;
        self.ensure(height);
        let right = self.right();
        let left = MARGIN + (right - MARGIN) * 0.55;
        for (label, amount, strong) in rows {
            let p = self.page;
            if *strong {
                self.canvas.line(p, (left, self.y), (right, self.y), 0.8, 0.2);
                self.y -= 2.0;
            }
            let size = if *strong { 10.5 } else { BODY };
            self.canvas.text(p, left, self.y - 11.0, size, *strong, Align::Left, label);
            self.canvas.text(p, right, self.y - 11.0, size, *strong, Align::Right, amount);
            self.y -= LEADING + 3.0;
        }
        self.y -= 8.0;
    }

    /// A titled block of wrapped text (notes, payment instructions, a signature line).
    pub fn paragraph(&mut self, title: Option<&str>, text: &str) {
        let width = self.right() - MARGIN;
        let lines = wrap(text, BODY, false, width);
        for (i, line) in lines.iter().enumerate() {
            let first = i == 0;
            let need = if first && title.is_some() { 2.0 * LEADING } else { LEADING };
            self.ensure(need);
            if let (true, Some(t)) = (first, title) {
                self.canvas.text_grey(
                    self.page,
                    MARGIN,
                    self.y - 10.0,
                    8.0,
                    true,
                    Align::Left,
                    0.35,
                    &t.to_uppercase(),
                );
                self.y -= LEADING;
            }
            self.canvas.text(self.page, MARGIN, self.y - 10.0, BODY, false, Align::Left, line);
            self.y -= LEADING;
        }
        self.y -= 6.0;
    }

    /// Footers ("Page i of n" and the footer lines) on every page, then the PDF bytes.
    pub fn finish(mut self, title: &str, created: i64) -> Result<Vec<u8>, String> {
        let pages = self.canvas.pages.len();
        let right = self.right();
        for p in 0..pages {
            let y = MARGIN;
            self.canvas.line(p, (MARGIN, y + 14.0), (right, y + 14.0), 0.4, 0.8);
            self.canvas.text_grey(p, right, y, 8.0, false, Align::Right, 0.35, &format!("Page {} of {pages}", p + 1));
            for (i, line) in self.footer.iter().take(2).enumerate() {
                let max = right - MARGIN - 70.0;
                let text = wrap(line, 7.5, false, max).into_iter().next().unwrap_or_default();
                self.canvas.text_grey(p, MARGIN, y - i as f32 * 9.0, 7.5, false, Align::Left, 0.35, &text);
            }
        }
        self.canvas.render(title, created)
    }
}
