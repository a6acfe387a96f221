//! Demo support tickets, written through the real services at past moments as Sven from support
//! and the customers would have: every status and priority, public replies and internal notes,
//! a customer reply that brings a waiting ticket back, one that reopens a resolved ticket and one
//! that opens a follow-up of a closed ticket, ratings good and bad, a ticket resolved late, and,
//! as of now, one urgent ticket at risk and one breached (the breach job marks it).
use crate::error::AppError;
use crate::model::permissions::Role;
use crate::model::ticket::{Channel, CommentInput, Priority, TicketInput, TicketStatus};
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::service::tickets::comments::{add_in, customer_reply_in, Customer};
use crate::server::service::tickets::create::{create_in, Origin};
use crate::server::service::tickets::{events::change_status_in, jobs};
use crate::server::state::AppState;
use chrono::{DateTime, Duration, Utc};

/// What happens to a demo ticket, each at some minutes after it was opened.
enum Step {
    Start,
    Wait,
    Resolve(&'static str),
    Close,
    Reply(&'static str),
    Note(&'static str),
    CustomerSays(&'static str),
    Rate(i64, &'static str),
}
use Step::*;

/// (account index, subject, description, priority, channel, opened hours ago, linked to an
/// invoice of the account, steps as (minutes after opening, step)).
type Plan = (usize, &'static str, &'static str, Priority, Channel, i64, bool, &'static [(i64, Step)]);

const PLANS: &[Plan] = &[
    (
        0,
        "Label printer shows E42",
        "Since this morning the label printer in the warehouse shows E42 and prints nothing.",
        Priority::High,
        Channel::Web,
        30,
        false,
        &[
            (20, Start),
            (25, Note("Remote diagnostics: print head fault, still under warranty.")),
            (30, Reply("We are sending a technician tomorrow morning.")),
            (20 * 60, Resolve("Technician replaced the print head.")),
            (21 * 60, Rate(5, "Quick and friendly, thank you!")),
        ],
    ),
    (
        1,
        "Tracking portal down for all drivers",
        "None of our drivers can log in to the tracking portal.",
        Priority::Urgent,
        Channel::Email,
        2,
        false,
        &[],
    ),
    (
        2,
        "Payment page returns an error",
        "Customers get an error when they pay on our web shop.",
        Priority::Urgent,
        Channel::Web,
        0,
        false,
        &[],
    ),
    (
        3,
        "Add two users to the licence",
        "We need two more seats on the software licence.",
        Priority::Medium,
        Channel::Email,
        26,
        false,
        &[(60, Reply("Happy to: which two people should we add?")), (65, Wait)],
    ),
    (
        4,
        "Maintenance visit in January?",
        "Can the yearly maintenance visit move to January?",
        Priority::Low,
        Channel::Web,
        1,
        false,
        &[],
    ),
    (
        5,
        "VPN drops every hour",
        "The site-to-site VPN drops roughly once an hour.",
        Priority::High,
        Channel::Api,
        120,
        false,
        &[
            (30, Start),
            (45, Reply("Please send us the router log from the next drop.")),
            (50, Wait),
            (24 * 60, CustomerSays("Here is the log: it dropped again at 10:14.")),
            (26 * 60, Note("Known firmware bug; 3.2.1 fixes it.")),
            (28 * 60, Reply("Firmware 3.2.1 fixes this; we updated your router remotely.")),
            (30 * 60, Resolve("Router firmware updated to 3.2.1.")),
            (48 * 60, Rate(4, "Took a while, but it is fixed.")),
            (100 * 60, Close),
        ],
    ),
    (
        6,
        "Invoice shows our old address",
        "The latest invoice still shows our old street address.",
        Priority::Medium,
        Channel::Web,
        3,
        true,
        &[(30, Start), (40, Note("Finance checks whether a corrected invoice is needed."))],
    ),
    (
        7,
        "Training dates for Q1",
        "Which dates can you offer for the on-site training?",
        Priority::Low,
        Channel::Email,
        240,
        false,
        &[
            (120, Reply("We can offer 12 or 19 January.")),
            (150, CustomerSays("19 January works for us.")),
            (180, Resolve("Training booked for 19 January.")),
            (8 * 24 * 60, Close),
            (9 * 24 * 60, CustomerSays("One more question: is parking available at the venue?")),
        ],
    ),
    (
        8,
        "Laptop battery swelling",
        "The battery of one of our laptops is visibly swollen.",
        Priority::High,
        Channel::Web,
        144,
        false,
        &[
            (3 * 24 * 60, Start),
            (3 * 24 * 60 + 10, Reply("Please stop using the laptop: a replacement is on its way.")),
            (3 * 24 * 60 + 80, Resolve("Replacement laptop delivered, old one collected.")),
            (3 * 24 * 60 + 200, Rate(2, "Far too slow for a safety issue.")),
        ],
    ),
    (
        9,
        "Monitor flickers in reception",
        "The reception monitor flickers every few seconds.",
        Priority::Medium,
        Channel::Web,
        28,
        false,
        &[
            (90, Start),
            (100, Reply("Could you try the other HDMI port?")),
            (300, CustomerSays("Same on the other port.")),
        ],
    ),
    (
        10,
        "Licence key rejected after renewal",
        "After the renewal the licence key is rejected on all machines.",
        Priority::High,
        Channel::Api,
        3,
        false,
        &[(10, Note("Same as the Lumen case last week?"))],
    ),
    (
        11,
        "Copy of the signed contract",
        "Could you send us a copy of the signed contract?",
        Priority::Low,
        Channel::Email,
        96,
        false,
        &[
            (60, Reply("Here it is, attached to this reply.")),
            (70, Resolve("Sent the signed copy.")),
            (3 * 24 * 60, CustomerSays("Thanks, but page 4 is missing.")),
        ],
    ),
];

pub async fn demo(state: &AppState) -> Result<(), AppError> {
    let pool = &state.pool;
    let Some(sven) = db::users::by_email(pool, "support@example.com").await? else { return Ok(()) };
    let agent = Actor { id: sven.id, name: sven.name.clone(), role: Role::Support };
    let accounts = db::seed::accounts_with_contact(pool, 12).await?;
    let now = Utc::now();
    // Oldest first, so the numbers follow the order the tickets came in.
    let mut plans: Vec<&Plan> = PLANS.iter().collect();
    plans.sort_by_key(|p| std::cmp::Reverse(p.5));
    for (account, subject, description, priority, channel, hours_ago, with_invoice, steps) in plans {
        let Some(&(account_id, contact_id)) = accounts.get(*account) else { continue };
        // The urgent ticket "at risk" was opened 50 minutes ago: 45 of its 60 are used.
        let opened = now - if *hours_ago == 0 { Duration::minutes(50) } else { Duration::hours(*hours_ago) };
        let invoice_id = if *with_invoice { db::seed::an_issued_invoice(pool, account_id).await? } else { None };
        let input = TicketInput {
            account_id,
            contact_id,
            subject: subject.to_string(),
            description: description.to_string(),
            priority: *priority,
            invoice_id,
            sales_order_id: None,
            product_id: None,
            assignee_id: None,
        };
        let customer = match contact_id {
            Some(id) => db::contacts::by_id(pool, id).await?,
            None => None,
        };
        let mut tx = db::begin_write(pool).await?;
        let by_customer = matches!(channel, Channel::Email);
        let origin = Origin { channel: *channel, actor: (!by_customer).then_some(&agent), follow_up_of: None };
        let id = create_in(&mut tx, &input, &origin, opened).await?;
        for (minutes, step) in steps.iter() {
            let at = opened + Duration::minutes(*minutes);
            play(&mut tx, state, &agent, id, customer.as_ref(), step, at).await?;
        }
        db::commit(tx).await?;
    }
    jobs::mark_breaches(state, now).await?;
    Ok(())
}

async fn play(
    tx: &mut db::Tx,
    state: &AppState,
    agent: &Actor,
    id: i64,
    customer: Option<&db::contacts::ContactRow>,
    step: &Step,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = db::tickets::get_locked(tx, id).await?;
    let to = |s| (s, None);
    let (status, note) = match step {
        Start => to(TicketStatus::InProgress),
        Wait => to(TicketStatus::Waiting),
        Close => to(TicketStatus::Closed),
        Resolve(note) => (TicketStatus::Resolved, Some(*note)),
        Reply(body) | Note(body) => {
            let input = CommentInput { body: body.to_string(), public: matches!(step, Reply(_)) };
            add_in(tx, state, agent, &row, &input, Channel::Web, at).await?;
            return Ok(());
        }
        CustomerSays(body) => {
            let (name, email) = customer.map_or(("Customer", ""), |c| (c.name.as_str(), c.email.as_str()));
            let who = Customer { name, email, contact_id: customer.map(|c| c.id) };
            customer_reply_in(tx, &row, &who, body, Channel::CustomerLink, at).await?;
            return Ok(());
        }
        Rate(stars, comment) => {
            db::tickets::customer::rate(tx, id, *stars, Some(comment), at).await?;
            return Ok(());
        }
    };
    change_status_in(tx, Some(agent), &row, status, note, at).await
}
