//! The co-occurrence model: support, confidence and lift on a basket set computed by hand, what is
//! never suggested, the reason's numbers, a planted bundle recovered at the top, and the evaluation.
use super::*;

/// Five accounts: A {1, 2}, B {1, 2, 3}, C {1, 3}, D {2}, E {3, 4, 4}.
fn baskets() -> Vec<Vec<ProductId>> {
    vec![vec![1, 2], vec![1, 2, 3], vec![1, 3], vec![2], vec![3, 4, 4]]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn support_confidence_and_lift_match_the_hand_computed_basket_set() {
    let m = Model::build(baskets(), TOP_NEIGHBOURS, 1);
    assert_eq!(m.accounts(), 5);
    // 1 and 2 together in A and B: 2 of 5 accounts; 1 is in 3 accounts, 2 in 3.
    let s = m.stats(1, 2).unwrap();
    assert_eq!((s.together, s.with_base, s.with_product, s.accounts), (2, 3, 3, 5));
    assert!(close(s.support(), 0.4));
    assert!(close(s.confidence(), 2.0 / 3.0));
    assert!(close(s.lift(), (2.0 / 3.0) / (3.0 / 5.0)));
    // 3 → 4: 4 is only in E (counted once), 3 in B, C, E.
    let s = m.stats(3, 4).unwrap();
    assert_eq!((s.together, s.with_base, s.with_product), (1, 3, 1));
    assert!(close(s.confidence(), 1.0 / 3.0));
    assert!(close(s.lift(), (1.0 / 3.0) / (1.0 / 5.0)));
    assert!(m.stats(2, 4).is_none(), "never together");
    // With the noise floor of two accounts, the 3–4 pair is not kept.
    assert!(Model::build(baskets(), TOP_NEIGHBOURS, 2).stats(3, 4).is_none());
}

#[test]
fn owned_and_refused_products_are_never_suggested_and_scores_add_the_evidence() {
    let m = Model::build(baskets(), TOP_NEIGHBOURS, 1);
    // An account with 1 and 2: 3 comes from 1 (1 of 3... B, C: 2 of 3) and from 2 (B: 1 of 3).
    let s = m.recommend(&[1, 2], |_| true, 10);
    let products: Vec<ProductId> = s.iter().map(|x| x.product).collect();
    assert_eq!(products, [3], "4 never goes with 1 or 2; 1 and 2 are owned");
    assert!(close(s[0].score, 2.0 / 3.0 + 1.0 / 3.0));
    assert_eq!((s[0].because, s[0].from.clone()), (1, vec![1, 2]), "the strongest evidence is the reason");
    assert!(m.recommend(&[1, 2], |p| p != 3, 10).is_empty(), "an inactive or dismissed product is refused");
    assert_eq!(m.popular(&[1, 2], |_| true, 10), [3, 4]);
    assert_eq!(m.popular(&[], |p| p != 1, 2), [2, 3]);
}

#[test]
fn the_reason_says_its_numbers() {
    let m = Model::build(baskets(), TOP_NEIGHBOURS, 1);
    let s = &m.recommend(&[1], |_| true, 10)[0];
    assert_eq!(s.product, 2, "2 and 3 tie on 2 of 3; the lower id first");
    assert_eq!(
        s.reason("Backup Pro", "Monitoring"),
        "2 of the 3 accounts that have Backup Pro also have Monitoring — 1.1× the usual rate"
    );
}

/// A deterministic pseudo-random sequence (no dependency for one test).
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn a_planted_bundle_comes_out_on_top_and_beats_popularity_at_ten() {
    // 2,000 accounts with 3 random products of 40; a third of those with product 7 also have 42.
    let mut seed = 7;
    let mut baskets = vec![];
    for _ in 0..2000 {
        let mut b: Vec<ProductId> = (0..3).map(|_| (lcg(&mut seed) % 40) as ProductId).collect();
        if b.contains(&7) && lcg(&mut seed).is_multiple_of(3) {
            b.push(42);
        }
        baskets.push(b);
    }
    let m = Model::build(baskets.clone(), TOP_NEIGHBOURS, MIN_TOGETHER);
    let top = &m.recommend(&[7], |_| true, 5)[0];
    assert_eq!(top.product, 42, "{top:?}");
    assert!(top.stats.lift() > 2.0, "{}", top.stats.lift());

    // Hold out 42 from the accounts that have it: the engine finds it, popularity mostly does not.
    let (mut engine, mut popularity) = (Evaluation::default(), Evaluation::default());
    let train: Vec<Vec<ProductId>> = baskets.iter().map(|b| b.iter().copied().filter(|p| *p != 42).collect()).collect();
    let mut kept = train.clone();
    kept.extend(baskets.iter().filter(|b| b.contains(&42)).take(100).cloned());
    let m = Model::build(kept, TOP_NEIGHBOURS, MIN_TOGETHER);
    for b in baskets.iter().filter(|b| b.contains(&42)) {
        let owned: Vec<ProductId> = b.iter().copied().filter(|p| *p != 42).collect();
        let ranked: Vec<ProductId> = m.recommend(&owned, |_| true, 10).iter().map(|s| s.product).collect();
        engine.add(&ranked, &[42]);
        popularity.add(&m.popular(&owned, |_| true, 10), &[42]);
    }
    assert!(engine.accounts > 30, "{engine:?}");
    assert!(engine.hit_rate_at_10() > 0.9, "{engine:?}");
    assert!(engine.hit_rate_at_10() > 1.5 * popularity.hit_rate_at_10(), "{engine:?} vs {popularity:?}");
    assert!(close(engine.recall_at_10(), engine.hit_rate_at_10()), "one held-out product each");
}
