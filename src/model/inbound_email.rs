//! Email into support, the parts that are plain text rules: the ticket number a subject names
//! (`[TCK-2026-000042]`), the reply's own text without the quoted earlier messages, and what the
//! endpoint answers and the unmatched-email page shows. MIME parsing itself is `mail-parser`'s
//! (server side, `service::tickets::email`).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Largest file kept from an email; larger ones are left out and the ticket's timeline says so.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// Largest message the endpoint takes (what mail providers' webhooks send at most).
pub const MAX_MESSAGE_BYTES: usize = 30 * 1024 * 1024;

/// The ticket number in square brackets in a subject, as our emails send it: `[TCK-YYYY-NNNNNN]`.
pub fn ticket_tag(subject: &str) -> Option<String> {
    let bytes = subject.as_bytes();
    let mut from = 0;
    while let Some(i) = subject[from..].find("[TCK-").map(|i| i + from) {
        let tag = bytes.get(i + 1..i + 16);
        let closes = bytes.get(i + 16) == Some(&b']');
        if let (Some(t), true) = (tag, closes) {
            let digits = |r: std::ops::Range<usize>| t[r].iter().all(u8::is_ascii_digit);
            if digits(4..8) && t[8] == b'-' && digits(9..15) {
                return std::str::from_utf8(t).ok().map(str::to_string);
            }
        }
        from = i + 1;
    }
    None
}

/// Whether a line opens the quoted earlier message a mail program appends to a reply: "On … wrote:"
/// (and its German, French, Spanish, Dutch forms), Outlook's "-----Original Message-----" and
/// "From: …" block, or a line of underscores before one.
fn opens_quote(line: &str) -> bool {
    let l = line.trim();
    let wrote = ["wrote", "schrieb", "a écrit", "escribió", "schreef"];
    (l.starts_with("On ")
        || l.starts_with("Am ")
        || l.starts_with("Le ")
        || l.starts_with("El ")
        || l.starts_with("Op "))
        && l.ends_with(':')
        && wrote.iter().any(|w| l.contains(w))
        || l.starts_with("-----Original Message-----")
        || l.starts_with("----- Original Message -----")
        || (l.starts_with("From: ") && l.contains('@'))
        || (l.len() >= 10 && l.chars().all(|c| c == '_'))
}

/// The reply's own text: everything before the first quoted-message opener, without `>` quoted
/// lines and the trailing blank lines. A message that is all quote is kept whole (better too much
/// than nothing).
pub fn trim_quoted(body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    let mut kept = vec![];
    for line in body.lines() {
        if opens_quote(line) {
            break;
        }
        if line.trim_start().starts_with('>') {
            continue;
        }
        kept.push(line);
    }
    let text = kept.join("\n").trim().to_string();
    if text.is_empty() {
        body.trim().to_string()
    } else {
        text
    }
}

/// What `POST /api/v1/inbound-email` did with a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboundResult {
    /// The stored message.
    pub id: i64,
    /// `reply` (added to a ticket), `ticket` (opened one), `unmatched` (waits for an employee), or
    /// `duplicate` (this Message-ID was taken before; `id` is that message).
    pub outcome: String,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    /// Why, in words.
    pub note: String,
}

/// A message waiting in the unmatched list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnmatchedEmail {
    pub id: i64,
    pub from_email: String,
    pub from_name: String,
    pub subject: String,
    pub body: String,
    pub note: String,
    pub received_at: DateTime<Utc>,
}

/// The unmatched-email page: the messages and the accounts to file them on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnmatchedPage {
    pub emails: Vec<UnmatchedEmail>,
    /// (id, name) of the active accounts.
    pub accounts: Vec<(i64, String)>,
}

/// A file on a ticket, as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentDto {
    pub id: i64,
    pub comment_id: Option<i64>,
    pub public: bool,
    pub file_name: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_ticket_number_in_brackets_only() {
        assert_eq!(ticket_tag("Re: [TCK-2026-000042] Printer").as_deref(), Some("TCK-2026-000042"));
        assert_eq!(ticket_tag("AW: AW: [TCK-2026-000042]").as_deref(), Some("TCK-2026-000042"));
        assert_eq!(ticket_tag("[TCK-2026-00004] [TCK-2025-123456]").as_deref(), Some("TCK-2025-123456"));
        for none in ["TCK-2026-000042", "[TCK-2026-0000420]", "[TCK-20x6-000042]", "[TCK-", "Zoë [TCK-", ""] {
            assert_eq!(ticket_tag(none), None, "{none}");
        }
    }

    #[test]
    fn trims_quoted_text_in_the_usual_forms() {
        let gmail = "Still broken.\r\n\r\nOn Tue, 1 Dec 2026 at 10:00, Sven <s@x.com> wrote:\r\n> Try again\r\n";
        assert_eq!(trim_quoted(gmail), "Still broken.");
        let outlook = "Danke!\n\n-----Original Message-----\nFrom: Sven\nSent: today";
        assert_eq!(trim_quoted(outlook), "Danke!");
        let german = "Geht wieder.\nAm 01.12.2026 um 10:00 schrieb Sven Support:\n> Bitte neu starten";
        assert_eq!(trim_quoted(german), "Geht wieder.");
        let inline = "> earlier\nMy answer\n> more earlier\nand more";
        assert_eq!(trim_quoted(inline), "My answer\nand more");
        assert_eq!(trim_quoted("> only a quote"), "> only a quote", "never nothing");
        assert_eq!(trim_quoted("Łukasiewicz — straße ✓"), "Łukasiewicz — straße ✓");
    }
}
