//! The HTML shell, `<App/>` and the route table — nothing else.
use crate::pages::{
    accounts, admin, assignments, contracts, dashboard::DashboardPage, errors::NotFoundPage, invoices,
    layout::AppLayout, login::LoginPage, opportunities, payments, products, sales_orders, tickets,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href="/pkg/aftersale.css"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "Aftersale".to_string() } else { format!("{t} · Aftersale") }/>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                // Async: the whole page is rendered before it is sent, so it works without JS and
                // a redirect (e.g. to /login) can still set its status.
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                // The customer's invoice and ticket pages: no sign-in, so outside the employees' layout.
                <Route path=path!("/i/:token") view=invoices::customer::CustomerInvoicePage ssr=SsrMode::Async/>
                <Route path=path!("/t/:token") view=tickets::customer::CustomerTicketPage ssr=SsrMode::Async/>
                <Route path=path!("/c/:token") view=contracts::customer::CustomerContractPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts") view=accounts::list::AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts/new") view=accounts::new::NewAccountPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts/:id") view=accounts::detail::AccountDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("opportunities") view=opportunities::list::OpportunitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("opportunities/new") view=opportunities::new::NewOpportunityPage ssr=SsrMode::Async/>
                    <Route path=path!("opportunities/:id") view=opportunities::detail::OpportunityDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("orders") view=sales_orders::list::OrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts") view=contracts::list::ContractsPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts/new") view=contracts::new::NewContractPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts/:id") view=contracts::detail::ContractDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts/:id/change") view=contracts::change::ContractChangePage ssr=SsrMode::Async/>
                    <Route path=path!("orders/new") view=sales_orders::new::NewOrderPage ssr=SsrMode::Async/>
                    <Route path=path!("orders/:id") view=sales_orders::detail::OrderDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("orders/:id/invoice") view=invoices::from_order::InvoiceOrderPage ssr=SsrMode::Async/>
                    <Route path=path!("payments") view=payments::list::PaymentsPage ssr=SsrMode::Async/>
                    <Route path=path!("payments/new") view=payments::record::RecordPaymentPage ssr=SsrMode::Async/>
                    <Route path=path!("payments/reconcile") view=payments::reconcile::ReconcilePage ssr=SsrMode::Async/>
                    <Route path=path!("payments/reconcile/statements/:id") view=payments::reconcile_statement::BankStatementPage ssr=SsrMode::Async/>
                    <Route path=path!("payments/reconcile/lines/:id") view=payments::reconcile_line::BankLinePage ssr=SsrMode::Async/>
                    <Route path=path!("payments/:id") view=payments::detail::PaymentDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts/:id/statement") view=payments::statement::StatementPage ssr=SsrMode::Async/>
                    <Route path=path!("invoices") view=invoices::list::InvoicesPage ssr=SsrMode::Async/>
                    <Route path=path!("invoices/new") view=invoices::new::NewInvoicePage ssr=SsrMode::Async/>
                    <Route path=path!("invoices/:id") view=invoices::detail::InvoiceDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("products") view=products::list::ProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("products/new") view=products::detail::ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("products/:id") view=products::detail::ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("tax-rates") view=products::tax_rates::TaxRatesPage ssr=SsrMode::Async/>
                    <Route path=path!("tickets") view=tickets::list::TicketsPage ssr=SsrMode::Async/>
                    <Route path=path!("tickets/new") view=tickets::new::NewTicketPage ssr=SsrMode::Async/>
                    <Route path=path!("tickets/email") view=tickets::email::UnmatchedEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("tickets/:id") view=tickets::detail::TicketDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("assignments") view=assignments::AssignmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/users") view=admin::users::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/users/:id") view=admin::user_detail::UserDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/tokens") view=admin::tokens::TokensPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/settings") view=admin::settings::SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/support") view=admin::support::SupportSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/renewals") view=admin::renewals::RenewalSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/canned-replies") view=admin::canned::CannedRepliesPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/outbox") view=admin::outbox::OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/jobs") view=admin::jobs::JobsPage ssr=SsrMode::Async/>
                    <Route path=path!("search") view=crate::pages::search::SearchPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
