//! Exactly-once writes for repeated requests — a REST call retried with its `Idempotency-Key`, a
//! web form double-clicked or re-sent with its one-time `form_key`.
//!
//! The protocol: the request *claims* its key with a lease (so a request that was cut off cannot
//! hold the key forever); its business transaction *marks the key committed in that same
//! transaction* (`db::commit`), so "the write happened" and "the key is used" can never disagree;
//! the answer is stored afterwards and replayed to every repeat. A request that committed nothing
//! (a validation error, a crash before commit) releases its key, so a retry runs again. A repeat
//! that arrives while the first still runs waits for its answer instead of running twice. A
//! different request under a used key is refused (422).
use crate::error::AppError;
use crate::server::db::{self, idempotency::Claim, Pool, Tx};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub use db::idempotency::Answer;

/// The claim the running request holds, seen by `db::commit` through a task-local.
#[derive(Clone)]
struct Scope {
    user_id: i64,
    key: Arc<str>,
    token: Arc<str>,
    committed: Arc<AtomicBool>,
}

tokio::task_local! {
    static SCOPE: Scope;
}

/// How long a repeat waits between looks at a running request's key.
const POLL: Duration = Duration::from_millis(50);

/// What happened to a keyed request.
pub enum Outcome {
    /// This request ran; its answer (as produced) is returned and, if it wrote, stored.
    Ran(Answer),
    /// An earlier request with the key answered this.
    Replayed(Answer),
}

/// Runs `run` at most once per (`user_id`, `key`): see the module doc. `lease` bounds how long a
/// claim of a request that never finishes blocks its key (the request timeout plus a margin).
/// `answer_after_commit_failed` turns a server error that came after the write committed into the
/// answer every repeat gets (the write must not run again, and a 5xx would invite retries).
pub async fn run_once<Fut>(
    pool: &Pool,
    user_id: i64,
    key: &str,
    request_hash: &str,
    lease: Duration,
    run: Fut,
    answer_after_commit_failed: impl FnOnce() -> Answer,
) -> Result<Outcome, AppError>
where
    Fut: Future<Output = Answer>,
{
    let token = uuid::Uuid::new_v4().simple().to_string();
    let lease_chrono = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
    let waited_since = tokio::time::Instant::now();
    loop {
        let now = chrono::Utc::now();
        match db::idempotency::claim(pool, user_id, key, request_hash, &token, now, now + lease_chrono).await? {
            Claim::Owned => break,
            Claim::Done { request_hash: h, answer } if h == request_hash => return Ok(Outcome::Replayed(answer)),
            Claim::CommittedWithoutAnswer { request_hash: h } if h == request_hash => {
                return Ok(Outcome::Replayed(answer_after_commit_failed()))
            }
            Claim::InFlight { request_hash: h } if h == request_hash => {
                // The first request is still running: wait for its answer (or for its lease to
                // run out, when the loop takes the key over), never run beside it.
                if waited_since.elapsed() > lease {
                    return Err(AppError::Conflict {
                        message: "a request with this key is still in progress".into(),
                        code: "idempotency_in_progress".into(),
                    });
                }
                tokio::time::sleep(POLL).await;
            }
            _ => return Err(AppError::field("idempotency_key", "was already used with a different request")),
        }
    }
    let scope = Scope {
        user_id,
        key: Arc::from(key),
        token: Arc::from(token.as_str()),
        committed: Arc::new(AtomicBool::new(false)),
    };
    let answer = SCOPE.scope(scope.clone(), run).await;
    if !scope.committed.load(Ordering::SeqCst) {
        // Nothing was written: the key is free for a retry (of this body or a corrected one).
        if let Err(e) = db::idempotency::release(pool, user_id, key, &token).await {
            tracing::error!("idempotency: releasing a key failed: {e}");
        }
        return Ok(Outcome::Ran(answer));
    }
    let answer = if answer.status >= 500 { answer_after_commit_failed() } else { answer };
    if let Err(e) = db::idempotency::store(pool, user_id, key, &token, &answer).await {
        // The key stays committed, so a repeat still cannot write twice; it gets the
        // "carried out, answer lost" reply instead of this one.
        tracing::error!("idempotency: storing an answer failed: {e}");
    }
    Ok(Outcome::Ran(answer))
}

/// Marks the running request's key committed inside `tx`, once per request. Called by
/// `db::commit` just before it commits; outside a keyed request it does nothing.
pub(crate) async fn mark_in(tx: &mut Tx) -> Result<(), AppError> {
    let Ok(scope) = SCOPE.try_with(Scope::clone) else {
        return Ok(());
    };
    if scope.committed.load(Ordering::SeqCst) {
        return Ok(());
    }
    if !db::idempotency::mark_committed(tx, scope.user_id, &scope.key, &scope.token).await? {
        // Our lease ran out and a retry took the key over: it will do the write, we must not.
        return Err(AppError::Conflict {
            message: "this request took too long and was superseded by a retry with the same key".into(),
            code: "idempotency_superseded".into(),
        });
    }
    Ok(())
}

/// Records that the running request's transaction has committed (after `mark_in` succeeded).
pub(crate) fn note_committed() {
    let _ = SCOPE.try_with(|s| s.committed.store(true, Ordering::SeqCst));
}
