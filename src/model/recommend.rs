//! Product recommendations from what accounts have: product–product co-occurrence across accounts
//! (support, confidence, lift), each product's strongest neighbours kept (memory bounded by
//! `top` per product), a per-account score summing the evidence of every product the account has,
//! each suggestion with the numbers of its reason, and the popularity baseline the engine is
//! measured against. Pure: the service feeds it the baskets and says what may be suggested.
//!
//! Scores and rates are statistics, not money: `f64` is right here.
use std::collections::{BTreeMap, HashMap};

pub type ProductId = i64;

/// How many neighbours each product keeps by default.
pub const TOP_NEIGHBOURS: usize = 50;

/// A pair seen together in fewer accounts than this is noise, not a pattern.
pub const MIN_TOGETHER: u32 = 2;

/// The numbers behind "accounts that have A also have B".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairStats {
    /// Accounts that have both.
    pub together: u32,
    /// Accounts that have A (the product the suggestion comes from).
    pub with_base: u32,
    /// Accounts that have B.
    pub with_product: u32,
    /// All accounts the model was built from.
    pub accounts: u32,
}

impl PairStats {
    /// Share of all accounts that have both.
    pub fn support(&self) -> f64 {
        ratio(self.together, self.accounts)
    }
    /// Of the accounts that have A, the share that have B.
    pub fn confidence(&self) -> f64 {
        ratio(self.together, self.with_base)
    }
    /// Confidence over B's usual rate: 1 is no association, 3 is three times the usual rate.
    pub fn lift(&self) -> f64 {
        let usual = ratio(self.with_product, self.accounts);
        if usual == 0.0 {
            0.0
        } else {
            self.confidence() / usual
        }
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// One neighbour of a product: the other product and how often the two go together.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Neighbour {
    product: ProductId,
    together: u32,
}

/// The co-occurrence model.
#[derive(Clone, Debug, Default)]
pub struct Model {
    accounts: u32,
    counts: HashMap<ProductId, u32>,
    neighbours: HashMap<ProductId, Vec<Neighbour>>,
}

impl Model {
    /// Builds the model from each account's products (repeats within a basket count once),
    /// keeping each product's `top` neighbours by confidence, pairs seen `min_together` times or more.
    pub fn build<I, B>(baskets: I, top: usize, min_together: u32) -> Model
    where
        I: IntoIterator<Item = B>,
        B: IntoIterator<Item = ProductId>,
    {
        let mut accounts = 0u32;
        let mut counts: HashMap<ProductId, u32> = HashMap::new();
        let mut pairs: HashMap<(ProductId, ProductId), u32> = HashMap::new();
        for basket in baskets {
            let mut items: Vec<ProductId> = basket.into_iter().collect();
            items.sort_unstable();
            items.dedup();
            if items.is_empty() {
                continue;
            }
            accounts += 1;
            for (i, &a) in items.iter().enumerate() {
                *counts.entry(a).or_default() += 1;
                for &b in &items[i + 1..] {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut neighbours: HashMap<ProductId, Vec<Neighbour>> = HashMap::new();
        for ((a, b), together) in pairs {
            if together < min_together.max(1) {
                continue;
            }
            neighbours.entry(a).or_default().push(Neighbour { product: b, together });
            neighbours.entry(b).or_default().push(Neighbour { product: a, together });
        }
        for list in neighbours.values_mut() {
            // Confidence from this product is together ÷ its own count: the same order as `together`.
            list.sort_by(|x, y| y.together.cmp(&x.together).then(x.product.cmp(&y.product)));
            list.truncate(top);
        }
        Model { accounts, counts, neighbours }
    }

    /// How many accounts the model was built from.
    pub fn accounts(&self) -> u32 {
        self.accounts
    }

    /// The numbers of "accounts that have `base` also have `product`" (None when the pair was not kept).
    pub fn stats(&self, base: ProductId, product: ProductId) -> Option<PairStats> {
        let together = self.neighbours.get(&base)?.iter().find(|n| n.product == product)?.together;
        Some(PairStats {
            together,
            with_base: self.counts.get(&base).copied().unwrap_or(0),
            with_product: self.counts.get(&product).copied().unwrap_or(0),
            accounts: self.accounts,
        })
    }

    /// Up to `k` suggestions for an account that has `owned`: each candidate's score is the sum of
    /// the confidences from every owned product that leads to it; its reason is the strongest of
    /// them. Never an owned product, nor one `allowed` refuses (inactive, recently dismissed).
    pub fn recommend(&self, owned: &[ProductId], allowed: impl Fn(ProductId) -> bool, k: usize) -> Vec<Suggestion> {
        let mut scores: BTreeMap<ProductId, Suggestion> = BTreeMap::new();
        for &base in owned {
            let Some(list) = self.neighbours.get(&base) else { continue };
            for n in list {
                if owned.contains(&n.product) || !allowed(n.product) {
                    continue;
                }
                let Some(stats) = self.stats(base, n.product) else { continue };
                let s = scores.entry(n.product).or_insert(Suggestion {
                    product: n.product,
                    score: 0.0,
                    because: base,
                    stats,
                    from: vec![],
                });
                s.score += stats.confidence();
                s.from.push(base);
                if stats.confidence() > s.stats.confidence() {
                    s.because = base;
                    s.stats = stats;
                }
            }
        }
        let mut out: Vec<Suggestion> = scores.into_values().collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.product.cmp(&b.product)));
        out.truncate(k);
        out
    }

    /// The popularity baseline: the `k` products most accounts have, less the owned and refused.
    pub fn popular(&self, owned: &[ProductId], allowed: impl Fn(ProductId) -> bool, k: usize) -> Vec<ProductId> {
        let mut all: Vec<(ProductId, u32)> =
            self.counts.iter().filter(|(p, _)| !owned.contains(p) && allowed(**p)).map(|(p, c)| (*p, *c)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        all.into_iter().take(k).map(|(p, _)| p).collect()
    }
}

/// One suggestion: the product, its score, and the evidence it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub product: ProductId,
    pub score: f64,
    /// The owned product with the strongest evidence, and its numbers.
    pub because: ProductId,
    pub stats: PairStats,
    /// Every owned product that leads to it.
    pub from: Vec<ProductId>,
}

impl Suggestion {
    /// The reason as a sentence with its numbers, e.g. "31 of the 48 accounts that have Backup Pro
    /// also have Monitoring — 3.1× the usual rate".
    pub fn reason(&self, base_name: &str, product_name: &str) -> String {
        let s = self.stats;
        format!(
            "{} of the {} accounts that have {base_name} also have {product_name} — {:.1}× the usual rate",
            s.together,
            s.with_base,
            s.lift()
        )
    }
}

/// Hit rates of a recommender over held-out purchases.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evaluation {
    pub accounts: usize,
    /// Accounts with at least one held-out product among the top 5 / top 10.
    pub hits_at_5: usize,
    pub hits_at_10: usize,
    /// Held-out products found in the top 10, over all held-out products.
    pub found_at_10: usize,
    pub held_out: usize,
}

impl Evaluation {
    pub fn hit_rate_at_5(&self) -> f64 {
        ratio(self.hits_at_5 as u32, self.accounts as u32)
    }
    pub fn hit_rate_at_10(&self) -> f64 {
        ratio(self.hits_at_10 as u32, self.accounts as u32)
    }
    pub fn recall_at_10(&self) -> f64 {
        ratio(self.found_at_10 as u32, self.held_out as u32)
    }

    /// Adds one account: its top-10 list (best first) against what it went on to buy.
    pub fn add(&mut self, ranked: &[ProductId], held_out: &[ProductId]) {
        let held: Vec<ProductId> = held_out.to_vec();
        if held.is_empty() {
            return;
        }
        self.accounts += 1;
        self.held_out += held.len();
        let hit = |k: usize| ranked.iter().take(k).any(|p| held.contains(p));
        self.hits_at_5 += usize::from(hit(5));
        self.hits_at_10 += usize::from(hit(10));
        self.found_at_10 += held.iter().filter(|p| ranked.iter().take(10).any(|r| r == *p)).count();
    }
}

#[cfg(test)]
#[path = "recommend_tests.rs"]
mod tests;
