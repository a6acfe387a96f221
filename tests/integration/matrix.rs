//! The authorization matrix: every server fn, REST operation, plain route (PDF, CSV, upload) and
//! page, against every role and a signed-out visitor, with the expected answer read from the
//! permission table (src/model/permissions.rs). The lists of what exists come from the app itself
//! (server fn registry, OpenAPI document, router source, Leptos route list), so a route the table
//! below does not mention fails the test. A refused call must answer 403 (401 signed out) and leave
//! every table as it was.
use crate::common::*;
use aftersale::model::permissions::{Permission, Role};
use aftersale::server;
use reqwest::{Client, Method, StatusCode};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A `#[server]` fn: `route` is its name, `call` its url-encoded form.
    Fn,
    /// `/api/v1` with the role's bearer token: `call` is the path, `body` JSON (or `csv:` text).
    Rest,
    /// A plain axum route with the session cookie (PDF, CSV, ZIP, the statement upload).
    Plain,
    /// A Leptos page, rendered on the server.
    Page,
}

#[derive(Clone, Copy, Debug)]
enum Access {
    /// Anyone, signed in or not (the customer's invoice link, health, sign-in).
    Public,
    /// Signed in with this permission.
    Needs(Permission),
}

#[derive(Clone, Copy, Debug)]
struct Case {
    kind: Kind,
    method: &'static str,
    /// The route as registered: fn name or path template (`/api/v1/invoices/{id}`).
    route: &'static str,
    /// The concrete request: `$name` is replaced by the fixture `name` (see `fixtures`).
    call: &'static str,
    body: &'static str,
    access: Access,
    /// Whether the call may change data (reads must answer 2xx to the roles allowed them).
    mutates: bool,
}

use Access::*;
use Permission::*;

const fn read(route: &'static str, call: &'static str, p: Permission) -> Case {
    Case { kind: Kind::Fn, method: "POST", route, call, body: "", access: Needs(p), mutates: false }
}
const fn write(route: &'static str, call: &'static str, p: Permission) -> Case {
    Case { kind: Kind::Fn, method: "POST", route, call, body: "", access: Needs(p), mutates: true }
}
const fn rest(
    method: &'static str,
    route: &'static str,
    call: &'static str,
    body: &'static str,
    p: Permission,
) -> Case {
    let mutates = !matches!(method.as_bytes(), b"GET");
    Case { kind: Kind::Rest, method, route, call, body, access: Needs(p), mutates }
}
const fn plain(route: &'static str, call: &'static str, p: Permission) -> Case {
    Case { kind: Kind::Plain, method: "GET", route, call, body: "", access: Needs(p), mutates: false }
}
const fn page(route: &'static str, call: &'static str, p: Permission) -> Case {
    Case { kind: Kind::Page, method: "GET", route, call, body: "", access: Needs(p), mutates: false }
}
const fn public(kind: Kind, method: &'static str, route: &'static str, call: &'static str, mutates: bool) -> Case {
    Case { kind, method, route, call, body: "", access: Public, mutates }
}

// Records owned by the demo users, so a sales role (which edits only its own) is refused where the
// permission is the "all" one: EditAllCrm, EditAllOrders.
const CASES: &[Case] = &[
    // ---- server fns: sign-in, users, tokens, system, settings
    public(Kind::Fn, "POST", "login", "email=admin@test.example&password=correct+horse+battery", true),
    public(Kind::Fn, "POST", "logout", "", true),
    read("list_users", "", ManageUsers),
    read("get_user", "id=$demo_user", ManageUsers),
    write("create_user", "email=matrix-new@test.example&name=New&role=support&password=correct+horse+battery", ManageUsers),
    write("update_user", "id=$demo_user&field=name&value=Sven+Support", ManageUsers),
    write("update_user_availability", "id=$demo_user&available=true&away_from=2030-01-01&away_until=", ManageUsers),
    read("list_tokens", "", ManageApiTokens),
    write("create_token", "email=support@example.com&name=matrix", ManageApiTokens),
    write("revoke_token", "id=$spare_token", ManageApiTokens),
    read("list_outbox", "", ViewSystem),
    write("retry_outbox", "id=$outbox", ViewSystem),
    read("list_job_runs", "", ViewSystem),
    read("system_overview", "", ViewSystem),
    read("get_settings", "", ManageSettings),
    write(
        "save_settings",
        "form[company_name]=Matrix+GmbH&form[default_currency]=EUR&form[default_payment_terms_days]=30",
        ManageSettings,
    ),
    read("get_support_settings", "", ManageSupport),
    write("save_support_settings", "form[timezone]=UTC&form[day1]=on&form[auto_close_days]=3", ManageSupport),
    // ---- CRM
    read("list_accounts", "", ViewCrm),
    read("get_account", "id=$account", ViewCrm),
    read("new_account_data", "", EditOwnCrm),
    write("create_account", "form[name]=Matrix+Co", EditOwnCrm),
    write("update_account", "id=$account&form[name]=Matrix+One", EditAllCrm),
    write("save_contact", "account_id=$account&form[name]=Matrix+Person", EditAllCrm),
    read("get_assignments", "kind=accounts", Reassign),
    write("reassign", "kind=accounts&ids[0]=$account&to=$admin", Reassign),
    read("list_products", "", ViewCrm),
    read("get_product", "id=$product", ViewCrm),
    write("save_product", "id=$product&form[sku]=M-1&form[name]=Matrix&form[unit_price]=1&form[tax_rate_id]=$tax_rate", ManageCatalog),
    read("list_tax_rates", "", ViewCrm),
    write("save_tax_rate", "id=$tax_rate&form[name]=Matrix+rate&form[rate]=20", ManageCatalog),
    read("list_opportunities", "", ViewCrm),
    read("get_opportunity", "id=$opportunity", ViewCrm),
    read("opportunity_form_data", "", EditOwnCrm),
    write("save_opportunity", "id=$opportunity&form[name]=Matrix+deal&form[account_id]=$account&form[amount]=10", EditAllCrm),
    write("move_opportunity", "id=$opportunity&stage=proposal", EditAllCrm),
    read("quote_lines", "currency=EUR", UseApp),
    read("search", "q=a", UseApp),
    // ---- orders and shipments
    read("list_orders", "", ViewOrders),
    read("get_order", "id=$draft_order", ViewOrders),
    read("new_order_data", "", EditOwnOrders),
    read("orders_by_status", "", ViewOrders),
    write(
        "save_order",
        "id=$draft_order&form[account_id]=$account&lines[0][product_id]=$product&lines[0][quantity]=2",
        EditAllOrders,
    ),
    write("order_event", "id=$draft_order&event=confirm", EditAllOrders),
    write("create_order_from_opportunity", "opportunity_id=$won_opportunity", EditOwnOrders),
    write(
        "create_shipment",
        "order_id=$confirmed_order&form[lines][0][line_id]=$confirmed_line&form[lines][0][quantity]=1",
        EditAllOrders,
    ),
    write("cancel_shipment", "id=$shipment", EditAllOrders),
    // ---- invoices, credit notes, customer links
    read("list_invoices", "", ViewInvoices),
    read("get_invoice", "id=$issued_invoice", ViewInvoices),
    read("new_invoice_data", "", ManageInvoices),
    read("invoice_aging", "", ViewInvoices),
    read("order_invoicing", "order_id=$confirmed_order", ManageInvoices),
    write(
        "save_invoice",
        "id=$draft_invoice&form[account_id]=$account&lines[0][product_id]=$product&lines[0][quantity]=3",
        ManageInvoices,
    ),
    write("invoice_event", "id=$draft_invoice&event=issue", ManageInvoices),
    write("send_invoice", "id=$issued_invoice", ManageInvoices),
    write("invoice_order", "order_id=$confirmed_order&all=on", ManageInvoices),
    write("create_credit_note", "invoice_id=$issued_invoice&form[reason]=Matrix&form[whole]=on", ManageInvoices),
    write("new_customer_link", "invoice_id=$issued_invoice", ManageInvoices),
    write("revoke_customer_link", "invoice_id=$linked_invoice&link_id=$link", ManageInvoices),
    write("resolve_invoice_question", "invoice_id=$issued_invoice&resolution=Answered", ManageInvoices),
    public(Kind::Fn, "POST", "customer_invoice", "token=$customer_token", false),
    public(
        Kind::Fn,
        "POST",
        "question_invoice",
        "token=$customer_token&name=Cus+Tomer&email=c@example.com&message=Why",
        true,
    ),
    // ---- payments and reconciliation
    read("list_payments", "", ViewPayments),
    read("get_payment", "id=$payment", ViewPayments),
    read("record_payment_data", "", ManagePayments),
    read("suggest_allocations", "form[account_id]=$account&form[amount]=10", ManagePayments),
    read("account_statement", "account_id=$account&from=2020-01-01&to=2030-12-31", ViewPayments),
    read("cash_by_month", "", ViewPayments),
    write(
        "record_payment",
        "form[account_id]=$account&form[amount]=10&form[method]=bank_transfer&form[status]=completed",
        ManagePayments,
    ),
    write("payment_event", "id=$pending_payment&event=complete", ManagePayments),
    write("refund_payment", "id=$payment&form[amount]=1&form[reason]=Matrix", ManagePayments),
    write(
        "allocate_payment",
        "id=$payment&allocations[0][invoice_id]=$issued_invoice&allocations[0][amount]=1",
        ManagePayments,
    ),
    write("remove_allocation", "id=$allocated_payment&allocation_id=$allocation", ManagePayments),
    write("email_receipt", "id=$payment", ManagePayments),
    read("reconcile_workbench", "", ViewPayments),
    read("statement_view", "id=$statement", ViewPayments),
    read("bank_line_view", "id=$bank_line", ViewPayments),
    write("save_bank_account", "id=$bank_account&form[name]=Matrix+bank&form[currency]=EUR&form[date_column]=Date&form[amount_column]=Amount&form[description_column]=Description&form[counterparty_column]=Counterparty&form[reference_column]=Reference", ManagePayments),
    write("statement_action", "id=$statement&action=rematch", ManagePayments),
    write("bank_line_action", "id=$bank_line&action=ignore&reason=Matrix", ManagePayments),
    write("split_bank_line", "id=$bank_line&form[rows][0][invoice]=$issued_invoice&form[rows][0][amount]=1", ManagePayments),
    // ---- tickets: the pages' server fns ($ticket: see the REST rows below)
    read("list_tickets", "", ViewTickets),
    read("ticket_stats", "", ViewAllTickets),
    read("get_ticket", "id=$ticket", ViewTickets),
    read("new_ticket_data", "account_id=$ticket_account", WorkTickets),
    write("create_ticket", "form[account_id]=$account&form[subject]=Matrix+page&form[description]=From+the+page", WorkTickets),
    write(
        "update_ticket",
        "id=$ticket&form[account_id]=$ticket_account&form[subject]=Matrix+ticket&form[description]=Edited",
        WorkTickets,
    ),
    write("ticket_event", "id=$ticket&event=start", WorkTickets),
    write("assign_ticket", "id=$ticket&assignee_id=", WorkTickets),
    write("add_ticket_comment", "id=$ticket&form[body]=Matrix+page+note", NoteTickets),
    // Into a ticket that does not exist: the allowed get 422 and $ticket stays as it is.
    write("merge_ticket", "id=$ticket&into=TCK-1999-000000", WorkTickets),
    // Email into support: the list, and filing / discarding a message that is not there (409).
    read("unmatched_email", "", WorkTickets),
    read("canned_replies", "", ManageSupport),
    write("save_canned_reply", "form[title]=Matrix+canned&form[body]=Hello+{customer}", ManageSupport),
    write("delete_canned_reply", "id=999999", ManageSupport),
    write("file_unmatched_email", "id=999999&account_id=$ticket_account", WorkTickets),
    write("discard_unmatched_email", "id=999999", WorkTickets),
    // The customer's side of $ticket's link (rating is refused while it is open: 409, not 403).
    public(Kind::Fn, "POST", "customer_ticket", "token=$ticket_token", false),
    public(Kind::Fn, "POST", "reply_customer_ticket", "token=$ticket_token&body=Matrix+customer+reply", true),
    public(Kind::Fn, "POST", "rate_customer_ticket", "token=$ticket_token&rating=5", true),
    // ---- contracts ($contract is pending, on the account the matrix's sales user owns)
    read("list_contracts", "", ViewContracts),
    read("get_contract", "id=$contract", ViewContracts),
    read("new_contract_data", "account_id=$ticket_account", EditOwnContracts),
    write(
        "save_contract",
        "form[account_id]=$ticket_account&form[title]=Matrix+page&form[start_date]=2027-01-01&lines[0][description]=x&lines[0][quantity]=1&lines[0][unit_price]=1&lines[0][tax_rate_id]=$tax_rate",
        EditOwnContracts,
    ),
    write("contract_event", "id=$contract&event=activate", EditOwnContracts),
    // Without a reason: the allowed get 422 and nothing changes.
    write("cancel_contract", "id=$contract&form[effective]=now", EditOwnContracts),
    read("get_renewal_settings", "", EditAllContracts),
    read("renewal_overview", "", ViewContracts),
    write("send_renewal_offer", "id=$contract", EditOwnContracts),
    // Changing a pending contract's running term: the allowed get the page saying why not, or 409.
    read("contract_change_page", "id=$contract", EditOwnContracts),
    write("apply_contract_change", "id=$contract&change[effective_date]=2027-01-01", EditOwnContracts),
    // The customer's side of $contract's link (pending: nothing to decide, 409).
    public(Kind::Fn, "POST", "customer_contract", "token=$contract_token", false),
    public(Kind::Fn, "POST", "accept_customer_contract", "token=$contract_token", true),
    public(Kind::Fn, "POST", "decline_customer_contract", "token=$contract_token&reason=Matrix", true),
    // $contract is pending, not lapsed: the allowed get 409, nothing is raised.
    Case {
        kind: Kind::Fn,
        method: "POST",
        route: "raise_renewal_opportunity",
        call: "contract_id=$contract",
        body: "",
        access: Needs(WorkTickets),
        mutates: true,
    },
    write("save_renewal_settings", "form[invoice_mode]=draft&form[grace_days]=30", EditAllContracts),
    // Deleting last: the records above stay in place for every role.
    write("delete_contact", "id=$contact", EditAllCrm),
    write("delete_invoice_draft", "id=$draft_invoice", ManageInvoices),
    // ---- REST /api/v1
    public(Kind::Rest, "GET", "/api/v1/openapi.json", "/api/v1/openapi.json", false),
    rest("GET", "/api/v1/me", "/api/v1/me", "", UseApp),
    rest("GET", "/api/v1/users", "/api/v1/users", "", ManageUsers),
    rest("GET", "/api/v1/users/{id}", "/api/v1/users/$demo_user", "", ManageUsers),
    rest(
        "POST",
        "/api/v1/users",
        "/api/v1/users",
        r#"{"email": "matrix-rest@test.example", "name": "R", "role": "support", "password": "correct horse battery"}"#,
        ManageUsers,
    ),
    rest("PATCH", "/api/v1/users/{id}", "/api/v1/users/$demo_user", r#"{"name": "Sven Support"}"#, ManageUsers),
    rest("GET", "/api/v1/accounts", "/api/v1/accounts", "", ViewCrm),
    rest("GET", "/api/v1/accounts/{id}", "/api/v1/accounts/$account", "", ViewCrm),
    rest("POST", "/api/v1/accounts", "/api/v1/accounts", r#"{"name": "Matrix REST Co"}"#, EditOwnCrm),
    rest("PATCH", "/api/v1/accounts/{id}", "/api/v1/accounts/$account", r#"{"name": "Matrix One"}"#, EditAllCrm),
    rest("GET", "/api/v1/contacts", "/api/v1/contacts", "", ViewCrm),
    rest("GET", "/api/v1/contacts/{id}", "/api/v1/contacts/$contact", "", ViewCrm),
    rest("POST", "/api/v1/contacts", "/api/v1/contacts", r#"{"account_id": $account, "name": "Matrix Person"}"#, EditAllCrm),
    rest("PATCH", "/api/v1/contacts/{id}", "/api/v1/contacts/$contact", r#"{"name": "Matrix Person"}"#, EditAllCrm),
    rest("GET", "/api/v1/products", "/api/v1/products", "", ViewCrm),
    rest("GET", "/api/v1/products/{id}", "/api/v1/products/$product", "", ViewCrm),
    rest(
        "POST",
        "/api/v1/products",
        "/api/v1/products",
        r#"{"sku": "M-REST", "name": "Matrix", "unit_price": "1", "tax_rate_id": $tax_rate}"#,
        ManageCatalog,
    ),
    rest("PATCH", "/api/v1/products/{id}", "/api/v1/products/$product", r#"{"name": "Matrix"}"#, ManageCatalog),
    rest("GET", "/api/v1/tax-rates", "/api/v1/tax-rates", "", ViewCrm),
    rest("GET", "/api/v1/tax-rates/{id}", "/api/v1/tax-rates/$tax_rate", "", ViewCrm),
    rest("POST", "/api/v1/tax-rates", "/api/v1/tax-rates", r#"{"name": "Matrix rate", "rate": "5"}"#, ManageCatalog),
    rest("PATCH", "/api/v1/tax-rates/{id}", "/api/v1/tax-rates/$tax_rate", r#"{"name": "Matrix rate"}"#, ManageCatalog),
    rest("GET", "/api/v1/opportunities", "/api/v1/opportunities", "", ViewCrm),
    rest("GET", "/api/v1/opportunities/{id}", "/api/v1/opportunities/$opportunity", "", ViewCrm),
    rest(
        "POST",
        "/api/v1/opportunities",
        "/api/v1/opportunities",
        r#"{"name": "Matrix deal", "account_id": $account, "amount": "10"}"#,
        EditOwnCrm,
    ),
    rest("PATCH", "/api/v1/opportunities/{id}", "/api/v1/opportunities/$opportunity", r#"{"name": "Matrix deal"}"#, EditAllCrm),
    rest("POST", "/api/v1/opportunities/{id}/{event}", "/api/v1/opportunities/$opportunity/proposal", "{}", EditAllCrm),
    rest("GET", "/api/v1/sales-orders", "/api/v1/sales-orders", "", ViewOrders),
    rest("GET", "/api/v1/sales-orders/{id}", "/api/v1/sales-orders/$draft_order", "", ViewOrders),
    rest("GET", "/api/v1/sales-orders/{id}/lines", "/api/v1/sales-orders/$draft_order/lines", "", ViewOrders),
    rest("GET", "/api/v1/sales-orders/{id}/shipments", "/api/v1/sales-orders/$shipment_order/shipments", "", ViewOrders),
    rest(
        "GET",
        "/api/v1/sales-orders/{id}/shipments/{shipment_id}/delivery-note.pdf",
        "/api/v1/sales-orders/$shipment_order/shipments/$shipment/delivery-note.pdf",
        "",
        ViewOrders,
    ),
    rest(
        "POST",
        "/api/v1/sales-orders",
        "/api/v1/sales-orders",
        r#"{"account_id": $account, "lines": [{"product_id": $product, "quantity": "1"}]}"#,
        EditOwnOrders,
    ),
    rest("PATCH", "/api/v1/sales-orders/{id}", "/api/v1/sales-orders/$draft_order", r#"{"notes": "Matrix"}"#, EditAllOrders),
    rest(
        "POST",
        "/api/v1/sales-orders/{id}/lines",
        "/api/v1/sales-orders/$draft_order/lines",
        r#"{"product_id": $product, "quantity": "1"}"#,
        EditAllOrders,
    ),
    rest("POST", "/api/v1/sales-orders/{id}/{event}", "/api/v1/sales-orders/$draft_order/confirm", "", EditAllOrders),
    rest(
        "POST",
        "/api/v1/sales-orders/{id}/shipments",
        "/api/v1/sales-orders/$confirmed_order/shipments",
        r#"{"lines": [{"line_id": $confirmed_line, "quantity": "1"}]}"#,
        EditAllOrders,
    ),
    rest(
        "POST",
        "/api/v1/sales-orders/{id}/shipments/{shipment_id}/cancel",
        "/api/v1/sales-orders/$shipment_order/shipments/$shipment/cancel",
        "",
        EditAllOrders,
    ),
    rest("POST", "/api/v1/sales-orders/{id}/invoice", "/api/v1/sales-orders/$confirmed_order/invoice", "{}", ManageInvoices),
    rest("GET", "/api/v1/invoices", "/api/v1/invoices", "", ViewInvoices),
    rest("GET", "/api/v1/invoices/{id}", "/api/v1/invoices/$issued_invoice", "", ViewInvoices),
    rest("GET", "/api/v1/invoices/{id}/pdf", "/api/v1/invoices/$issued_invoice/pdf", "", ViewInvoices),
    rest(
        "POST",
        "/api/v1/invoices",
        "/api/v1/invoices",
        r#"{"account_id": $account, "lines": [{"product_id": $product, "quantity": "1"}]}"#,
        ManageInvoices,
    ),
    rest("PATCH", "/api/v1/invoices/{id}", "/api/v1/invoices/$draft_invoice", r#"{"notes": "Matrix"}"#, ManageInvoices),
    rest("POST", "/api/v1/invoices/{id}/{event}", "/api/v1/invoices/$issued_invoice/send", "{}", ManageInvoices),
    rest("POST", "/api/v1/invoices/{id}/customer-link", "/api/v1/invoices/$issued_invoice/customer-link", "", ManageInvoices),
    rest("GET", "/api/v1/credit-notes", "/api/v1/credit-notes", "", ViewInvoices),
    rest("GET", "/api/v1/credit-notes/{id}", "/api/v1/credit-notes/$credit_note", "", ViewInvoices),
    rest("GET", "/api/v1/credit-notes/{id}/pdf", "/api/v1/credit-notes/$credit_note/pdf", "", ViewInvoices),
    rest(
        "POST",
        "/api/v1/credit-notes",
        "/api/v1/credit-notes",
        r#"{"invoice_id": $issued_invoice, "reason": "Matrix", "whole": true}"#,
        ManageInvoices,
    ),
    rest("GET", "/api/v1/payments", "/api/v1/payments", "", ViewPayments),
    rest("GET", "/api/v1/payments/{id}", "/api/v1/payments/$payment", "", ViewPayments),
    rest("GET", "/api/v1/payments/{id}/allocations", "/api/v1/payments/$payment/allocations", "", ViewPayments),
    rest("GET", "/api/v1/payments/{id}/receipt.pdf", "/api/v1/payments/$payment/receipt.pdf", "", ViewPayments),
    rest(
        "POST",
        "/api/v1/payments",
        "/api/v1/payments",
        r#"{"account_id": $account, "amount": "10", "method": "bank_transfer", "status": "completed"}"#,
        ManagePayments,
    ),
    rest(
        "POST",
        "/api/v1/payments/{id}/allocations",
        "/api/v1/payments/$payment/allocations",
        r#"{"allocations": [{"invoice_id": $issued_invoice, "amount": "1"}]}"#,
        ManagePayments,
    ),
    rest("POST", "/api/v1/payments/{id}/{event}", "/api/v1/payments/$pending_payment/complete", "{}", ManagePayments),
    rest("GET", "/api/v1/bank-accounts", "/api/v1/bank-accounts", "", ViewPayments),
    rest("GET", "/api/v1/bank-accounts/{id}/report", "/api/v1/bank-accounts/$bank_account/report", "", ViewPayments),
    rest(
        "POST",
        "/api/v1/bank-accounts",
        "/api/v1/bank-accounts",
        r#"{"name": "Matrix bank", "currency": "EUR", "date_column": "Date", "amount_column": "Amount", "description_column": "Description", "counterparty_column": "Counterparty", "reference_column": "Reference"}"#,
        ManagePayments,
    ),
    rest(
        "PUT",
        "/api/v1/bank-accounts/{id}",
        "/api/v1/bank-accounts/$bank_account",
        r#"{"name": "Matrix bank", "currency": "EUR", "date_column": "Date", "amount_column": "Amount", "description_column": "Description", "counterparty_column": "Counterparty", "reference_column": "Reference"}"#,
        ManagePayments,
    ),
    rest(
        "POST",
        "/api/v1/bank-statements",
        "/api/v1/bank-statements?bank_account_id=$bank_account&file_name=matrix.csv",
        "csv:Date,Amount,Description,Counterparty,Reference\n2026-11-02,10.00,MATRIX REST,M,\n",
        ManagePayments,
    ),
    rest("GET", "/api/v1/bank-statements/{id}", "/api/v1/bank-statements/$statement", "", ViewPayments),
    rest("GET", "/api/v1/bank-statements/{id}/lines", "/api/v1/bank-statements/$statement/lines", "", ViewPayments),
    rest("POST", "/api/v1/bank-statements/{id}/import", "/api/v1/bank-statements/$statement/import", "", ManagePayments),
    rest("POST", "/api/v1/bank-statements/{id}/rematch", "/api/v1/bank-statements/$statement/rematch", "", ManagePayments),
    rest(
        "GET",
        "/api/v1/bank-statement-lines/{id}/candidates",
        "/api/v1/bank-statement-lines/$bank_line/candidates",
        "",
        ViewPayments,
    ),
    rest(
        "POST",
        "/api/v1/bank-statement-lines/{id}/accept",
        "/api/v1/bank-statement-lines/$bank_line/accept",
        r#"{"kind": "invoice", "target_id": $issued_invoice}"#,
        ManagePayments,
    ),
    rest(
        "POST",
        "/api/v1/bank-statement-lines/{id}/reject",
        "/api/v1/bank-statement-lines/$bank_line/reject",
        r#"{"reason": "Matrix"}"#,
        ManagePayments,
    ),
    rest("POST", "/api/v1/bank-statement-lines/{id}/reopen", "/api/v1/bank-statement-lines/$bank_line/reopen", "", ManagePayments),
    rest(
        "POST",
        "/api/v1/bank-statement-lines/{id}/payments",
        "/api/v1/bank-statement-lines/$bank_line/payments",
        r#"{"rows": [{"invoice": "$issued_invoice", "amount": "1"}]}"#,
        ManagePayments,
    ),
    // ---- tickets ($ticket is on an account of the matrix's sales user, who reads and notes it)
    rest("GET", "/api/v1/tickets", "/api/v1/tickets", "", ViewTickets),
    rest("GET", "/api/v1/tickets/{id}", "/api/v1/tickets/$ticket", "", ViewTickets),
    rest("GET", "/api/v1/tickets/{id}/events", "/api/v1/tickets/$ticket/events", "", ViewTickets),
    rest("GET", "/api/v1/tickets/{id}/comments", "/api/v1/tickets/$ticket/comments", "", ViewTickets),
    rest(
        "POST",
        "/api/v1/tickets",
        "/api/v1/tickets",
        r#"{"account_id": $account, "subject": "Matrix ticket", "description": "Opened by the matrix"}"#,
        WorkTickets,
    ),
    rest("PATCH", "/api/v1/tickets/{id}", "/api/v1/tickets/$ticket", r#"{"subject": "Matrix ticket"}"#, WorkTickets),
    rest("POST", "/api/v1/tickets/{id}/assign", "/api/v1/tickets/$ticket/assign", r#"{"assignee_id": null}"#, WorkTickets),
    rest("POST", "/api/v1/tickets/{id}/{event}", "/api/v1/tickets/$ticket/start", "", WorkTickets),
    rest(
        "POST",
        "/api/v1/tickets/{id}/comments",
        "/api/v1/tickets/$ticket/comments",
        r#"{"body": "Matrix note", "public": false}"#,
        NoteTickets,
    ),
    rest("POST", "/api/v1/tickets/{id}/customer-link", "/api/v1/tickets/$ticket/customer-link", "", WorkTickets),
    rest("POST", "/api/v1/tickets/{id}/merge", "/api/v1/tickets/$ticket/merge", r#"{"into": "TCK-1999-000000"}"#, WorkTickets),
    // ---- contracts
    rest("GET", "/api/v1/contracts", "/api/v1/contracts", "", ViewContracts),
    rest("GET", "/api/v1/contracts/{id}", "/api/v1/contracts/$contract", "", ViewContracts),
    rest("GET", "/api/v1/contracts/{id}/terms", "/api/v1/contracts/$contract/terms", "", ViewContracts),
    rest("GET", "/api/v1/contracts/{id}/events", "/api/v1/contracts/$contract/events", "", ViewContracts),
    rest("GET", "/api/v1/contracts/{id}/renewal-preview", "/api/v1/contracts/$contract/renewal-preview", "", ViewContracts),
    rest(
        "POST",
        "/api/v1/contracts",
        "/api/v1/contracts",
        r#"{"account_id": $ticket_account, "title": "Matrix", "start_date": "2027-01-01", "lines": [{"description": "x", "quantity": "1", "unit_price": "1", "tax_rate_id": $tax_rate}]}"#,
        EditOwnContracts,
    ),
    rest("PATCH", "/api/v1/contracts/{id}", "/api/v1/contracts/$contract", r#"{"title": "Matrix contract"}"#, EditOwnContracts),
    rest("POST", "/api/v1/contracts/{id}/change-preview", "/api/v1/contracts/$contract/change-preview", r#"{"effective_date": "2027-01-01"}"#, EditOwnContracts),
    rest("POST", "/api/v1/contracts/{id}/changes", "/api/v1/contracts/$contract/changes", r#"{"effective_date": "2027-01-01"}"#, EditOwnContracts),
    // Renewing a pending contract: the allowed get 409.
    rest("POST", "/api/v1/contracts/{id}/{event}", "/api/v1/contracts/$contract/renew", "", EditOwnContracts),
    // Not a message (no From): the allowed get 422.
    rest("POST", "/api/v1/inbound-email", "/api/v1/inbound-email", "{}", WorkTickets),
    // Deleting last.
    rest("DELETE", "/api/v1/payments/{id}/allocations/{allocation_id}", "/api/v1/payments/$allocated_payment/allocations/$allocation", "", ManagePayments),
    rest("DELETE", "/api/v1/bank-statements/{id}", "/api/v1/bank-statements/$staged_statement", "", ManagePayments),
    rest("DELETE", "/api/v1/contacts/{id}", "/api/v1/contacts/$other_contact", "", EditAllCrm),
    rest("DELETE", "/api/v1/invoices/{id}", "/api/v1/invoices/$draft_invoice", "", ManageInvoices),
    // ---- plain routes: health, CSV exports, PDFs, the statement upload
    public(Kind::Plain, "GET", "/healthz", "/healthz", false),
    public(Kind::Plain, "GET", "/metrics", "/metrics", false),
    plain("/accounts.csv", "/accounts.csv", ViewCrm),
    plain("/products.csv", "/products.csv", ViewCrm),
    plain("/opportunities.csv", "/opportunities.csv", ViewCrm),
    plain("/orders.csv", "/orders.csv", ViewOrders),
    plain("/invoices.csv", "/invoices.csv", ViewInvoices),
    plain("/payments.csv", "/payments.csv", ViewPayments),
    plain("/tickets.csv", "/tickets.csv", ViewTickets),
    plain("/contracts.csv", "/contracts.csv", ViewContracts),
    plain("/tickets/{id}/files/{file}", "/tickets/$ticket/files/$ticket_file", ViewTickets),
    public(Kind::Plain, "GET", "/t/{token}/files/{file}", "/t/$ticket_token/files/$ticket_file", false),
    // An internal file (the form's "public" box unticked): whoever may add internal notes.
    Case {
        kind: Kind::Plain,
        method: "POST",
        route: "/tickets/{id}/files",
        call: "/tickets/$ticket/files",
        body: "matrix file",
        access: Needs(NoteTickets),
        mutates: true,
    },
    plain("/shipments/{id}/delivery-note.pdf", "/shipments/$shipment/delivery-note.pdf", ViewOrders),
    plain("/invoices.zip", "/invoices.zip?ids=$issued_invoice", ViewInvoices),
    plain("/invoices/{id}/pdf", "/invoices/$issued_invoice/pdf", ViewInvoices),
    plain("/credit-notes/{id}/pdf", "/credit-notes/$credit_note/pdf", ViewInvoices),
    plain("/payments/{id}/receipt.pdf", "/payments/$payment/receipt.pdf", ViewPayments),
    plain("/accounts/{id}/statement.pdf", "/accounts/$account/statement.pdf", ViewPayments),
    public(Kind::Plain, "GET", "/i/{token}/pdf", "/i/$customer_token/pdf", false),
    Case {
        kind: Kind::Plain,
        method: "POST",
        route: "/payments/reconcile/upload",
        call: "/payments/reconcile/upload",
        body: "Date,Amount,Description,Counterparty,Reference\n2026-11-03,12.00,MATRIX UPLOAD,M,\n",
        access: Needs(ManagePayments),
        mutates: true,
    },
    // ---- pages
    public(Kind::Page, "GET", "/login", "/login", false),
    public(Kind::Page, "GET", "/i/{token}", "/i/$customer_token", false),
    public(Kind::Page, "GET", "/t/{token}", "/t/$ticket_token", false),
    public(Kind::Page, "GET", "/c/{token}", "/c/$contract_token", false),
    page("/", "/", UseApp),
    page("/admin/users", "/admin/users", ManageUsers),
    page("/admin/users/{id}", "/admin/users/$demo_user", ManageUsers),
    page("/admin/tokens", "/admin/tokens", ManageApiTokens),
    page("/admin/outbox", "/admin/outbox", ViewSystem),
    page("/admin/jobs", "/admin/jobs", ViewSystem),
    page("/admin/settings", "/admin/settings", ManageSettings),
    page("/admin/support", "/admin/support", ManageSupport),
    page("/accounts", "/accounts", ViewCrm),
    page("/accounts/{id}", "/accounts/$account", ViewCrm),
    page("/accounts/new", "/accounts/new", EditOwnCrm),
    page("/assignments", "/assignments", Reassign),
    page("/products", "/products", ViewCrm),
    page("/products/{id}", "/products/$product", ViewCrm),
    page("/products/new", "/products/new", ManageCatalog),
    page("/tax-rates", "/tax-rates", ViewCrm),
    page("/opportunities", "/opportunities", ViewCrm),
    page("/opportunities/{id}", "/opportunities/$opportunity", ViewCrm),
    page("/opportunities/new", "/opportunities/new", EditOwnCrm),
    page("/orders", "/orders", ViewOrders),
    page("/orders/{id}", "/orders/$draft_order", ViewOrders),
    page("/orders/new", "/orders/new", EditOwnOrders),
    page("/orders/{id}/invoice", "/orders/$confirmed_order/invoice", ManageInvoices),
    page("/invoices", "/invoices", ViewInvoices),
    page("/search", "/search?q=a", UseApp),
    page("/invoices/{id}", "/invoices/$issued_invoice", ViewInvoices),
    page("/invoices/new", "/invoices/new", ManageInvoices),
    page("/payments", "/payments", ViewPayments),
    page("/payments/{id}", "/payments/$payment", ViewPayments),
    page("/payments/new", "/payments/new", ManagePayments),
    page("/payments/reconcile", "/payments/reconcile", ViewPayments),
    page("/payments/reconcile/statements/{id}", "/payments/reconcile/statements/$statement", ViewPayments),
    page("/payments/reconcile/lines/{id}", "/payments/reconcile/lines/$bank_line", ViewPayments),
    page("/accounts/{id}/statement", "/accounts/$account/statement", ViewPayments),
    page("/tickets", "/tickets", ViewTickets),
    page("/tickets/new", "/tickets/new", WorkTickets),
    page("/tickets/email", "/tickets/email", WorkTickets),
    page("/admin/canned-replies", "/admin/canned-replies", ManageSupport),
    page("/tickets/{id}", "/tickets/$ticket", ViewTickets),
    page("/contracts", "/contracts", ViewContracts),
    page("/contracts/new", "/contracts/new", EditOwnContracts),
    page("/contracts/{id}", "/contracts/$contract", ViewContracts),
    page("/contracts/{id}/change", "/contracts/$contract/change", EditOwnContracts),
    page("/admin/renewals", "/admin/renewals", EditAllContracts),
];

// ---------------------------------------------------------------- what exists

/// (METHOD, path) of every `.route(...)` in a router's source.
fn routes_in_source(src: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for chunk in src.split(".route(").skip(1) {
        let Some(rest) = chunk.trim_start().strip_prefix('"') else { continue };
        let (path, after) = rest.split_once('"').unwrap();
        let mut depth = 1;
        let end = after
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map(|(i, _)| i)
            .unwrap_or(after.len());
        let handlers = &after[..end];
        for m in ["get", "post", "put", "patch", "delete"] {
            let needle = format!("{m}(");
            let found = handlers
                .match_indices(&needle)
                .any(|(at, _)| handlers[..at].chars().last().is_none_or(|c| !c.is_alphanumeric() && c != '_'));
            if found {
                out.insert((m.to_uppercase(), path.to_string()));
            }
        }
    }
    out
}

const API_ROUTER: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/server/http/api_v1/mod.rs"));
const APP_ROUTER: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/server/mod.rs"));

/// Everything the app serves, by kind: (kind, METHOD, route).
async fn everything(app: &TestApp) -> BTreeSet<(String, String, String)> {
    let mut all = BTreeSet::new();
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        let name = path.strip_prefix("/fn/").unwrap_or(path);
        all.insert(("Fn".into(), method.as_str().to_string(), name.to_string()));
    }
    let (status, doc) = app.api(Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys().filter(|m| *m != "parameters") {
            let kind = if path.starts_with("/api/") { "Rest" } else { "Plain" };
            all.insert((kind.into(), method.to_uppercase(), path.clone()));
        }
    }
    for (method, path) in routes_in_source(API_ROUTER) {
        all.insert(("Rest".into(), method, path));
    }
    for (method, path) in routes_in_source(APP_ROUTER) {
        if !path.starts_with("/fn/") {
            all.insert(("Plain".into(), method, path));
        }
    }
    for route in leptos_axum::generate_route_list(aftersale::app::App) {
        let path = if route.path().is_empty() { "/".to_string() } else { route.path().to_string() };
        all.insert(("Page".into(), "GET".into(), path));
    }
    all
}

#[tokio::test]
async fn the_matrix_names_every_server_fn_rest_operation_plain_route_and_page() {
    let app = spawn().await;
    let exists = everything(&app).await;
    let listed: BTreeSet<(String, String, String)> =
        CASES.iter().map(|c| (format!("{:?}", c.kind), c.method.to_string(), c.route.to_string())).collect();
    let missing: Vec<_> = exists.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&exists).collect();
    assert!(missing.is_empty(), "routes the matrix does not test (add them to CASES):\n{missing:#?}");
    assert!(stale.is_empty(), "matrix rows for routes that do not exist:\n{stale:#?}");
    assert_eq!(listed.len(), CASES.len(), "each route appears once in CASES");
    let count = |k: &str| exists.iter().filter(|(kind, _, _)| kind == k).count();
    let counts = ["Fn", "Rest", "Plain", "Page"].map(|k| (k, count(k)));
    assert!(counts.iter().all(|(_, n)| *n >= 15), "read every source of routes: {counts:?}");
    println!("matrix covers {counts:?}");
    for kind in ["payment", "invoice", "bank", "token"] {
        assert!(
            CASES.iter().any(|c| c.mutates && (c.route.contains(kind) || c.call.contains(kind))),
            "mutations of {kind} are in the matrix"
        );
    }
}

#[test]
fn routes_are_read_from_router_source() {
    let src = r#".route("/a", get(x::get).post(x::create))
        .route(
            "/b/{id}",
            axum::routing::post(y::event),
        )
        .route("/c", get(z::budget_report))"#;
    let r = routes_in_source(src);
    let want: BTreeSet<(String, String)> =
        [("GET", "/a"), ("POST", "/a"), ("POST", "/b/{id}"), ("GET", "/c")].map(|(m, p)| (m.into(), p.into())).into();
    assert_eq!(r, want);
}

// ---------------------------------------------------------------- fixtures and database state

type Fixtures = HashMap<&'static str, String>;

async fn scalar(app: &TestApp, sql: &str) -> Option<i64> {
    sqlx::query_scalar::<_, Option<i64>>(sql).fetch_one(&app.state.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The demo company (records owned by the demo users), plus a customer link, a spare token and a
/// staged statement; each fixture is the id of a record in the state its calls need.
async fn fixtures(app: &TestApp) -> Fixtures {
    server::seed::seed_demo(&app.state, 0).await.expect("demo data");
    let mut f = Fixtures::new();
    let admin = server::db::users::by_email(&app.state.pool, ADMIN_EMAIL).await.unwrap().unwrap();
    let admin = server::auth::Actor { id: admin.id, name: admin.name.clone(), role: Role::Admin };
    f.insert("admin", admin.id.to_string());
    let queries: &[(&str, &str)] = &[
        ("demo_user", "SELECT MIN(id) FROM users WHERE email = 'support@example.com'"),
        ("account", "SELECT MIN(a.id) FROM accounts a JOIN contacts c ON c.account_id = a.id WHERE a.owner_id <> $admin"),
        ("contact", "SELECT MAX(id) FROM contacts WHERE account_id = $account"),
        ("other_contact", "SELECT MIN(id) FROM contacts WHERE account_id = $account AND id <> $contact"),
        ("tax_rate", "SELECT MIN(id) FROM tax_rates"),
        ("outbox", "SELECT MIN(id) FROM outbox"),
        ("product", "SELECT MIN(id) FROM products"),
        ("opportunity", "SELECT MIN(id) FROM opportunities WHERE stage IN ('prospecting', 'qualification')"),
        ("won_opportunity", "SELECT MIN(id) FROM opportunities WHERE stage = 'won'"),
        ("draft_order", "SELECT MIN(id) FROM sales_orders WHERE status = 'draft'"),
        ("confirmed_order", "SELECT MIN(id) FROM sales_orders WHERE status = 'confirmed'"),
        ("confirmed_line", "SELECT MIN(id) FROM sales_order_lines WHERE sales_order_id = $confirmed_order"),
        ("shipment", "SELECT MIN(s.id) FROM shipments s JOIN sales_orders o ON o.id = s.sales_order_id WHERE s.status = 'shipped' AND o.status <> 'closed'"),
        ("shipment_order", "SELECT sales_order_id FROM shipments WHERE id = $shipment"),
        ("draft_invoice", "SELECT MIN(id) FROM invoices WHERE status = 'draft'"),
        ("issued_invoice", "SELECT MIN(id) FROM invoices WHERE status IN ('issued', 'sent', 'overdue', 'partially_paid')"),
        ("credit_note", "SELECT MIN(id) FROM credit_notes"),
        ("payment", "SELECT MIN(id) FROM payments WHERE status = 'completed'"),
        ("pending_payment", "SELECT MIN(id) FROM payments WHERE status = 'pending'"),
        ("allocation", "SELECT MIN(id) FROM payment_allocations"),
        ("allocated_payment", "SELECT payment_id FROM payment_allocations WHERE id = $allocation"),
        ("bank_account", "SELECT MIN(id) FROM bank_accounts"),
        ("statement", "SELECT MIN(id) FROM bank_statements WHERE status = 'imported'"),
        ("bank_line", "SELECT MIN(id) FROM bank_statement_lines WHERE status = 'unmatched' AND statement_id = $statement"),
    ];
    let token = app.token(ADMIN_EMAIL).await;
    let mut missing = vec![];
    for (name, sql) in queries {
        match scalar(app, &fill(sql, &f)).await {
            Some(id) => {
                f.insert(name, id.to_string());
            }
            None => {
                // Not in the demo data: made by the test admin (so still nobody's of the roles under test).
                let Some((path, body)) = MADE.iter().find(|(n, _, _)| n == name).map(|(_, p, b)| (p, b)) else {
                    missing.push(*name);
                    continue;
                };
                let body: serde_json::Value = serde_json::from_str(&fill(body, &f)).unwrap();
                let (status, made) = app.api(Method::POST, path, Some(&token), Some(body)).await;
                assert!(status.is_success(), "making {name}: {status} {made}");
                f.insert(name, made["id"].as_i64().unwrap().to_string());
            }
        }
    }
    assert!(missing.is_empty(), "the demo data has none of {missing:?}");
    let id = |f: &Fixtures, k: &str| f[k].parse::<i64>().unwrap();
    let (url, _) =
        server::service::invoices::links::create(&app.state, &admin, id(&f, "issued_invoice"), false).await.unwrap();
    f.insert("customer_token", url.rsplit('/').next().unwrap().to_string());
    f.insert("linked_invoice", f["issued_invoice"].clone());
    let link = scalar(app, &fill("SELECT MAX(id) FROM invoice_links WHERE invoice_id = $issued_invoice", &f)).await;
    f.insert("link", link.unwrap().to_string());
    server::service::tokens::create(&app.state, None, id(&f, "demo_user"), "matrix-spare").await.unwrap();
    let token = scalar(app, "SELECT MAX(id) FROM api_tokens WHERE name = 'matrix-spare'").await;
    f.insert("spare_token", token.unwrap().to_string());
    let staged = server::service::bank::statements::stage(
        &app.state.pool,
        &admin,
        id(&f, "bank_account"),
        "staged.csv",
        b"Date,Amount,Description,Counterparty,Reference\n2026-11-04,7.00,STAGED,M,\n",
    )
    .await;
    let staged = match staged {
        Ok(s) => s.id,
        Err(e) => panic!("a statement stages for the matrix: {e:?}"),
    };
    f.insert("staged_statement", staged.to_string());
    // A ticket on an account of its own, which the run gives to the matrix's sales user once that
    // user exists (`give_ticket_account_to_sales`): sales read only their own accounts' tickets.
    let token = app.token(ADMIN_EMAIL).await;
    let (status, account) = app
        .api(Method::POST, "/api/v1/accounts", Some(&token), Some(serde_json::json!({"name": "Matrix Tickets Co"})))
        .await;
    assert!(status.is_success(), "making the tickets' account: {status} {account}");
    let body = serde_json::json!({"account_id": account["id"], "subject": "Matrix", "description": "For the matrix"});
    let (status, ticket) = app.api(Method::POST, "/api/v1/tickets", Some(&token), Some(body)).await;
    assert!(status.is_success(), "making ticket: {status} {ticket}");
    f.insert("ticket_account", account["id"].to_string());
    f.insert("ticket", ticket["id"].to_string());
    let ticket_id = ticket["id"].as_i64().unwrap();
    let (url, _) = server::service::tickets::links::create(&app.state, &admin, ticket_id).await.unwrap();
    f.insert("ticket_token", url.rsplit('/').next().unwrap().to_string());
    // A public file on it, as email brings them.
    let mut tx = server::db::begin_write(&app.state.pool).await.unwrap();
    let file = server::db::tickets::email::NewAttachment {
        ticket_id,
        comment_id: None,
        public: true,
        file_name: "matrix.txt",
        content_type: "text/plain",
        data: b"matrix",
        at: chrono::Utc::now(),
    };
    let file_id = server::db::tickets::email::add_attachment(&mut tx, &file).await.unwrap();
    tx.commit().await.unwrap();
    f.insert("ticket_file", file_id.to_string());
    // A pending contract on the same account (its owner, the matrix's sales user, manages it).
    let body = serde_json::json!({"account_id": account["id"], "title": "Matrix contract", "start_date": "2027-01-01",
        "lines": [{"description": "Support", "quantity": "1", "unit_price": "100", "tax_rate_id": f["tax_rate"].parse::<i64>().unwrap()}]});
    let (status, contract) = app.api(Method::POST, "/api/v1/contracts", Some(&token), Some(body)).await;
    assert!(status.is_success(), "making contract: {status} {contract}");
    f.insert("contract", contract["id"].to_string());
    let row = server::db::contracts::by_id(&app.state.pool, contract["id"].as_i64().unwrap()).await.unwrap().unwrap();
    let mut tx = server::db::begin_write(&app.state.pool).await.unwrap();
    let (url, _) = server::service::contracts::customer::link_in(&mut tx, &app.state, None, &row).await.unwrap();
    tx.commit().await.unwrap();
    f.insert("contract_token", url.rsplit('/').next().unwrap().to_string());
    f
}

/// The account of `$ticket` becomes the matrix sales user's, so that sales' ticket reads and notes
/// are the allowed calls their permissions promise.
async fn give_ticket_account_to_sales(app: &TestApp, f: &Fixtures) {
    let sales = scalar(app, "SELECT MIN(id) FROM users WHERE email = 'sales@matrix.example'").await.unwrap();
    sqlx::query("UPDATE accounts SET owner_id = $1 WHERE id = $2")
        .bind(sales)
        .bind(f["ticket_account"].parse::<i64>().unwrap())
        .execute(&app.state.pool)
        .await
        .unwrap();
}

/// Fixtures the demo data may lack, made through the API: (name, path, body).
const MADE: &[(&str, &str, &str)] = &[
    ("other_contact", "/api/v1/contacts", r#"{"account_id": $account, "name": "Second Person"}"#),
    (
        "draft_invoice",
        "/api/v1/invoices",
        r#"{"account_id": $account, "lines": [{"product_id": $product, "quantity": "1"}]}"#,
    ),
    (
        "draft_order",
        "/api/v1/sales-orders",
        r#"{"account_id": $account, "lines": [{"product_id": $product, "quantity": "1"}]}"#,
    ),
];

/// `$name` → the fixture `name`.
fn fill(text: &str, f: &Fixtures) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let name: String = rest[at + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        out.push_str(f.get(name.as_str()).unwrap_or_else(|| panic!("no fixture named {name} (in {text})")));
        rest = &rest[at + 1 + name.len()..];
    }
    out.push_str(rest);
    out
}

/// Every table's content (a digest on PostgreSQL), except what any request may touch: sessions,
/// sign-in attempts and a token's last use.
async fn snapshot(app: &TestApp) -> BTreeMap<String, String> {
    let pool = &app.state.pool;
    #[cfg(not(feature = "postgres"))]
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_sqlx_migrations', 'tower_sessions', 'login_attempts')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    #[cfg(feature = "postgres")]
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('_sqlx_migrations', 'login_attempts')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        #[cfg(not(feature = "postgres"))]
        let cols: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1)").bind(&t).fetch_all(pool).await.unwrap();
        #[cfg(feature = "postgres")]
        let cols: Vec<String> = sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
        )
        .bind(&t)
        .fetch_all(pool)
        .await
        .unwrap();
        let cols: Vec<String> = cols.into_iter().filter(|c| !(t == "api_tokens" && c == "last_used_at")).collect();
        #[cfg(not(feature = "postgres"))]
        let sql = {
            let row = cols.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || ',' || ");
            format!("SELECT COUNT(*) || ':' || COALESCE(group_concat(r, char(10)), '') FROM (SELECT {row} AS r FROM \"{t}\" ORDER BY 1)")
        };
        #[cfg(feature = "postgres")]
        let sql = {
            let row = cols.iter().map(|c| format!("quote_nullable(\"{c}\"::text)")).collect::<Vec<_>>().join(", ");
            format!("SELECT COUNT(*)::text || ':' || COALESCE(md5(string_agg(r, E'\\n' ORDER BY r)), '') FROM (SELECT concat_ws(',', {row}) AS r FROM \"{t}\") x")
        };
        let content: String = sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        out.insert(t, content);
    }
    out
}

fn changed(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<String> {
    before
        .keys()
        .chain(after.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|t| before.get(*t) != after.get(*t))
        .cloned()
        .collect()
}

// ---------------------------------------------------------------- the run

/// Who calls: a role's cookie client and token, or nobody (no cookie, no token).
struct Caller<'a> {
    label: String,
    web: Client,
    token: Option<&'a str>,
}

async fn send(app: &TestApp, case: &Case, who: &Caller<'_>, f: &Fixtures) -> (StatusCode, String, String) {
    let call = fill(case.call, f);
    let req = match case.kind {
        Kind::Fn => who
            .web
            .post(app.url(&format!("/fn/{}", case.route)))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(call.replace('[', "%5B").replace(']', "%5D")),
        Kind::Rest => {
            let mut r = Client::new().request(Method::from_bytes(case.method.as_bytes()).unwrap(), app.url(&call));
            if let Some(t) = who.token {
                r = r.bearer_auth(t);
            }
            let body = fill(case.body, f);
            match body.strip_prefix("csv:") {
                Some(csv) => r.header("content-type", "text/csv").body(csv.to_string()),
                None if body.is_empty() => r,
                None => r.header("content-type", "application/json").body(body),
            }
        }
        Kind::Plain if case.method == "POST" => {
            let form = reqwest::multipart::Form::new()
                .text("bank_account_id", f["bank_account"].clone())
                .part("file", reqwest::multipart::Part::bytes(case.body.as_bytes().to_vec()).file_name("matrix.csv"));
            who.web.post(app.url(&call)).multipart(form)
        }
        Kind::Plain => who.web.get(app.url(&call)),
        Kind::Page => who.web.get(app.url(&call)).header("accept", "text/html"),
    };
    let res = req.send().await.unwrap();
    let status = res.status();
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
    let text = res.text().await.unwrap_or_default();
    (status, location, text.chars().take(300).collect())
}

#[tokio::test]
async fn every_role_gets_exactly_what_the_permission_table_gives_it_and_a_refusal_changes_nothing() {
    let app = spawn().await;
    let f = fixtures(&app).await;
    let mut roles = vec![];
    for role in Role::ALL {
        let email = format!("{}@matrix.example", role.as_str());
        app.create_user(&email, role.label(), role.as_str()).await;
        let token = app.token(&email).await;
        roles.push((role, email, token));
    }
    give_ticket_account_to_sales(&app, &f).await;
    let mut callers = vec![];
    for (role, email, token) in &roles {
        callers.push((
            Some(*role),
            Caller { label: role.to_string(), web: app.logged_in(email).await, token: Some(token) },
        ));
    }
    callers.push((None, Caller { label: "signed out".into(), web: app.client(), token: None }));

    // Reads first, so that the mutations' allowed calls (a deleted draft, a voided invoice) cannot
    // turn a later read into a 404.
    // Deletions last of all, so that no refused call meets a record an allowed call removed.
    let deletes = |c: &&Case| c.method == "DELETE" || c.route.starts_with("delete_");
    let mut cases: Vec<&Case> = CASES.iter().filter(|c| !c.mutates).collect();
    cases.extend(CASES.iter().filter(|c| c.mutates && !deletes(c)));
    cases.extend(CASES.iter().filter(deletes));
    let mut failures = vec![];
    let mut checked = 0;
    let mut state = snapshot(&app).await;
    for case in cases {
        // Refused callers first, each on the state before any allowed call of this case.
        let mut order: Vec<&(Option<Role>, Caller)> = callers.iter().collect();
        order.sort_by_key(|(r, _)| matches!((case.access, r), (Needs(p), Some(r)) if r.can(p)));
        for (role, who) in order {
            // Sign-in and sign-out run on a fresh session, never on the callers' own.
            let fresh;
            let who = if matches!(case.route, "login" | "logout") {
                fresh = Caller {
                    label: who.label.clone(),
                    web: match role {
                        Some(r) => app.logged_in(&roles.iter().find(|(x, _, _)| x == r).unwrap().1).await,
                        None => app.client(),
                    },
                    token: who.token,
                };
                &fresh
            } else {
                who
            };
            let (status, location, body) = send(&app, case, who, &f).await;
            checked += 1;
            let what =
                format!("{} {:?} {} {} ({})", who.label, case.kind, case.method, case.route, fill(case.call, &f));
            let allowed = match (case.access, role) {
                (Public, _) => true,
                (Needs(p), Some(r)) => r.can(p),
                (Needs(_), None) => false,
            };
            if allowed {
                let refused = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
                if refused
                    || status.is_server_error()
                    || (!case.mutates && !status.is_success() && case.access_is_needs())
                {
                    failures.push(format!("{what}: allowed, but {status} {location} {body}"));
                }
                if case.mutates {
                    state = snapshot(&app).await;
                }
                continue;
            }
            let expected = if role.is_none() { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
            let to_login = role.is_none() && status.is_redirection() && location.starts_with("/login");
            if status != expected && !to_login {
                failures.push(format!("{what}: expected {expected}, got {status} {location} {body}"));
            }
            if case.mutates {
                let after = snapshot(&app).await;
                let diff = changed(&state, &after);
                if !diff.is_empty() {
                    failures.push(format!("{what}: refused, yet changed {diff:?}"));
                    state = after;
                }
            }
        }
    }
    assert!(checked >= 6 * 200, "checked {checked} calls");
    assert!(failures.is_empty(), "{} of {checked} calls answered wrongly:\n{}", failures.len(), failures.join("\n"));
}

impl Case {
    fn access_is_needs(&self) -> bool {
        matches!(self.access, Needs(_))
    }
}

#[tokio::test]
async fn every_rest_route_refuses_a_missing_token_with_401_before_reading_the_body() {
    let app = spawn().await;
    for (method, path) in routes_in_source(API_ROUTER) {
        if path == "/api/v1/openapi.json" {
            continue;
        }
        let concrete = path
            .replace("{id}", "1")
            .replace("{event}", "issue")
            .replace("{shipment_id}", "1")
            .replace("{allocation_id}", "1");
        let body = (method != "GET").then(|| serde_json::json!({"not": "a valid body"}));
        let (status, answer) = app.api(Method::from_bytes(method.as_bytes()).unwrap(), &concrete, None, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(answer["error"], "missing or invalid bearer token", "{method} {path}");
    }
}
