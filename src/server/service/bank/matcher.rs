//! Scores what a bank-statement line could be — a recorded payment or an open invoice — from the
//! exact amount, a document number or payment reference in its text, the counterparty against
//! account names, and the date. Everything is looked up in in-memory indexes built once per run,
//! so a statement of 10,000 lines against 100,000 open invoices is a few hash lookups a line.
use crate::model::bank::CandidateKind;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The indexes' map: foldhash instead of SipHash (keys are amounts, ids and short words).
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A suggestion needs at least this score, and a clear lead over the runner-up.
pub const SUGGEST_AT: u32 = 60;
/// An amount bucket larger than this (a common round amount) is only scored together with a
/// name, number or reference hit: alone it says nothing.
const BUCKET_LIMIT: usize = 200;
/// A name word shared by more accounts than this ("Print", "Logistics") does not point at an
/// account: only rarer words bring an account's documents in as candidates.
const RARE_WORD: usize = 20;
/// With no rare word, the rarest one still narrows a common amount down when it names at most
/// this many accounts (each a hash lookup by amount and account).
const RAREST_WORD_SCAN: usize = 2000;

/// Something a line may be.
#[derive(Clone, Debug)]
pub struct Target {
    pub kind: CandidateKind,
    pub id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    /// The invoice's open balance, or the payment's amount (minor units).
    pub amount_minor: i64,
    /// The payment's date, or the invoice's issue date.
    pub date: NaiveDate,
    /// For invoices: the due date.
    pub due: Option<NaiveDate>,
    /// Payment references (transfer reference, cheque number, card reference, reference) the bank may echo.
    pub refs: Vec<String>,
}

/// A statement line as matching reads it.
#[derive(Clone, Debug)]
pub struct Line<'a> {
    pub amount_minor: i64,
    pub booked_on: NaiveDate,
    pub description: &'a str,
    pub counterparty: &'a str,
    pub reference: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// Index into the matcher's targets.
    pub target: usize,
    pub score: u32,
    pub reasons: Vec<String>,
}

/// Words of company names that say nothing about which company it is.
const NOISE: &[&str] = &[
    "LTD", "LIMITED", "GMBH", "AG", "SA", "SAS", "SARL", "BV", "NV", "INC", "LLC", "LLP", "PLC", "CO", "CORP", "THE",
    "AND", "OF", "KG", "SPA", "SRL", "OY", "AB", "AS", "UG", "EK", "SEPA", "TRANSFER", "PAYMENT", "CREDIT", "INVOICE",
];

/// Upper-case words of letters and digits, noise words dropped.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(str::to_uppercase)
        .filter(|w| !NOISE.contains(&w.as_str()))
        .collect()
}

/// A document number without separators: "INV-2026-000123" → "INV2026000123".
fn compact(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// Document numbers written in free text, in any spacing: letters followed by 10 digits
/// (`PREFIX-YYYY-NNNNNN`), as compact keys.
fn numbers_in(text: &str) -> Vec<String> {
    let c = compact(text);
    let b = c.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let digits = i;
            while i < b.len() && b[i].is_ascii_digit() && i - digits < 10 {
                i += 1;
            }
            if i - digits == 10 && digits - start >= 2 {
                // Only the last few letters: "REFINV2026…" still finds "INV2026…".
                for from in start..=digits.saturating_sub(2) {
                    out.push(c[from..i].to_string());
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

pub struct Matcher {
    targets: Vec<Target>,
    by_amount: Map<i64, Vec<usize>>,
    by_number: Map<String, usize>,
    by_ref: Map<String, Vec<usize>>,
    by_account: Map<i64, Vec<usize>>,
    by_amount_account: Map<(i64, i64), Vec<usize>>,
    /// Name word → accounts having it; and each account's name words.
    accounts_by_word: Map<String, Vec<i64>>,
    account_words: Map<i64, Vec<String>>,
}

impl Matcher {
    pub fn new(targets: Vec<Target>) -> Matcher {
        // Sized up front: maps with about a key per target would otherwise rehash a dozen times.
        let n = targets.len();
        let mut m = Matcher {
            targets: vec![],
            by_amount: Map::default(),
            by_number: Map::with_capacity_and_hasher(n, Default::default()),
            by_ref: Map::default(),
            by_account: Map::default(),
            by_amount_account: Map::with_capacity_and_hasher(n, Default::default()),
            accounts_by_word: Map::default(),
            account_words: Map::default(),
        };
        for (i, t) in targets.iter().enumerate() {
            m.by_amount.entry(t.amount_minor).or_default().push(i);
            m.by_number.insert(compact(&t.number), i);
            for r in &t.refs {
                let key = compact(r);
                if key.len() >= 4 {
                    m.by_ref.entry(key).or_default().push(i);
                }
            }
            m.by_account.entry(t.account_id).or_default().push(i);
            m.by_amount_account.entry((t.amount_minor, t.account_id)).or_default().push(i);
            if !m.account_words.contains_key(&t.account_id) {
                let w = words(&t.account_name);
                for word in &w {
                    m.accounts_by_word.entry(word.clone()).or_default().push(t.account_id);
                }
                m.account_words.insert(t.account_id, w);
            }
        }
        m.targets = targets;
        m
    }

    pub fn target(&self, i: usize) -> &Target {
        &self.targets[i]
    }

    /// How much of the account's name the counterparty text carries (0–1), by whole words.
    fn name_similarity(&self, account_id: i64, text_words: &HashSet<&str>) -> f64 {
        match self.account_words.get(&account_id) {
            Some(w) if !w.is_empty() => {
                w.iter().filter(|x| text_words.contains(x.as_str())).count() as f64 / w.len() as f64
            }
            _ => 0.0,
        }
    }

    /// The best `top` candidates for a line, best first. Only money in has candidates.
    pub fn candidates(&self, line: &Line<'_>, top: usize) -> Vec<Scored> {
        if line.amount_minor <= 0 {
            return vec![];
        }
        let text = format!("{} {} {}", line.description, line.counterparty, line.reference);
        let name_text = if line.counterparty.trim().is_empty() { text.as_str() } else { line.counterparty };
        let name_words_owned = words(name_text);
        let name_words: HashSet<&str> = name_words_owned.iter().map(String::as_str).collect();
        let numbers: HashSet<usize> = numbers_in(&text).iter().filter_map(|n| self.by_number.get(n).copied()).collect();
        let refs: HashSet<usize> = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\''))
            .map(compact)
            .filter(|w| w.len() >= 4)
            .filter_map(|w| self.by_ref.get(&w))
            .flatten()
            .copied()
            .collect();
        let named_accounts: HashSet<i64> = name_words
            .iter()
            .filter_map(|w| self.accounts_by_word.get(*w))
            .filter(|accounts| accounts.len() <= RARE_WORD)
            .flatten()
            .copied()
            .collect();

        let mut pool: HashSet<usize> = numbers.iter().chain(refs.iter()).copied().collect();
        let same_amount = self.by_amount.get(&line.amount_minor).map(Vec::as_slice).unwrap_or_default();
        if same_amount.len() <= BUCKET_LIMIT {
            pool.extend(same_amount.iter().copied());
        } else {
            // A common amount: only documents of accounts the name points at (through the
            // rarest name word when none is rare), looked up by amount and account — never a
            // scan of the bucket, which at a million invoices holds thousands.
            let accounts: Vec<i64> = if named_accounts.is_empty() {
                name_words
                    .iter()
                    .filter_map(|w| self.accounts_by_word.get(*w))
                    .min_by_key(|a| a.len())
                    .filter(|a| a.len() <= RAREST_WORD_SCAN)
                    .cloned()
                    .unwrap_or_default()
            } else {
                named_accounts.iter().copied().collect()
            };
            for a in accounts {
                if let Some(docs) = self.by_amount_account.get(&(line.amount_minor, a)) {
                    pool.extend(docs.iter().copied());
                }
            }
        }
        // The named accounts' documents: a payment of part of an invoice, or a total of several.
        if named_accounts.len() <= RARE_WORD {
            for a in &named_accounts {
                if let Some(docs) = self.by_account.get(a) {
                    pool.extend(docs.iter().take(BUCKET_LIMIT));
                }
            }
        }

        let mut scored: Vec<Scored> = pool
            .into_iter()
            .map(|i| self.score(i, line, &name_words, numbers.contains(&i), refs.contains(&i)))
            .filter(|s| s.score > 0)
            .collect();
        scored.sort_by(|a, b| {
            b.score.cmp(&a.score).then_with(|| {
                let (ta, tb) = (&self.targets[a.target], &self.targets[b.target]);
                // Payments first at a tie (recorded money explains a deposit best), then older.
                (ta.kind != CandidateKind::Payment, ta.date, ta.id).cmp(&(
                    tb.kind != CandidateKind::Payment,
                    tb.date,
                    tb.id,
                ))
            })
        });
        scored.truncate(top);
        scored
    }

    fn score(&self, i: usize, line: &Line<'_>, name_words: &HashSet<&str>, number: bool, reference: bool) -> Scored {
        let t = &self.targets[i];
        let mut score: i64 = 0;
        let mut reasons = vec![];
        let what = match t.kind {
            CandidateKind::Invoice => "the open balance",
            CandidateKind::Payment => "the payment",
        };
        if t.amount_minor == line.amount_minor {
            score += 40;
            reasons.push(format!("amount equals {what}"));
        } else if t.amount_minor > line.amount_minor && t.kind == CandidateKind::Invoice {
            score += 5;
            reasons.push("pays part of the open balance".to_string());
        }
        if number {
            score += 40;
            reasons.push(format!("{} is named in the text", t.number));
        }
        if reference && !number {
            score += 30;
            reasons.push("the payment's reference is in the text".to_string());
        }
        let similarity = self.name_similarity(t.account_id, name_words);
        if similarity > 0.0 {
            score += (20.0 * similarity).round() as i64;
            reasons.push(format!("counterparty ≈ {} ({:.0}%)", t.account_name, similarity * 100.0));
        }
        let days = (line.booked_on - t.date).num_days();
        match t.kind {
            CandidateKind::Payment => {
                let off = days.abs();
                if off == 0 {
                    score += 10;
                    reasons.push("booked on the payment date".to_string());
                } else if off <= 3 {
                    score += 10;
                    reasons.push(format!("booked {off} day{} from the payment date", if off == 1 { "" } else { "s" }));
                } else if off <= 10 {
                    score += 5;
                    reasons.push(format!("booked {off} days from the payment date"));
                }
            }
            CandidateKind::Invoice if days < 0 => {
                score -= 20;
                reasons.push("booked before the invoice was issued".to_string());
            }
            CandidateKind::Invoice => {
                let late = t.due.map(|d| (line.booked_on - d).num_days()).unwrap_or(0);
                if late <= 30 {
                    score += 10;
                    reasons.push("booked between issue and 30 days past due".to_string());
                } else {
                    score += 3;
                    reasons.push(format!("booked {late} days past due"));
                }
            }
        }
        Scored { target: i, score: score.clamp(0, 100) as u32, reasons }
    }

    /// The candidate to suggest: good enough and clearly ahead of the next.
    pub fn suggestion(candidates: &[Scored]) -> Option<&Scored> {
        let best = candidates.first().filter(|b| b.score >= SUGGEST_AT)?;
        match candidates.get(1) {
            Some(next) if next.score == best.score => None,
            _ => Some(best),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }
    fn invoice(id: i64, number: &str, account: (i64, &str), amount: i64) -> Target {
        Target {
            kind: CandidateKind::Invoice,
            id,
            number: number.into(),
            account_id: account.0,
            account_name: account.1.into(),
            amount_minor: amount,
            date: day(1),
            due: Some(day(15)),
            refs: vec![],
        }
    }
    fn line<'a>(amount: i64, text: &'a str, counterparty: &'a str) -> Line<'a> {
        Line { amount_minor: amount, booked_on: day(20), description: text, counterparty, reference: "" }
    }

    #[test]
    fn finds_document_numbers_in_any_spacing() {
        assert!(numbers_in("Payment inv 2026 000123 thanks").contains(&"INV2026000123".to_string()));
        assert!(numbers_in("REF:INV-2026-000123").contains(&"INV2026000123".to_string()));
        assert!(numbers_in("no number 2026").is_empty());
    }

    #[test]
    fn amount_and_name_beat_amount_alone() {
        let m = Matcher::new(vec![
            invoice(1, "INV-2026-000001", (10, "Falcon Print Ltd"), 119_000),
            invoice(2, "INV-2026-000002", (11, "Harbour Foods"), 119_000),
        ]);
        let c = m.candidates(&line(119_000, "SEPA CREDIT", "FALCON PRINT LIMITED"), 3);
        assert_eq!(m.target(c[0].target).id, 1);
        assert!(c[0].reasons.iter().any(|r| r.contains("Falcon Print Ltd (100%)")), "{:?}", c[0].reasons);
        assert!(Matcher::suggestion(&c).is_some());
        // Amount alone, two equal invoices: no suggestion.
        let c = m.candidates(&line(119_000, "CASH DEPOSIT", "UNKNOWN"), 3);
        assert!(Matcher::suggestion(&c).is_none(), "{c:?}");
    }

    #[test]
    fn a_number_in_the_text_finds_the_invoice_even_for_a_partial_payment() {
        let m = Matcher::new(vec![invoice(7, "INV-2026-000007", (10, "Falcon Print"), 50_000)]);
        let c = m.candidates(&line(20_000, "part payment INV-2026-000007", "Falcon Print"), 3);
        assert_eq!(c[0].score, 5 + 40 + 20 + 10);
        assert!(c[0].reasons.iter().any(|r| r.contains("INV-2026-000007 is named")));
    }

    #[test]
    fn a_common_amount_is_narrowed_by_the_name_not_scanned() {
        let mut targets: Vec<Target> = (0..500)
            .map(|i| invoice(i, &format!("INV-2026-{i:06}"), (i, &format!("Acme Print {i}")), 10_000))
            .collect();
        targets.push(invoice(999, "INV-2026-000999", (999, "Falcon Print 7"), 10_000));
        let m = Matcher::new(targets);
        let c = m.candidates(&line(10_000, "SEPA CREDIT", "FALCON PRINT 7"), 3);
        assert_eq!(m.target(c[0].target).id, 999);
        assert!(Matcher::suggestion(&c).is_some(), "{c:?}");
        // The amount alone among 501 equal invoices: nothing is suggested.
        assert!(Matcher::suggestion(&m.candidates(&line(10_000, "CASH", "SOMEONE"), 3)).is_none());
    }

    #[test]
    fn money_out_has_no_candidates() {
        let m = Matcher::new(vec![invoice(1, "INV-2026-000001", (10, "Bank"), 450)]);
        assert!(m.candidates(&line(-450, "Bank fee", "Bank"), 3).is_empty());
    }
}
