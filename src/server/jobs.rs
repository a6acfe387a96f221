//! Scheduled work. Each job runs at most once per interval across all app instances: a runner
//! takes the job's lease row with one conditional UPDATE, runs the job in a task of its own while
//! renewing the lease, logs the run, and releases. A job that panics is logged and due again at the
//! next tick; the runner and the other jobs carry on. Shutdown waits for running jobs, bounded.
use super::db;
use super::state::AppState;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinHandle};

pub type JobFuture = Pin<Box<dyn Future<Output = Result<String, AppError>> + Send>>;

#[derive(Clone)]
pub struct Job {
    pub name: &'static str,
    pub every: Duration,
    /// How long a holder may go without renewing before another instance may take over (a
    /// crashed holder). A running job renews it every third of this.
    pub lease: Duration,
    /// The job's work as of a moment: now when the runner starts it, the day asked for when
    /// `aftersale run-jobs --today D` does.
    pub run: Arc<dyn Fn(AppState, DateTime<Utc>) -> JobFuture + Send + Sync>,
}

impl Job {
    pub fn new<F, Fut>(name: &'static str, every: Duration, run: F) -> Job
    where
        F: Fn(AppState) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, AppError>> + Send + 'static,
    {
        Job { name, every, lease: Duration::from_secs(600), run: Arc::new(move |s, _| Box::pin(run(s))) }
    }

    /// A job whose work depends on the moment it runs as of (due dates, SLA clocks, renewals).
    pub fn dated<F, Fut>(name: &'static str, every: Duration, run: F) -> Job
    where
        F: Fn(AppState, DateTime<Utc>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, AppError>> + Send + 'static,
    {
        Job { name, every, lease: Duration::from_secs(600), run: Arc::new(move |s, at| Box::pin(run(s, at))) }
    }
}

/// The jobs every instance runs.
pub fn builtin() -> Vec<Job> {
    vec![
        Job::new("mail-delivery", Duration::from_secs(30), |s: AppState| async move {
            let n = s.mailer.deliver_queued(&s.pool).await?;
            Ok(format!("{n} sent"))
        }),
        Job::dated("dunning", Duration::from_secs(3600), |s: AppState, at: DateTime<Utc>| async move {
            super::service::invoices::mail::run_dunning(&s, at.date_naive()).await
        }),
        Job::dated("ticket-sla", Duration::from_secs(60), |s: AppState, at: DateTime<Utc>| async move {
            super::service::tickets::jobs::mark_breaches(&s, at).await
        }),
        Job::dated("ticket-auto-close", Duration::from_secs(3600), |s: AppState, at: DateTime<Utc>| async move {
            super::service::tickets::jobs::auto_close(&s, at).await
        }),
        Job::dated("contract-renewals", Duration::from_secs(3600), |s: AppState, at: DateTime<Utc>| async move {
            super::service::contracts::jobs::run(&s, at.date_naive()).await
        }),
        Job::new("housekeeping", Duration::from_secs(3600), |s: AppState| async move {
            let day_ago = Utc::now() - chrono::Duration::days(1);
            let a = db::login_attempts::prune(&s.pool, day_ago).await?;
            let k = db::idempotency::prune(&s.pool, day_ago).await?;
            let r = db::jobs::prune_runs(&s.pool, Utc::now() - chrono::Duration::days(30)).await?;
            super::sessions::delete_expired(&s.pool).await?;
            Ok(format!("pruned {a} login attempts, {k} idempotency keys, {r} job runs and the expired sessions"))
        }),
    ]
}

/// Runs every built-in job once, as of `at`, one after the other: `aftersale run-jobs`. Each
/// job is safe to run beside the scheduled runs of other instances (they claim their work).
pub async fn run_all_once(state: &AppState, at: DateTime<Utc>) -> Vec<(&'static str, Result<String, AppError>)> {
    let mut out = vec![];
    for job in builtin() {
        out.push((job.name, (job.run)(state.clone(), at).await));
    }
    out
}

/// What a running job needs from its runner (cheap to clone into the job's task).
#[derive(Clone)]
struct Holder {
    state: AppState,
    name: Arc<str>,
}

pub struct JobRunner {
    holder: Holder,
    jobs: Vec<Job>,
    tick: Duration,
    grace: Duration,
}

impl JobRunner {
    pub fn new(state: AppState, holder: impl Into<String>, jobs: Vec<Job>) -> JobRunner {
        let holder = Holder { state, name: holder.into().into() };
        // 20 s: inside the usual 30 s between SIGTERM and SIGKILL of process supervisors.
        JobRunner { holder, jobs, tick: Duration::from_secs(1), grace: Duration::from_secs(20) }
    }

    pub fn with_tick(mut self, tick: Duration) -> JobRunner {
        self.tick = tick;
        self
    }

    /// How long shutdown waits for running jobs before it stops them.
    pub fn with_grace(mut self, grace: Duration) -> JobRunner {
        self.grace = grace;
        self
    }

    /// Runs until `shutdown` turns true, each due job in its own task (a slow job does not hold
    /// up the others). Then waits up to the grace period for the running jobs; those still going
    /// are stopped, logged as such, and their leases given back.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut running: HashMap<&'static str, JoinHandle<()>> = HashMap::new();
        loop {
            running.retain(|_, task| !task.is_finished());
            for job in &self.jobs {
                if *shutdown.borrow() {
                    break;
                }
                if running.contains_key(job.name) {
                    continue;
                }
                match self.holder.acquire(job).await {
                    Ok(true) => {
                        running.insert(job.name, tokio::spawn(self.holder.clone().execute(job.clone())));
                    }
                    Ok(false) => {}
                    Err(e) => tracing::warn!(job = job.name, "job runner: {e}"),
                }
            }
            if *shutdown.borrow() {
                break;
            }
            tokio::select! {
                _ = tokio::time::sleep(self.tick) => {}
                _ = shutdown.changed() => break,
            }
        }
        if running.is_empty() {
            return;
        }
        let names: Vec<_> = running.keys().copied().collect();
        tracing::info!(jobs = ?names, "shutting down: waiting up to {:?} for running jobs", self.grace);
        let all_done = async {
            for task in running.values_mut() {
                let _ = task.await;
            }
        };
        if tokio::time::timeout(self.grace, all_done).await.is_ok() {
            return;
        }
        running.retain(|_, task| !task.is_finished());
        let names: Vec<_> = running.keys().copied().collect();
        tracing::warn!(jobs = ?names, "shutting down: stopping jobs that did not finish in time");
        for task in running.values() {
            task.abort();
        }
        for task in running.into_values() {
            let _ = task.await;
        }
        let message = "stopped at shutdown before it finished";
        if let Err(e) = db::jobs::abandon(&self.holder.state.pool, &self.holder.name, message).await {
            tracing::warn!("job runner: could not give back the stopped jobs' leases: {e}");
        }
    }

    /// Runs `job` to the end if it is due and this runner wins its lease. Returns whether it ran.
    pub async fn run_once(&self, job: &Job) -> Result<bool, AppError> {
        if !self.holder.acquire(job).await? {
            return Ok(false);
        }
        self.holder.clone().execute(job.clone()).await;
        Ok(true)
    }
}

/// Aborts the job's own task when the task supervising it is stopped (shutdown past its grace).
struct AbortOnDrop(AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Holder {
    async fn acquire(&self, job: &Job) -> Result<bool, AppError> {
        let now = Utc::now();
        let until = now + lease_of(job);
        let due_if_finished_before = now - chrono::Duration::from_std(job.every).unwrap_or_default();
        Ok(db::jobs::try_acquire(&self.state.pool, job.name, &self.name, now, until, due_if_finished_before).await?)
    }

    /// Runs an acquired job in a task of its own, renewing the lease until it ends, then logs the
    /// run and releases. A panic is caught here (the task's JoinError), logged, and leaves the job
    /// due at once, so the next tick retries it.
    async fn execute(self, job: Job) {
        let pool = &self.state.pool;
        let run_id = match db::jobs::start_run(pool, job.name, &self.name).await {
            Ok(id) => id,
            Err(e) => {
                tracing::warn!(job = job.name, "job runner: cannot log the run, not running it: {e}");
                let _ = db::jobs::release(pool, job.name, &self.name, false).await;
                return;
            }
        };
        let started = std::time::Instant::now();
        let run = job.run.clone();
        let state = self.state.clone();
        // Calling `run` inside the task too, so a panic while building the future is caught as well.
        let mut task = tokio::spawn(async move { run(state, Utc::now()).await });
        let _stop_with_me = AbortOnDrop(task.abort_handle());
        let renew_every = (job.lease / 3).max(Duration::from_millis(10));
        let outcome = loop {
            tokio::select! {
                r = &mut task => break r,
                _ = tokio::time::sleep(renew_every) => {
                    match db::jobs::renew(pool, job.name, &self.name, Utc::now() + lease_of(&job)).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(job = job.name, "job runner: lost the lease while running"),
                        Err(e) => tracing::warn!(job = job.name, "job runner: cannot renew the lease: {e}"),
                    }
                }
            }
        };
        let (ok, message, finished) = match outcome {
            Ok(Ok(m)) => (true, m, true),
            Ok(Err(e)) => (false, e.to_string(), true),
            Err(e) if e.is_panic() => {
                let panic = e.into_panic();
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a non-text panic".into());
                tracing::error!(job = job.name, "job panicked (retried at the next tick): {what}");
                (false, format!("panicked: {what}"), false)
            }
            Err(e) => (false, format!("stopped: {e}"), false),
        };
        self.state.metrics.job_run(job.name, ok, started.elapsed());
        if let Err(e) = db::jobs::finish_run(pool, run_id, ok, &message).await {
            tracing::warn!(job = job.name, "job runner: cannot log the end of the run: {e}");
        }
        if let Err(e) = db::jobs::release(pool, job.name, &self.name, finished).await {
            tracing::warn!(job = job.name, "job runner: cannot release the lease (it runs out on its own): {e}");
        }
    }
}

fn lease_of(job: &Job) -> chrono::Duration {
    chrono::Duration::from_std(job.lease).unwrap_or(chrono::Duration::minutes(10))
}
