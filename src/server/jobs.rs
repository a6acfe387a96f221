//! Scheduled work. Each job runs at most once per interval across all app instances: a runner
//! takes the job's lease row with one conditional UPDATE, runs it, logs the run, and releases.
use super::db;
use super::state::AppState;
use crate::error::AppError;
use chrono::Utc;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

pub type JobFuture = Pin<Box<dyn Future<Output = Result<String, AppError>> + Send>>;

#[derive(Clone)]
pub struct Job {
    pub name: &'static str,
    pub every: Duration,
    /// How long a holder may run before another instance may take over (a crashed holder).
    pub lease: Duration,
    pub run: Arc<dyn Fn(AppState) -> JobFuture + Send + Sync>,
}

impl Job {
    pub fn new<F, Fut>(name: &'static str, every: Duration, run: F) -> Job
    where
        F: Fn(AppState) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, AppError>> + Send + 'static,
    {
        Job { name, every, lease: Duration::from_secs(600), run: Arc::new(move |s| Box::pin(run(s))) }
    }
}

/// The jobs every instance runs.
pub fn builtin() -> Vec<Job> {
    vec![
        Job::new("mail-delivery", Duration::from_secs(30), |s: AppState| async move {
            let n = s.mailer.deliver_queued(&s.pool).await?;
            Ok(format!("{n} sent"))
        }),
        Job::new("dunning", Duration::from_secs(3600), |s: AppState| async move {
            super::service::invoice_mail::run_dunning(&s, Utc::now().date_naive()).await
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

pub struct JobRunner {
    state: AppState,
    holder: String,
    jobs: Vec<Job>,
    tick: Duration,
}

impl JobRunner {
    pub fn new(state: AppState, holder: impl Into<String>, jobs: Vec<Job>) -> JobRunner {
        JobRunner { state, holder: holder.into(), jobs, tick: Duration::from_secs(1) }
    }

    pub fn with_tick(mut self, tick: Duration) -> JobRunner {
        self.tick = tick;
        self
    }

    /// Runs until `shutdown` turns true; a job in progress finishes first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            for job in &self.jobs {
                if *shutdown.borrow() {
                    return;
                }
                if let Err(e) = self.run_once(job).await {
                    tracing::warn!(job = job.name, "job runner: {e}");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(self.tick) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// Runs `job` if it is due and this runner wins its lease. Returns whether it ran.
    pub async fn run_once(&self, job: &Job) -> Result<bool, AppError> {
        let pool = &self.state.pool;
        let now = Utc::now();
        let until = now + chrono::Duration::from_std(job.lease).unwrap_or(chrono::Duration::minutes(10));
        let due_if_finished_before = now - chrono::Duration::from_std(job.every).unwrap_or_default();
        if !db::jobs::try_acquire(pool, job.name, &self.holder, now, until, due_if_finished_before).await? {
            return Ok(false);
        }
        let run_id = db::jobs::start_run(pool, job.name, &self.holder).await?;
        let started = std::time::Instant::now();
        let result = (job.run)(self.state.clone()).await;
        let (ok, message) = match &result {
            Ok(m) => (true, m.clone()),
            Err(e) => (false, e.to_string()),
        };
        self.state.metrics.inc("aftersale_job_runs_total", &format!("job=\"{}\",ok=\"{ok}\"", job.name));
        self.state.metrics.observe("aftersale_job_duration_seconds", started.elapsed().as_secs_f64());
        db::jobs::finish_run(pool, run_id, ok, &message).await?;
        db::jobs::release(pool, job.name, &self.holder).await?;
        Ok(true)
    }
}
