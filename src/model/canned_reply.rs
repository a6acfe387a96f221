//! Canned replies: a title and a text support sends again and again, with placeholders filled in
//! for the ticket at hand when an agent starts a reply from one — `{customer}` (the contact's name,
//! else the account's), `{ticket}` (its number), `{agent}` (who replies), `{company}` (ours).
use super::ticket::MAX_BODY;
use super::validate::{required_text, FieldErrors};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 120;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CannedReplyDto {
    pub id: i64,
    pub title: String,
    pub body: String,
}

/// As typed on the admin page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CannedReplyForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

/// A checked canned reply.
#[derive(Clone, Debug, PartialEq)]
pub struct CannedReplyInput {
    pub title: String,
    pub body: String,
}

impl CannedReplyInput {
    pub fn parse(f: &CannedReplyForm) -> Result<CannedReplyInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = required_text(&mut e, "title", &f.title, MAX_TITLE);
        let body = required_text(&mut e, "body", &f.body, MAX_BODY);
        for bad in unknown_placeholders(&body) {
            e.add(
                "body",
                format!("{{{bad}}} is not a placeholder (use {{customer}}, {{ticket}}, {{agent}} or {{company}})"),
            );
        }
        e.finish(|| CannedReplyInput { title, body })
    }
}

/// What the placeholders stand for on one ticket.
pub struct Fill<'a> {
    pub customer: &'a str,
    pub ticket: &'a str,
    pub agent: &'a str,
    pub company: &'a str,
}

const PLACEHOLDERS: [&str; 4] = ["customer", "ticket", "agent", "company"];

/// The `{name}`s in a text that are not placeholders (a typo would reach the customer as is).
fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if !after[..close].contains(['{', ' ', '\n']) => {
                let name = &after[..close];
                if !PLACEHOLDERS.contains(&name) && !out.iter().any(|n| n == name) {
                    out.push(name.to_string());
                }
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// The text with its placeholders filled in.
pub fn fill(body: &str, f: &Fill<'_>) -> String {
    body.replace("{customer}", f.customer)
        .replace("{ticket}", f.ticket)
        .replace("{agent}", f.agent)
        .replace("{company}", f.company)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_the_placeholders_and_refuses_unknown_ones() {
        let f = Fill { customer: "Zoë", ticket: "TCK-2026-000042", agent: "Sven", company: "Acme" };
        assert_eq!(
            fill("Hello {customer}, about {ticket}: … — {agent}, {company}", &f),
            "Hello Zoë, about TCK-2026-000042: … — Sven, Acme"
        );
        let form = |body: &str| CannedReplyForm { title: "Restart".into(), body: body.into() };
        assert!(CannedReplyInput::parse(&form("Hi {customer}, see {ticket}")).is_ok());
        let e = CannedReplyInput::parse(&form("Hi {custmer} and {custmer}")).unwrap_err();
        assert_eq!(e.get("body").map_or(0, Vec::len), 1, "named once: {e:?}");
        assert!(CannedReplyInput::parse(&form("JSON like {\"a\": 1} and { spaced } is text")).is_ok());
        let e = CannedReplyInput::parse(&CannedReplyForm::default()).unwrap_err();
        assert!(e.get("title").is_some() && e.get("body").is_some());
    }
}
