//! Prometheus counters kept in memory and rendered as text at `GET /metrics`.
use std::collections::BTreeMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct Metrics {
    counters: Mutex<BTreeMap<(String, String), u64>>,
    durations: Mutex<BTreeMap<String, (f64, u64)>>,
}

impl Metrics {
    /// Adds one to the counter `name` with the label set `labels` (already in `k="v",...` form).
    pub fn inc(&self, name: &str, labels: &str) {
        let mut c = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        *c.entry((name.to_string(), labels.to_string())).or_default() += 1;
    }

    /// Records one observation of a duration in seconds (exported as `_sum` and `_count`).
    pub fn observe(&self, name: &str, seconds: f64) {
        let mut d = self.durations.lock().unwrap_or_else(|p| p.into_inner());
        let e = d.entry(name.to_string()).or_default();
        e.0 += seconds;
        e.1 += 1;
    }

    pub fn render(&self, gauges: &[(&str, &str, i64)]) -> String {
        let mut out = String::new();
        let counters = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        let mut last = "";
        for ((name, labels), v) in counters.iter() {
            if name != last {
                out.push_str(&format!("# TYPE {name} counter\n"));
                last = name;
            }
            out.push_str(&format!("{name}{{{labels}}} {v}\n"));
        }
        for (name, (sum, count)) in self.durations.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            out.push_str(&format!("# TYPE {name} summary\n{name}_sum {sum:.6}\n{name}_count {count}\n"));
        }
        for (name, labels, v) in gauges {
            out.push_str(&format!("# TYPE {name} gauge\n{name}{{{labels}}} {v}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_counters_and_summaries_in_prometheus_text() {
        let m = super::Metrics::default();
        m.inc("http_requests_total", "status=\"200\"");
        m.inc("http_requests_total", "status=\"200\"");
        m.observe("http_request_duration_seconds", 0.5);
        let t = m.render(&[("db_pool_connections", "state=\"idle\"", 3)]);
        assert!(t.contains("http_requests_total{status=\"200\"} 2\n"));
        assert!(t.contains("http_request_duration_seconds_count 1\n"));
        assert!(t.contains("db_pool_connections{state=\"idle\"} 3\n"));
    }
}
