//! Email: every message goes to the outbox table in the caller's transaction; the `mail-delivery`
//! job sends queued messages through SMTP when `SMTP_URL` is set. Without SMTP, messages are
//! `held` in the outbox, where admins can read them.
//!
//! Delivery is **at most once**. SMTP has no way to ask "did you get message 42?", so a sender
//! that dies after handing a message over but before recording it leaves an unknown. Rather than
//! guess (and send a customer a second invoice or reminder), each message is claimed by one pass
//! for `CLAIM_FOR`; a claim that runs out with no result turns the message `failed` with an error
//! saying so, and an admin checks with the recipient and presses Retry. Nothing is lost silently:
//! every message ends `sent` or `failed` on the outbox page. Each message carries a Message-ID
//! derived from its outbox row, so in the one window SMTP cannot close (the server took the
//! message but its reply never came, which we retry) a duplicate has the same id as the original.
use super::db::{self, outbox::NewMail, Pool, Tx};
use crate::error::AppError;
use crate::model::outbox::{OutboxEvent, OutboxStatus};
use chrono::{DateTime, Duration, Utc};
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How many attempts a message gets before it is `failed` (see `retry_delay`: about a day).
pub const MAX_ATTEMPTS: i64 = 14;
/// The wait after the first failed attempt; it doubles after each further one up to `MAX_RETRY`.
const FIRST_RETRY: Duration = Duration::minutes(1);
const MAX_RETRY: Duration = Duration::hours(4);
/// How long one pass may take to send one message. Well above `SMTP_TIMEOUT`, so a claim only
/// runs out when its holder is gone.
const CLAIM_FOR: Duration = Duration::minutes(10);
const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// How many messages one pass sends at most (the job runs again 30 s later).
const BATCH: i64 = 50;
const ABANDONED: &str = "delivery was interrupted (the app stopped while sending): the recipient may or may \
                         not have received it — check with them, then Retry";

/// The wait before the next attempt of a message that has failed `attempts` times, or None when
/// it has had all its attempts: 1, 2, 4 … 128 minutes, then every 4 hours — 14 attempts spread
/// over about 24 hours, so an SMTP outage of a night still ends with the mail delivered.
pub fn retry_delay(attempts: i64) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    // 2^8 minutes already passes the cap; stop doubling there so the shift cannot overflow.
    let doubled = FIRST_RETRY * (1 << (attempts.max(1) - 1).min(8));
    Some(doubled.min(MAX_RETRY))
}

/// The paths of customer links (`{base_url}/i/<token>` and the like): a URL in a body whose path
/// has one of these followed by a token is a secret, wiped from the stored body once it is sent.
pub const CUSTOMER_LINK_PATHS: [&str; 3] = ["/i/", "/t/", "/c/"];
/// Tokens carry ≥ 128 random bits, so they are longer than this; shorter paths are ordinary links.
const MIN_TOKEN_CHARS: usize = 16;
/// What a sent message's body shows where a secret was.
pub const REDACTED: &str = "[link removed after sending]";

/// The customer-link URLs in `body` (see `CUSTOMER_LINK_PATHS`), each once.
pub fn customer_links(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (start, _) in body.match_indices("http") {
        let rest = &body[start..];
        let Some(after_scheme) = rest.strip_prefix("https://").or_else(|| rest.strip_prefix("http://")) else {
            continue;
        };
        let end = rest.find(|c: char| c.is_whitespace() || "<>\"'".contains(c)).unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(|c: char| ".,;:!?)]".contains(c));
        let path = &after_scheme[after_scheme.find('/').unwrap_or(after_scheme.len())..];
        let is_secret = CUSTOMER_LINK_PATHS.iter().any(|p| {
            path.match_indices(p).any(|(i, _)| {
                let token = &path[i + p.len()..];
                let n =
                    token.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(token.len());
                n >= MIN_TOKEN_CHARS
            })
        });
        if is_secret && !found.iter().any(|f| f == url) {
            found.push(url.to_string());
        }
    }
    found
}

/// `body` with every secret replaced by `REDACTED`, longest first so one secret that contains
/// another is wiped whole.
pub fn redact(body: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    sorted.into_iter().fold(body.to_string(), |b, s| b.replace(s.as_str(), REDACTED))
}

#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Mailer, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("AFTERSALE_MAIL_FROM is not a valid address: {e}"))?;
        let transport = smtp_url.map(parse_smtp_url).transpose()?;
        Ok(Mailer { transport, from })
    }

    pub fn has_smtp(&self) -> bool {
        self.transport.is_some()
    }

    /// Queues a message in the caller's transaction; returns the outbox id. Customer links in the
    /// body are found and wiped once it is sent.
    pub async fn enqueue(&self, tx: &mut Tx, to: &str, subject: &str, body: &str) -> Result<i64, AppError> {
        self.enqueue_with_secrets(tx, to, subject, body, None, &[]).await
    }

    /// Queues a message with an attached file (name, bytes), e.g. an invoice PDF.
    pub async fn enqueue_with(
        &self,
        tx: &mut Tx,
        to: &str,
        subject: &str,
        body: &str,
        attachment: Option<(&str, &[u8])>,
    ) -> Result<i64, AppError> {
        self.enqueue_with_secrets(tx, to, subject, body, attachment, &[]).await
    }

    /// Queues a message whose body holds `secrets` besides its customer links (a one-time code, a
    /// link of another shape): all of them stay readable while it waits (held messages are read
    /// by admins) and are replaced by `REDACTED` in the stored body once it is sent.
    pub async fn enqueue_with_secrets(
        &self,
        tx: &mut Tx,
        to: &str,
        subject: &str,
        body: &str,
        attachment: Option<(&str, &[u8])>,
        secrets: &[&str],
    ) -> Result<i64, AppError> {
        let mut all = customer_links(body);
        all.extend(secrets.iter().filter(|s| !s.is_empty() && body.contains(**s)).map(|s| s.to_string()));
        let secrets = (!all.is_empty()).then(|| serde_json::to_string(&all)).transpose().map_err(AppError::internal)?;
        let status = OutboxStatus::initial(self.has_smtp());
        let mail = NewMail { to, subject, body, status, attachment, secrets: secrets.as_deref() };
        Ok(db::outbox::insert(tx, &mail).await?)
    }

    /// One delivery pass now; returns how many were sent.
    pub async fn deliver_queued(&self, pool: &Pool) -> Result<usize, AppError> {
        self.deliver_due(pool, Utc::now()).await
    }

    /// One delivery pass as of `now` (a parameter so tests can step through hours of backoff):
    /// fails what an interrupted pass left claimed, then claims, sends and records each due
    /// message in turn. A failed attempt waits `retry_delay`; a permanent refusal (5xx) or a
    /// message that cannot be built fails at once. Returns how many were sent.
    pub async fn deliver_due(&self, pool: &Pool, now: DateTime<Utc>) -> Result<usize, AppError> {
        let Some(transport) = &self.transport else {
            return Ok(0);
        };
        let abandoned = db::outbox::fail_abandoned(pool, now, ABANDONED).await?;
        if abandoned > 0 {
            tracing::warn!(abandoned, "mail: messages whose sending was interrupted are failed for an admin to check");
        }
        // Per pass, so a late answer from a pass that lost its claim can never record another's.
        let holder = uuid::Uuid::new_v4().simple().to_string();
        let mut sent = 0;
        for m in db::outbox::due(pool, now, BATCH).await? {
            if !db::outbox::claim(pool, m.id, m.attempts, &holder, now, now + CLAIM_FOR).await? {
                continue; // another pass or instance has it
            }
            let file = match &m.attachment_name {
                Some(name) => db::outbox::attachment(pool, m.id).await?.map(|bytes| (name.clone(), bytes)),
                None => None,
            };
            let msg = match self.build_message(&m, file) {
                Ok(msg) => msg,
                Err(e) => {
                    // A message that cannot be built never will be: fail it for good.
                    let to =
                        m.status.transition(OutboxEvent::AttemptFailed { retry: false }).map_err(AppError::internal)?;
                    db::outbox::mark_attempt_failed(pool, m.id, &holder, &e, None, to).await?;
                    continue;
                }
            };
            match transport.send(msg).await {
                Ok(_) => {
                    let secrets: Vec<String> = match db::outbox::secrets(pool, m.id).await? {
                        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
                        None => Vec::new(),
                    };
                    db::outbox::mark_sent(pool, m.id, &holder, now, &redact(&m.body_text, &secrets)).await?;
                    sent += 1;
                }
                Err(e) => {
                    let retry_at = if e.is_permanent() { None } else { retry_delay(m.attempts + 1).map(|d| now + d) };
                    tracing::info!(id = m.id, attempts = m.attempts + 1, ?retry_at, "mail: sending failed: {e}");
                    let to = m
                        .status
                        .transition(OutboxEvent::AttemptFailed { retry: retry_at.is_some() })
                        .map_err(AppError::internal)?;
                    db::outbox::mark_attempt_failed(pool, m.id, &holder, &e.to_string(), retry_at, to).await?;
                }
            }
        }
        Ok(sent)
    }

    fn build_message(&self, m: &db::outbox::OutboxRow, file: Option<(String, Vec<u8>)>) -> Result<Message, String> {
        let to: Mailbox = m.to_addr.parse().map_err(|e| format!("bad recipient {}: {e}", m.to_addr))?;
        // The same id on every attempt, so a copy that SMTP's one blind spot lets through is
        // recognisable as the same message.
        let message_id = format!("<outbox-{}.{}@{}>", m.id, m.created_at.timestamp(), self.from.email.domain());
        let builder =
            Message::builder().from(self.from.clone()).to(to).subject(m.subject.clone()).message_id(Some(message_id));
        match file {
            None => builder.header(ContentType::TEXT_PLAIN).body(m.body_text.clone()),
            Some((name, bytes)) => {
                let kind = if name.ends_with(".pdf") { "application/pdf" } else { "application/octet-stream" };
                let kind = ContentType::parse(kind).map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(m.body_text.clone()))
                        .singlepart(Attachment::new(name).body(bytes, kind)),
                )
            }
        }
        .map_err(|e| e.to_string())
    }
}

/// `smtp://[user:password@]host[:port]`: plain SMTP to a relay (typically a local MTA that does TLS
/// onward). Without TLS support compiled in, credentials are only sent to a loopback relay.
fn parse_smtp_url(url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let rest = url
        .strip_prefix("smtp://")
        .ok_or_else(|| format!("SMTP_URL must start with smtp:// (plain SMTP to a relay), not {url:?}"))?
        .trim_end_matches('/');
    let (auth, hostport) = match rest.rsplit_once('@') {
        Some((a, h)) => (Some(a), h),
        None => (None, rest),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| format!("SMTP_URL has a bad port: {p:?}"))?),
        None => (hostport, 25),
    };
    if host.is_empty() {
        return Err("SMTP_URL has no host".into());
    }
    let mut builder =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).timeout(Some(SMTP_TIMEOUT));
    if let Some(a) = auth {
        let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            return Err("SMTP_URL with a password must point at a loopback relay (no TLS in this build)".into());
        }
        let (user, pass) = a.split_once(':').unwrap_or((a, ""));
        builder =
            builder.credentials(lettre::transport::smtp::authentication::Credentials::new(user.into(), pass.into()));
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_a_minute_to_four_hours_and_stop_after_about_a_day() {
        let minutes: Vec<i64> = (1..MAX_ATTEMPTS).map(|n| retry_delay(n).unwrap().num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 64, 128, 240, 240, 240, 240, 240]);
        assert_eq!(retry_delay(MAX_ATTEMPTS), None, "the last attempt fails the message");
        assert_eq!(retry_delay(i64::MAX), None);
        let total: i64 = minutes.iter().sum();
        assert!((24 * 60..25 * 60).contains(&total), "retrying spans about a day: {total} min");
        // A ten-minute outage is over before the fifth attempt (at 1 + 2 + 4 + 8 = 15 min).
        assert_eq!(minutes[..4].iter().sum::<i64>(), 15);
    }

    #[test]
    fn customer_links_are_found_whole_and_ordinary_links_are_not() {
        let body = "See https://app.example/i/inv_0123456789abcdef0123.\n\
                    PDF: <http://localhost:3000/base/t/tkt-ABCDEFGHIJKLMNOPQRST/pdf>\n\
                    Again https://app.example/i/inv_0123456789abcdef0123.\n\
                    Ours: https://app.example/invoices/42 https://app.example/c/short https://app.example/x/i/";
        assert_eq!(
            customer_links(body),
            [
                "https://app.example/i/inv_0123456789abcdef0123",
                "http://localhost:3000/base/t/tkt-ABCDEFGHIJKLMNOPQRST/pdf"
            ]
        );
        assert!(customer_links("no links, just https://example.com/c/ and http words").is_empty());
    }

    #[test]
    fn redacting_wipes_every_copy_of_every_secret_and_leaves_the_rest() {
        let secrets = ["https://a.example/i/tok".to_string(), "https://a.example/i/tok/pdf".to_string()];
        let body = "View https://a.example/i/tok or download https://a.example/i/tok/pdf, then https://a.example/i/tok";
        assert_eq!(redact(body, &secrets), format!("View {REDACTED} or download {REDACTED}, then {REDACTED}"));
        assert_eq!(redact("nothing secret", &[]), "nothing secret");
    }

    #[test]
    fn smtp_urls_are_checked() {
        assert!(parse_smtp_url("smtp://127.0.0.1:2525").is_ok());
        assert!(parse_smtp_url("smtp://mail.internal").is_ok());
        assert!(parse_smtp_url("smtp://u:p@localhost:25").is_ok());
        assert!(parse_smtp_url("smtp://u:p@mail.example.com:25").is_err());
        assert!(parse_smtp_url("smtps://mail.example.com").is_err());
        assert!(parse_smtp_url("smtp://host:port").is_err());
    }
}
