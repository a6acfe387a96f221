//! The OpenAPI 3 document, generated from the handlers' annotations (utoipa).
use super::{
    accounts, bank, bodies, contacts, contracts, credit_notes, inbound_email, invoices, opportunities,
    pagination::Page, payments, products, sales_orders, tickets, users,
};
use crate::model::account::AccountDto;
use crate::model::bank::{
    BankAccountDto, BankAccountForm, CandidateDto, CandidateKind, LineError, LineStatus, PreviewLine, ReconcileReport,
    StatementDto, StatementLineDto, StatementPreview,
};
use crate::model::contact::ContactDto;
use crate::model::contract::{
    ContractDto, ContractLineDto, PreviewLineDto, RenewalPreviewDto, TermDto, TermInvoiceDto,
};
use crate::model::invoice::{CreditNoteDto, InvoiceDto, InvoiceLineDto, TaxLineDto};
use crate::model::opportunity::{OpportunityDto, OpportunityLineDto};
use crate::model::payment::{AllocationDto, PaymentDto, RefundDto};
use crate::model::product::{ProductDto, TaxRateDto};
use crate::model::sales_order::{SalesOrderDto, SalesOrderLineDto, ShipmentDto, ShipmentLineDto};
use crate::model::ticket::{CommentDto, TicketDto};
use crate::model::timeline::TimelineEvent;
use crate::model::user::UserDto;
use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Aftersale API", description = "Post-sales: orders, invoices, payments, tickets, renewals, upsell."),
    paths(
        crate::server::http::health::healthz,
        crate::server::http::health::metrics,
        document,
        users::me,
        users::list,
        users::get,
        users::create,
        users::update,
        accounts::list,
        accounts::get,
        accounts::create,
        accounts::update,
        contacts::list,
        contacts::get,
        contacts::create,
        contacts::update,
        contacts::delete,
        products::list,
        products::get,
        products::create,
        products::update,
        products::list_rates,
        products::get_rate,
        products::create_rate,
        products::update_rate,
        opportunities::list,
        opportunities::get,
        opportunities::create,
        opportunities::update,
        opportunities::event,
        sales_orders::list,
        sales_orders::get,
        sales_orders::create,
        sales_orders::update,
        sales_orders::lines,
        sales_orders::add_line,
        sales_orders::event,
        sales_orders::list_shipments,
        sales_orders::create_shipment,
        sales_orders::cancel_shipment,
        sales_orders::delivery_note,
        tickets::list,
        tickets::get,
        tickets::create,
        tickets::update,
        tickets::assign,
        tickets::event,
        tickets::events,
        tickets::comments,
        tickets::add_comment,
        tickets::customer_link,
        tickets::merge,
        contracts::list,
        contracts::get,
        contracts::create,
        contracts::update,
        contracts::terms,
        contracts::renewal_preview,
        contracts::change_preview,
        contracts::change,
        contracts::events,
        contracts::event,
        inbound_email::receive,
        invoices::list,
        invoices::get,
        invoices::create,
        invoices::update,
        invoices::delete,
        invoices::event,
        invoices::pdf,
        invoices::customer_link,
        invoices::from_order,
        credit_notes::list_credit_notes,
        credit_notes::get_credit_note,
        credit_notes::credit_note_pdf,
        credit_notes::create_credit_note,
        payments::list,
        payments::get,
        payments::create,
        payments::event,
        payments::allocations,
        payments::allocate,
        payments::remove_allocation,
        payments::receipt,
        bank::list_accounts,
        bank::create_account,
        bank::update_account,
        bank::report,
        bank::upload,
        bank::get_statement,
        bank::discard,
        bank::import,
        bank::rematch,
        bank::lines,
        bank::candidates,
        bank::accept,
        bank::reject,
        bank::reopen,
        bank::create_payments,
    ),
    components(schemas(
        UserDto, users::CreateUser, users::UpdateUser, users::Me, Page<UserDto>,
        AccountDto, accounts::AccountBody, Page<AccountDto>,
        ContactDto, contacts::ContactBody, Page<ContactDto>,
        ProductDto, products::ProductBody, bodies::DecimalText, Page<ProductDto>,
        TaxRateDto, products::TaxRateBody, Page<TaxRateDto>,
        OpportunityDto, OpportunityLineDto, opportunities::OpportunityDetail, opportunities::OpportunityBody,
        bodies::LineBody, opportunities::StageBody, Page<OpportunityDto>,
        SalesOrderDto, SalesOrderLineDto, ShipmentDto, ShipmentLineDto, sales_orders::SalesOrderDetail,
        sales_orders::SalesOrderBody, sales_orders::ShipmentBody, bodies::ShipmentLineBody, Page<SalesOrderDto>,
        InvoiceDto, InvoiceLineDto, TaxLineDto, CreditNoteDto, invoices::InvoiceDetail, invoices::CustomerLink, invoices::CustomerLinkBody,
        invoices::InvoiceBody, invoices::SendBody, invoices::OrderInvoiceBody, bodies::LineQuantityBody,
        credit_notes::CreditNoteBody, credit_notes::CreditLineBody, credit_notes::CreditedLineBody, Page<InvoiceDto>,
        Page<CreditNoteDto>,
        PaymentDto, AllocationDto, RefundDto, payments::PaymentDetail, payments::PaymentBody, payments::AllocationBody,
        payments::AllocationsBody, payments::EventBody, Page<PaymentDto>,
        BankAccountDto, BankAccountForm, StatementDto, StatementPreview, PreviewLine, LineError, StatementLineDto,
        CandidateDto, CandidateKind, LineStatus, ReconcileReport, bank::BankAccountBody, bank::RematchResult,
        bank::AcceptBody, bank::RejectBody, bank::SplitRowBody, bank::CreatePaymentsBody,
        TicketDto, CommentDto, TimelineEvent, tickets::TicketBody, tickets::EventBody, tickets::AssignBody,
        tickets::CommentBody, tickets::MergeBody, Page<TicketDto>, crate::model::inbound_email::InboundResult,
        ContractDto, ContractLineDto, TermDto, TermInvoiceDto, RenewalPreviewDto, PreviewLineDto,
        contracts::ContractDetail, contracts::ContractBody, contracts::CancelBody, Page<ContractDto>,
        contracts::ChangeBody, crate::model::contract_change::ChangePreviewDto,
        crate::model::contract_change::ChangeLineDto, crate::model::contract_change::ContractChangeDto,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;
impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "system", responses((status = 200, description = "this document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
