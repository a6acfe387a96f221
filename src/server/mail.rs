//! Email: every message goes to the outbox table in the caller's transaction; the `mail-delivery`
//! job (every 30 s, one instance at a time) sends queued messages through SMTP when `SMTP_URL`
//! is set. Without SMTP, messages are `held` in the outbox, where admins can read them.
use super::db::{self, Pool, Tx};
use crate::error::AppError;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How often a message is tried before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 5;

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

    /// Queues a message in the caller's transaction; returns the outbox id.
    pub async fn enqueue(&self, tx: &mut Tx, to: &str, subject: &str, body: &str) -> Result<i64, AppError> {
        self.enqueue_with(tx, to, subject, body, None).await
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
        let status = if self.has_smtp() { "queued" } else { "held" };
        Ok(db::outbox::insert(tx, to, subject, body, status, attachment).await?)
    }

    /// Sends queued messages now; returns how many were sent. Failures stay queued for retry.
    pub async fn deliver_queued(&self, pool: &Pool) -> Result<usize, AppError> {
        let Some(transport) = &self.transport else {
            return Ok(0);
        };
        let mut sent = 0;
        for m in db::outbox::due(pool, MAX_ATTEMPTS, 50).await? {
            let file = match &m.attachment_name {
                Some(name) => db::outbox::attachment(pool, m.id).await?.map(|bytes| (name.clone(), bytes)),
                None => None,
            };
            match self.build_message(&m, file) {
                Ok(msg) => match transport.send(msg).await {
                    Ok(_) => {
                        db::outbox::mark_sent(pool, m.id).await?;
                        sent += 1;
                    }
                    Err(e) => db::outbox::mark_failed(pool, m.id, &e.to_string(), MAX_ATTEMPTS).await?,
                },
                // A message that cannot be built never will be: fail it for good.
                Err(e) => db::outbox::mark_failed(pool, m.id, &e, 1).await?,
            }
        }
        Ok(sent)
    }

    fn build_message(&self, m: &db::outbox::OutboxRow, file: Option<(String, Vec<u8>)>) -> Result<Message, String> {
        let to: Mailbox = m.to_addr.parse().map_err(|e| format!("bad recipient {}: {e}", m.to_addr))?;
        let builder = Message::builder().from(self.from.clone()).to(to).subject(m.subject.clone());
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
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port);
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
    use super::parse_smtp_url;

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
