//! The dashboard: what the signed-in employee can do now (orders, invoice aging, cash, support
//! tickets, each for the roles that see it); for admins, the system's state.
use crate::api::session::{shell_info, SignedInUser};
use crate::api::system::system_overview;
use crate::model::outbox::OutboxStatus;
use crate::model::permissions::Permission;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let user = shell_info().user;
    let name = user.as_ref().map(|u| u.name.clone()).unwrap_or_default();
    let is_admin = user.as_ref().is_some_and(|u| u.can(Permission::ViewSystem));
    let orders = user.as_ref().is_some_and(|u| u.can(Permission::ViewOrders));
    let invoices = user.as_ref().is_some_and(|u| u.can(Permission::ViewInvoices));
    let payments = user.as_ref().is_some_and(|u| u.can(Permission::ViewPayments));
    let tickets = user.as_ref().is_some_and(|u| u.can(Permission::ViewAllTickets));
    let contracts = user.as_ref().is_some_and(|u| u.can(Permission::ViewContracts));
    view! {
        <Title text="Dashboard"/>
        <div class="page-header">
            <h1>"Welcome, " {name}</h1>
        </div>
        <div class="columns">
            {invoices.then(|| view! { <InvoiceAging/> })}
            {orders.then(|| view! { <OrdersOverview/> })}
            {payments.then(|| view! { <CashReceived/> })}
            {tickets.then(|| view! { <TicketsOverview/> })}
            {contracts.then(|| view! { <RenewalsOverview/> })}
        </div>
        {is_admin.then(|| view! { <SystemOverview/> })}
        {user.map(|u| view! { <AccountPanel user=u/> })}
    }
}

/// Who is signed in and what their role lets them do (read from the permission table).
#[component]
fn AccountPanel(user: SignedInUser) -> impl IntoView {
    let allowed: Vec<&'static str> =
        Permission::ALL.into_iter().filter(|p| user.can(*p)).map(Permission::describe).collect();
    view! {
        <section class="panel account">
            <h2>"Your account"</h2>
            <p>{user.name.clone()} " · " {user.email.clone()} " · " <span class="badge">{user.role.label()}</span></p>
            <p class="muted">"Your role allows you to:"</p>
            <ul id="my-permissions">{allowed.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
        </section>
    }
}

#[component]
fn SystemOverview() -> impl IntoView {
    view! {
        {Suspend::new(async move {
                system_overview().await.ok().map(|o| {
                    let users: i64 = o.users_by_role.iter().map(|(_, n)| n).sum();
                    let held: i64 = o.outbox_by_status.iter().filter(|(s, _)| matches!(s, OutboxStatus::Held | OutboxStatus::Queued)).map(|(_, n)| n).sum();
                    let failed: i64 = o.outbox_by_status.iter().filter(|(s, _)| *s == OutboxStatus::Failed).map(|(_, n)| n).sum();
                    view! {
                        <section class="cards" aria-label="System">
                            <a class="card" href="/admin/users">
                                <span class="card-label">"Active users"</span>
                                <span class="card-value" id="active-users">{users}</span>
                                <span class="card-note">
                                    {o.users_by_role.iter().map(|(r, n)| format!("{n} {r}")).collect::<Vec<_>>().join(" · ")}
                                </span>
                            </a>
                            <a class="card" href="/admin/outbox">
                                <span class="card-label">"Emails waiting"</span>
                                <span class="card-value">{held}</span>
                                <span class="card-note">
                                    {if o.smtp_configured { "SMTP configured".to_string() } else { "No SMTP_URL: emails are held in the outbox".to_string() }}
                                </span>
                            </a>
                            <a class="card" href="/admin/outbox?status=failed">
                                <span class="card-label">"Emails failed"</span>
                                <span class="card-value">{failed}</span>
                                <span class="card-note">"after 5 attempts"</span>
                            </a>
                            <div class="card">
                                <span class="card-label">"Database"</span>
                                <span class="card-value small">{o.engine}</span>
                            </div>
                        </section>
                    }
                })
            })}
    }
}

/// Orders not yet closed or cancelled: how many and how much per status (sales see their own).
#[component]
fn OrdersOverview() -> impl IntoView {
    use crate::api::sales_orders::orders_by_status;
    use crate::model::sales_order::OrderStatus;
    view! {
        {Suspend::new(async move {
            orders_by_status().await.ok().map(|rows| {
                let open: i64 = rows.iter().filter(|(s, _, _)| s.is_open()).map(|(_, n, _)| n).sum();
                view! {
                    <section class="panel" id="orders-overview">
                        <div class="section-head">
                            <h2>"Sales orders"</h2>
                            <a href="/orders?status=open">{format!("{open} open")}</a>
                        </div>
                        {if rows.is_empty() {
                            view! { <p class="empty">"No orders in progress."</p> }.into_any()
                        } else {
                            view! {
                                <table class="data" id="orders-by-status">
                                    <thead><tr><th scope="col">"Status"</th><th scope="col" class="num">"Orders"</th><th scope="col" class="num">"Value"</th></tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|(s, n, total): (OrderStatus, i64, String)| view! {
                                            <tr>
                                                <td><a href=format!("/orders?status={}", s.as_str())>{s.label()}</a></td>
                                                <td class="num">{n}</td>
                                                <td class="num">{total}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                }
            })
        })}
    }
}

/// Support: open tickets per priority, recent breaches, the median first response in business
/// hours and the satisfaction average.
#[component]
fn RenewalsOverview() -> impl IntoView {
    use crate::api::contracts::renewal_overview;
    let or_dash = |v: Vec<String>| if v.is_empty() { "—".to_string() } else { v.join(" · ") };
    view! {
        {Suspend::new(async move {
            renewal_overview().await.ok().map(|o| {
                let rate = o.rate().map(|r| format!("{r} %")).unwrap_or_else(|| "—".into());
                view! {
                    <section class="panel" id="renewals-overview">
                        <div class="section-head">
                            <h2>"Renewals"</h2>
                            <a href="/contracts?due=90&sort=end">{format!("{} due in 90 days", o.due_count)}</a>
                        </div>
                        <dl class="facts" id="renewal-figures">
                            <dt>"Due in the next 90 days"</dt>
                            <dd id="renewals-due">{or_dash(o.due_value.clone())}</dd>
                            <dt>"Renewal rate (last 12 months)"</dt>
                            <dd id="renewal-rate">{rate} <span class="muted">{format!("{} of {} terms due", o.renewed, o.came_due)}</span></dd>
                            <dt>"Churned (last 12 months)"</dt>
                            <dd id="renewals-churned">{or_dash(o.churned_value.clone())}</dd>
                            <dt>"Annual recurring value"</dt>
                            <dd id="renewals-arr">{or_dash(o.annual_value.clone())}</dd>
                        </dl>
                    </section>
                }
            })
        })}
    }
}

#[component]
fn TicketsOverview() -> impl IntoView {
    use crate::api::tickets::ticket_stats;
    use crate::model::ticket_view::span;
    view! {
        {Suspend::new(async move {
            ticket_stats().await.ok().map(|s| {
                let open: i64 = s.open_by_priority.iter().map(|(_, n)| n).sum();
                let median = s.median_first_response_seconds.map(span).unwrap_or_else(|| "—".into());
                let rating = s.rating_average.clone().map(|a| format!("{a} / 5")).unwrap_or_else(|| "—".into());
                view! {
                    <section class="panel" id="tickets-overview">
                        <div class="section-head">
                            <h2>"Support tickets"</h2>
                            <a href="/tickets">{format!("{open} open")}</a>
                        </div>
                        <table class="data" id="tickets-by-priority">
                            <thead><tr><th scope="col">"Priority"</th><th scope="col" class="num">"Open"</th></tr></thead>
                            <tbody>
                                {s.open_by_priority.iter().map(|(p, n)| view! {
                                    <tr>
                                        <td><a href=format!("/tickets?priority={}", p.as_str())>{p.label()}</a></td>
                                        <td class="num">{*n}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <dl class="facts" id="tickets-figures">
                            <dt>"SLA breaches, last 7 days"</dt>
                            <dd id="tickets-breaches"><a href="/tickets?queue=at_risk">{s.breaches_last_7_days}</a></dd>
                            <dt>"Median first response (business hours, 30 days)"</dt>
                            <dd id="tickets-first-response">{median} <span class="muted">{format!("over {} tickets", s.first_responses)}</span></dd>
                            <dt>"Satisfaction (90 days)"</dt>
                            <dd id="tickets-rating">{rating} <span class="muted">{format!("{} ratings", s.ratings)}</span></dd>
                        </dl>
                    </section>
                }
            })
        })}
    }
}

/// Open invoice balances by age as a bar chart per currency (server-drawn SVG, no script).
#[component]
fn InvoiceAging() -> impl IntoView {
    use crate::api::invoices::invoice_aging;
    view! {
        {Suspend::new(async move {
            invoice_aging().await.ok().map(|views| view! {
                <section class="panel" id="invoice-aging">
                    <div class="section-head">
                        <h2>"Receivables by age"</h2>
                        <a href="/invoices?overdue=true">"Overdue invoices"</a>
                    </div>
                    {if views.is_empty() {
                        view! { <p class="empty">"Nothing outstanding."</p> }.into_any()
                    } else {
                        views.into_iter().map(|v| {
                            let max = v.buckets.iter().map(|b| b.3).max().unwrap_or(0).max(1);
                            let height = v.buckets.len() * 30;
                            view! {
                                <figure class="aging">
                                    <figcaption>{format!("Open balance in {}", v.currency)}</figcaption>
                                    <svg viewBox=format!("0 0 520 {height}") role="img" aria-label=format!("Open balances by age in {}", v.currency)>
                                        {v.buckets.iter().enumerate().map(|(i, (label, n, amount, minor))| {
                                            let y = i * 30;
                                            let w = (*minor as f64 / max as f64 * 230.0).round().max(if *minor > 0 { 2.0 } else { 0.0 });
                                            let class = if i == 0 { "bar current" } else { "bar late" };
                                            view! {
                                                <g>
                                                    <text x="0" y=y + 19 class="label">{label.clone()}</text>
                                                    <rect x="90" y=y + 6 width=w height="18" rx="3" class=class></rect>
                                                    <text x="330" y=y + 19 class="amount">{format!("{amount} · {n}")}</text>
                                                </g>
                                            }
                                        }).collect_view()}
                                    </svg>
                                </figure>
                            }
                        }).collect_view().into_any()
                    }}
                </section>
            })
        })}
    }
}

/// Cash received per month over the last year, per currency, as bars (server-drawn SVG).
#[component]
fn CashReceived() -> impl IntoView {
    use crate::api::payments::cash_by_month;
    view! {
        {Suspend::new(async move {
            cash_by_month().await.ok().map(|rows| {
                let mut currencies: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
                currencies.dedup();
                view! {
                    <section class="panel" id="cash-received">
                        <div class="section-head"><h2>"Cash received"</h2><a href="/payments">"Payments"</a></div>
                        {if rows.is_empty() {
                            view! { <p class="empty">"No payments received in the last twelve months."</p> }.into_any()
                        } else {
                            currencies.into_iter().map(|cur| {
                                let mine: Vec<&(String, String, String, i64)> = rows.iter().filter(|r| r.1 == cur).collect();
                                let max = mine.iter().map(|r| r.3).max().unwrap_or(1).max(1);
                                let height = mine.len() * 26;
                                view! {
                                    <figure class="aging">
                                        <figcaption>{format!("By month, in {cur}")}</figcaption>
                                        <svg viewBox=format!("0 0 520 {height}") role="img" aria-label=format!("Cash received by month in {cur}")>
                                            {mine.iter().enumerate().map(|(i, (month, _, amount, minor))| {
                                                let y = i * 26;
                                                let w = (*minor as f64 / max as f64 * 250.0).round().max(2.0);
                                                view! {
                                                    <g>
                                                        <text x="0" y=y + 17 class="label">{month.clone()}</text>
                                                        <rect x="70" y=y + 5 width=w height="16" rx="3" class="bar current"></rect>
                                                        <text x="330" y=y + 17 class="amount">{amount.clone()}</text>
                                                    </g>
                                                }
                                            }).collect_view()}
                                        </svg>
                                    </figure>
                                }
                            }).collect_view().into_any()
                        }}
                    </section>
                }
            })
        })}
    }
}
