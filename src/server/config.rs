//! Typed configuration from the environment (docs/api.md "Binary and configuration"), with clear errors.
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    pub base_url: String,
    pub secret: String,
    pub dev_mode: bool,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub db_max_connections: u32,
    pub session_idle_hours: i64,
    pub request_timeout_secs: u64,
    pub body_limit_bytes: usize,
    pub jobs_enabled: bool,
    /// Behind a reverse proxy: take the client address from the last X-Forwarded-For entry.
    pub trust_proxy: bool,
    /// When set, `GET /metrics` requires `Authorization: Bearer <this>`.
    pub metrics_token: Option<String>,
    /// Seed the demo company when the database has no users (AFTERSALE_DEMO=1; the dev script sets it).
    pub demo_on_empty: bool,
    pub site_root: PathBuf,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/aftersale.db?mode=rwc";
const DEV_SECRET: &str = "development-only-secret-do-not-use-in-production";

impl Config {
    /// Reads the process environment (and `.env` is not read: export variables or use a unit file).
    pub fn from_env() -> Result<Config, String> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    /// The environment in development mode: what the bench binaries run with (they need only
    /// `DATABASE_URL`; production mode would ask for settings they never use).
    pub fn development_from_env() -> Result<Config, String> {
        Config::from_lookup(|k| match k {
            "AFTERSALE_ENV" => Some("development".into()),
            _ => std::env::var(k).ok(),
        })
    }

    /// Reads configuration through `get`, so tests can pass a map instead of the environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let var = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let dev_mode = match var("AFTERSALE_ENV").as_deref() {
            None | Some("production") => false,
            Some("development") | Some("dev") | Some("test") => true,
            Some(other) => return Err(format!("AFTERSALE_ENV must be production or development, not {other:?}")),
        };
        let addr_text =
            var("AFTERSALE_ADDR").or_else(|| var("LEPTOS_SITE_ADDR")).unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text
            .parse()
            .map_err(|_| format!("AFTERSALE_ADDR must be an address such as 127.0.0.1:3000, not {addr_text:?}"))?;
        let base_url = var("AFTERSALE_BASE_URL").unwrap_or_else(|| format!("http://{addr}"));
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(format!("AFTERSALE_BASE_URL must start with http:// or https://, not {base_url:?}"));
        }
        let secret = match var("AFTERSALE_SECRET") {
            Some(s) if s.len() >= 32 => s,
            Some(_) => return Err("AFTERSALE_SECRET must be at least 32 characters (try: openssl rand -hex 32)".into()),
            None if dev_mode => DEV_SECRET.to_string(),
            None => {
                return Err("AFTERSALE_SECRET is required in production (at least 32 characters; \
                            set AFTERSALE_ENV=development to run with a development secret)"
                    .into())
            }
        };
        let demo_on_empty = matches!(var("AFTERSALE_DEMO").as_deref(), Some("1") | Some("on") | Some("true"));
        if demo_on_empty && !dev_mode {
            // The demo users share a published password: never on a production database.
            return Err("AFTERSALE_DEMO seeds users with a published password and is refused in production: \
                        unset it, or set AFTERSALE_ENV=development"
                .into());
        }
        let smtp_url = var("SMTP_URL");
        if let Some(u) = &smtp_url {
            if !u.starts_with("smtp://") {
                return Err(format!("SMTP_URL must look like smtp://host:port, not {u:?}"));
            }
        }
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            addr,
            base_url: base_url.trim_end_matches('/').to_string(),
            secret,
            dev_mode,
            smtp_url,
            mail_from: var("AFTERSALE_MAIL_FROM").unwrap_or_else(|| "Aftersale <no-reply@localhost>".into()),
            db_max_connections: number(&var, "AFTERSALE_DB_MAX_CONNECTIONS", 10, 1, 1000)? as u32,
            session_idle_hours: number(&var, "AFTERSALE_SESSION_IDLE_HOURS", 12, 1, 24 * 90)? as i64,
            request_timeout_secs: number(&var, "AFTERSALE_REQUEST_TIMEOUT_SECS", 30, 1, 3600)?,
            body_limit_bytes: number(&var, "AFTERSALE_BODY_LIMIT_MB", 16, 1, 1024)? as usize * 1024 * 1024,
            jobs_enabled: match var("AFTERSALE_JOBS").as_deref() {
                None | Some("on") | Some("1") | Some("true") => true,
                Some("off") | Some("0") | Some("false") => false,
                Some(o) => return Err(format!("AFTERSALE_JOBS must be on or off, not {o:?}")),
            },
            metrics_token: var("AFTERSALE_METRICS_TOKEN"),
            trust_proxy: matches!(var("AFTERSALE_TRUST_PROXY").as_deref(), Some("1") | Some("on") | Some("true")),
            demo_on_empty,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()).into(),
        })
    }

    /// Cookies get the Secure flag when the app is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

fn number(var: &impl Fn(&str) -> Option<String>, key: &str, default: u64, min: u64, max: u64) -> Result<u64, String> {
    match var(key) {
        None => Ok(default),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(format!("{key} must be a whole number from {min} to {max}, not {v:?}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let m: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| m.get(k).cloned())
    }

    #[test]
    fn production_requires_a_long_secret() {
        assert!(cfg(&[]).unwrap_err().contains("AFTERSALE_SECRET is required"));
        assert!(cfg(&[("AFTERSALE_SECRET", "short")]).unwrap_err().contains("at least 32"));
        assert!(cfg(&[("AFTERSALE_SECRET", &"x".repeat(32))]).is_ok());
    }

    #[test]
    fn the_demo_seed_is_refused_outside_development() {
        let secret = ("AFTERSALE_SECRET", "0123456789abcdef0123456789abcdef");
        assert!(cfg(&[secret, ("AFTERSALE_DEMO", "1")]).unwrap_err().contains("AFTERSALE_DEMO"));
        assert!(cfg(&[("AFTERSALE_ENV", "development"), ("AFTERSALE_DEMO", "1")]).unwrap().demo_on_empty);
        assert!(!cfg(&[secret]).unwrap().demo_on_empty);
    }

    #[test]
    fn development_mode_has_defaults() {
        let c = cfg(&[("AFTERSALE_ENV", "development")]).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.base_url, "http://127.0.0.1:3000");
        assert!(!c.secure_cookies());
    }

    #[test]
    fn invalid_values_name_the_variable() {
        let dev = ("AFTERSALE_ENV", "development");
        assert!(cfg(&[dev, ("AFTERSALE_ADDR", "nope")]).unwrap_err().starts_with("AFTERSALE_ADDR"));
        assert!(cfg(&[dev, ("AFTERSALE_DB_MAX_CONNECTIONS", "0")])
            .unwrap_err()
            .starts_with("AFTERSALE_DB_MAX_CONNECTIONS"));
        assert!(cfg(&[dev, ("SMTP_URL", "mail.example.com")]).unwrap_err().starts_with("SMTP_URL"));
        assert!(cfg(&[("AFTERSALE_ENV", "staging")]).unwrap_err().starts_with("AFTERSALE_ENV"));
    }

    #[test]
    fn leptos_site_addr_is_honoured() {
        let c = cfg(&[("AFTERSALE_ENV", "dev"), ("LEPTOS_SITE_ADDR", "0.0.0.0:8080")]).unwrap();
        assert_eq!(c.addr.port(), 8080);
    }
}
