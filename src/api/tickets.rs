//! Support tickets: the queues, the detail page's data (clocks, conversation, allowed actions,
//! timeline), the new-ticket form's data, opening and editing a ticket, its status events,
//! assignment, replies and internal notes, and merging a duplicate.
use crate::error::AppError;
use crate::model::ticket::{CommentForm, TicketFilter, TicketForm};
use crate::model::ticket_view::{NewTicketPageData, TicketList, TicketView};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "list_tickets")]
pub async fn list_tickets(
    #[server(default)] filter: TicketFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<TicketList, AppError> {
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        crate::server::service::ticket_views::list_page(&state.pool, &actor, &filter, &at, size).await
    })
    .await
}

/// A ticket's page; `canned`: start the reply from that canned reply, filled in for the ticket.
#[server(prefix = "/fn", endpoint = "get_ticket")]
pub async fn get_ticket(id: i64, #[server(default)] canned: Option<i64>) -> Result<TicketView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::ticket_views::detail(&state.pool, &actor, id, canned).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "new_ticket_data")]
pub async fn new_ticket_data(account_id: Option<i64>) -> Result<NewTicketPageData, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::ticket_views::new_page(&state.pool, &actor, account_id).await
    })
    .await
}

/// Opens a ticket from the page (channel web), posted as `form[...]`; an empty assignee is the
/// company's automatic assignment.
#[server(prefix = "/fn", endpoint = "create_ticket")]
pub async fn create_ticket(#[server(default)] form: TicketForm) -> Result<i64, AppError> {
    use crate::model::ticket::Channel;
    super::ssr::as_employee(|state, actor| async move {
        let t = crate::server::service::tickets::create::create(&state.pool, &actor, &form, Channel::Web).await?;
        let who = t.assignee_name.as_deref().map(|n| format!(", assigned to {n}")).unwrap_or_default();
        super::ssr::done(format!("Ticket {} opened{who}.", t.number), &format!("/tickets/{}", t.id)).await?;
        Ok(t.id)
    })
    .await
}

/// Saves subject, description, priority, contact and links (the account stays).
#[server(prefix = "/fn", endpoint = "update_ticket")]
pub async fn update_ticket(id: i64, #[server(default)] form: TicketForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let t = crate::server::service::tickets::events::update(&state.pool, &actor, id, &form).await?;
        super::ssr::done(format!("Ticket {} saved.", t.number), &format!("/tickets/{id}")).await?;
        Ok(t.id)
    })
    .await
}

/// Start, wait, resolve (with its `note`), close or reopen.
#[server(prefix = "/fn", endpoint = "ticket_event")]
pub async fn apply_ticket_event(id: i64, event: String, #[server(default)] note: String) -> Result<String, AppError> {
    use crate::model::ticket::TicketEvent;
    super::ssr::as_employee(|state, actor| async move {
        let e = TicketEvent::parse_manual(&event).map_err(|m| AppError::field("event", m))?;
        let t = crate::server::service::tickets::events::apply(&state.pool, &actor, id, e, &note).await?;
        super::ssr::done(
            format!("Ticket {} is now {}.", t.number, t.status.label().to_lowercase()),
            &format!("/tickets/{id}"),
        )
        .await?;
        Ok(t.status.as_str().to_string())
    })
    .await
}

/// Assigns the ticket to `assignee_id`, or unassigns it (empty).
#[server(prefix = "/fn", endpoint = "assign_ticket")]
pub async fn assign_ticket(id: i64, #[server(default)] assignee_id: String) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let to = match assignee_id.trim() {
            "" => None,
            v => Some(v.parse::<i64>().map_err(|_| AppError::field("assignee_id", "must be chosen from the list"))?),
        };
        let t = crate::server::service::tickets::create::assign(&state.pool, &actor, id, to).await?;
        let note = match &t.assignee_name {
            Some(n) => format!("Ticket {} assigned to {n}.", t.number),
            None => format!("Ticket {} is unassigned.", t.number),
        };
        super::ssr::done(note, &format!("/tickets/{id}")).await?;
        Ok(t.id)
    })
    .await
}

/// A public reply (`form[public]` ticked; sent to the customer) or an internal note, posted as
/// `form[body]` and `form[public]`.
#[server(prefix = "/fn", endpoint = "add_ticket_comment")]
pub async fn add_ticket_comment(id: i64, #[server(default)] form: CommentForm) -> Result<i64, AppError> {
    use crate::model::ticket::Channel;
    super::ssr::as_employee(|state, actor| async move {
        let c = crate::server::service::tickets::comments::add(&state, &actor, id, &form, Channel::Web).await?;
        let note = if c.public { "Public reply added." } else { "Internal note added." };
        super::ssr::done(note.to_string(), &format!("/tickets/{id}")).await?;
        Ok(c.id)
    })
    .await
}

/// Merges the ticket into the one `into` names (its number, or id): a duplicate's conversation
/// moves there and it closes with a link.
#[server(prefix = "/fn", endpoint = "merge_ticket")]
pub async fn merge_ticket(id: i64, #[server(default)] into: String) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let t = crate::server::service::tickets::merge::merge(&state.pool, &actor, id, &into).await?;
        super::ssr::done(format!("Merged into {}.", t.number), &format!("/tickets/{}", t.id)).await?;
        Ok(t.id)
    })
    .await
}

/// The dashboard's support figures (for those who see every ticket).
#[server(prefix = "/fn", endpoint = "ticket_stats")]
pub async fn ticket_stats() -> Result<crate::model::ticket_view::TicketStats, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::tickets::stats::get(&state.pool, &actor).await
    })
    .await
}
