//! Demo support extras, through the real services: the canned replies the team uses, a message
//! that came by email from a contact (a ticket with the error text the customer attached), one from
//! a stranger waiting in the unmatched list, and a duplicate merged into the ticket it repeats.
use crate::error::AppError;
use crate::model::canned_reply::CannedReplyForm;
use crate::model::permissions::Role;
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::service::tickets::{canned, email, merge};
use crate::server::state::AppState;

const CANNED: &[(&str, &str)] = &[
    (
        "Restart first",
        "Hello {customer},\n\nthank you for reporting this. Could you switch the device off, wait ten seconds and \
         switch it on again? If the problem is still there, reply to this message and we will take it from there \
         ({ticket}).\n\nKind regards,\n{agent}\n{company}",
    ),
    (
        "Technician on the way",
        "Hello {customer},\n\na technician will come by on the next working day between 9:00 and 12:00. Please make \
         sure someone can let them in.\n\n{agent}, {company}",
    ),
    (
        "Closing: no answer",
        "Hello {customer},\n\nwe have not heard back from you, so we consider {ticket} solved. Simply reply if it \
         comes back.\n\n{agent}",
    ),
];

pub async fn demo(state: &AppState) -> Result<(), AppError> {
    let pool = &state.pool;
    let Some(manager) = db::users::by_email(pool, "manager@example.com").await? else { return Ok(()) };
    let manager = Actor { id: manager.id, name: manager.name, role: Role::Manager };
    for (title, body) in CANNED {
        canned::save(pool, &manager, None, &CannedReplyForm { title: (*title).into(), body: (*body).into() }).await?;
    }
    let Some(&(_, Some(contact_id))) = db::seed::accounts_with_contact(pool, 3).await?.get(2) else {
        return Ok(());
    };
    let Some(contact) = db::contacts::by_id(pool, contact_id).await?.filter(|c| c.email.contains('@')) else {
        return Ok(());
    };
    let from_contact = format!(
        "From: {name} <{email}>\r\nSubject: Scanner shows \"Kalibrierung fehlgeschlagen\"\r\n\
         Message-ID: <demo-scanner@customer.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"demo\"\r\n\r\n--demo\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nSince this morning the hand scanner in the goods-in area \
         shows \"Kalibrierung fehlgeschlagen\" after every scan. The display text is attached.\r\n\r\n--demo\r\n\
         Content-Type: text/plain; name=\"scanner-display.txt\"\r\n\
         Content-Disposition: attachment; filename=\"scanner-display.txt\"\r\n\r\n\
         E-17 Kalibrierung fehlgeschlagen / calibration failed\r\n--demo--\r\n",
        name = contact.name,
        email = contact.email,
    );
    let Some(sven) = db::users::by_email(pool, "support@example.com").await? else { return Ok(()) };
    let agent = Actor { id: sven.id, name: sven.name, role: Role::Support };
    let first = email::receive(pool, &agent, from_contact.as_bytes()).await?;
    let stranger = "From: Lena Vogt <lena.vogt@newcustomer.example>\r\nSubject: Quote for 12 label printers?\r\n\
                    Message-ID: <demo-unmatched@newcustomer.example>\r\n\r\nHello, we are opening a second \
                    warehouse and need 12 label printers with a maintenance contract. Can you send a quote?\r\n";
    email::receive(pool, &agent, stranger.as_bytes()).await?;
    // The same customer wrote again about the same scanner: merged into the first.
    let again = format!(
        "From: {email}\r\nSubject: Scanner still broken\r\nMessage-ID: <demo-scanner-2@customer.example>\r\n\r\n\
         The scanner still says calibration failed. Is anyone looking at this?\r\n",
        email = contact.email
    );
    let second = email::receive(pool, &agent, again.as_bytes()).await?;
    if let (Some(into), Some(dup)) = (first.ticket_number, second.ticket_id) {
        merge::merge(pool, &agent, dup, &into).await?;
    }
    Ok(())
}
