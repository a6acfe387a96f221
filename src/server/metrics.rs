//! The app's Prometheus metrics: recorded through the `metrics` facade into a Prometheus exporter
//! recorder, rendered as text at `GET /metrics`.
//!
//! Each `AppState` has its own recorder (never the process-global one): the integration tests run
//! many apps in one process, and each must count only its own requests.
use metrics::{counter, gauge, histogram, with_local_recorder};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

const HTTP_REQUESTS: &str = "aftersale_http_requests_total";
const HTTP_DURATION: &str = "aftersale_http_request_duration_seconds";
const JOB_RUNS: &str = "aftersale_job_runs_total";
const JOB_DURATION: &str = "aftersale_job_duration_seconds";
const POOL_CONNECTIONS: &str = "aftersale_db_pool_connections";

/// From a quick page (5 ms) to the request timeout's order (30 s): enough resolution for a p99.
const HTTP_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
/// Jobs run from milliseconds (an empty outbox) to minutes (a reminder run over many invoices).
const JOB_BUCKETS: &[f64] = &[0.01, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0];

/// Histogram samples wait in the recorder until they are folded into buckets; without the
/// exporter's own HTTP listener nothing does that but a render, so fold every this many samples
/// to keep an unscraped server's memory flat.
const UPKEEP_EVERY: u32 = 1024;

pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    samples_since_upkeep: AtomicU32,
}

impl Default for Metrics {
    fn default() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.into()), HTTP_BUCKETS)
            .and_then(|b| b.set_buckets_for_metric(Matcher::Full(JOB_DURATION.into()), JOB_BUCKETS))
            .expect("the bucket lists are constant and not empty")
            .build_recorder();
        let handle = recorder.handle();
        with_local_recorder(&recorder, || {
            metrics::describe_counter!(HTTP_REQUESTS, "HTTP requests by method, route template and status");
            metrics::describe_histogram!(
                HTTP_DURATION,
                metrics::Unit::Seconds,
                "HTTP request duration by method, route template and status"
            );
            metrics::describe_counter!(JOB_RUNS, "scheduled job runs by job and outcome");
            metrics::describe_histogram!(JOB_DURATION, metrics::Unit::Seconds, "scheduled job run duration by job");
            metrics::describe_gauge!(POOL_CONNECTIONS, "database pool connections by state");
        });
        Metrics { recorder, handle, samples_since_upkeep: AtomicU32::new(0) }
    }
}

impl Metrics {
    /// One answered HTTP request. `route` is the matched route template (never the raw path) and
    /// `method` one of a fixed set, so the label sets stay bounded.
    pub fn http_request(&self, method: &'static str, route: String, status: u16, elapsed: Duration) {
        with_local_recorder(&self.recorder, || {
            let status = status.to_string();
            counter!(HTTP_REQUESTS, "method" => method, "route" => route.clone(), "status" => status.clone())
                .increment(1);
            histogram!(HTTP_DURATION, "method" => method, "route" => route, "status" => status)
                .record(elapsed.as_secs_f64());
        });
        self.sampled();
    }

    /// One finished run of a scheduled job.
    pub fn job_run(&self, job: &'static str, ok: bool, elapsed: Duration) {
        with_local_recorder(&self.recorder, || {
            counter!(JOB_RUNS, "job" => job, "ok" => ok.to_string()).increment(1);
            histogram!(JOB_DURATION, "job" => job).record(elapsed.as_secs_f64());
        });
        self.sampled();
    }

    /// The Prometheus text, with the pool's connections (`idle`, `busy`) as of now.
    pub fn render(&self, engine: &'static str, idle: u64, busy: u64) -> String {
        with_local_recorder(&self.recorder, || {
            gauge!(POOL_CONNECTIONS, "engine" => engine, "state" => "idle").set(idle as f64);
            gauge!(POOL_CONNECTIONS, "engine" => engine, "state" => "busy").set(busy as f64);
        });
        self.handle.render()
    }

    fn sampled(&self) {
        if self.samples_since_upkeep.fetch_add(1, Ordering::Relaxed) + 1 >= UPKEEP_EVERY {
            self.samples_since_upkeep.store(0, Ordering::Relaxed);
            self.handle.run_upkeep();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn renders_counters_histogram_buckets_and_gauges_in_prometheus_text() {
        let m = super::Metrics::default();
        m.http_request("GET", "/healthz".into(), 200, Duration::from_millis(3));
        m.http_request("GET", "/healthz".into(), 200, Duration::from_millis(300));
        m.job_run("outbox", true, Duration::from_millis(20));
        let t = m.render("sqlite", 3, 1);
        let labels = r#"method="GET",route="/healthz",status="200""#;
        assert!(t.contains(&format!("aftersale_http_requests_total{{{labels}}} 2\n")), "{t}");
        assert!(
            t.contains(&format!("aftersale_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1\n")),
            "{t}"
        );
        assert!(
            t.contains(&format!("aftersale_http_request_duration_seconds_bucket{{{labels},le=\"0.5\"}} 2\n")),
            "{t}"
        );
        assert!(t.contains(&format!("aftersale_http_request_duration_seconds_count{{{labels}}} 2\n")), "{t}");
        assert!(t.contains(r#"aftersale_job_runs_total{job="outbox",ok="true"} 1"#), "{t}");
        assert!(t.contains(r#"aftersale_job_duration_seconds_bucket{job="outbox",le="0.1"} 1"#), "{t}");
        assert!(t.contains(r#"aftersale_db_pool_connections{engine="sqlite",state="idle"} 3"#), "{t}");
        assert!(t.contains(r#"aftersale_db_pool_connections{engine="sqlite",state="busy"} 1"#), "{t}");
    }

    #[test]
    fn two_apps_in_one_process_count_apart() {
        let (a, b) = (super::Metrics::default(), super::Metrics::default());
        a.http_request("GET", "/healthz".into(), 200, Duration::ZERO);
        assert!(!b.render("sqlite", 0, 0).contains("aftersale_http_requests_total"));
    }
}
