//! The main navigation as data: one row per link (group, label, href, permission), so a new area
//! (tickets, contracts, upsell) is one more row; which links a role sees and which is "here".
use crate::model::permissions::Permission;

/// One link of the main navigation. `group` is the heading it sits under; "" is the ungrouped
/// top (the dashboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavLink {
    pub group: &'static str,
    pub label: &'static str,
    pub href: &'static str,
    pub permission: Permission,
}

const fn link(group: &'static str, label: &'static str, href: &'static str, permission: Permission) -> NavLink {
    NavLink { group, label, href, permission }
}

/// Every link, in the order shown; groups appear in the order of their first link.
pub const NAV: &[NavLink] = &[
    link("", "Dashboard", "/", Permission::UseApp),
    link("Sales", "Accounts", "/accounts", Permission::ViewCrm),
    link("Sales", "Opportunities", "/opportunities", Permission::ViewCrm),
    link("Sales", "Orders", "/orders", Permission::ViewOrders),
    link("Sales", "Products", "/products", Permission::ViewCrm),
    link("Finance", "Invoices", "/invoices", Permission::ViewInvoices),
    link("Finance", "Payments", "/payments", Permission::ViewPayments),
    link("Finance", "Bank", "/payments/reconcile", Permission::ViewPayments),
    link("Service", "Tickets", "/tickets", Permission::ViewTickets),
    link("Service", "Unmatched email", "/tickets/email", Permission::WorkTickets),
    link("Service", "Contracts", "/contracts", Permission::ViewContracts),
    link("Admin", "Assignments", "/assignments", Permission::Reassign),
    link("Admin", "Users", "/admin/users", Permission::ManageUsers),
    link("Admin", "API tokens", "/admin/tokens", Permission::ManageApiTokens),
    link("Admin", "Settings", "/admin/settings", Permission::ManageSettings),
    link("Admin", "Support & SLA", "/admin/support", Permission::ManageSupport),
    link("Admin", "Renewals", "/admin/renewals", Permission::EditAllContracts),
    link("Admin", "Canned replies", "/admin/canned-replies", Permission::ManageSupport),
    link("Admin", "Outbox", "/admin/outbox", Permission::ViewSystem),
    link("Admin", "Jobs", "/admin/jobs", Permission::ViewSystem),
];

/// A heading and its visible links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavGroup {
    pub title: &'static str,
    pub links: Vec<NavLink>,
}

/// The groups of `links` whose permission `can` grants, in order; a group with no visible link is
/// left out, so a role never sees an empty heading.
pub fn visible(links: &[NavLink], can: impl Fn(Permission) -> bool) -> Vec<NavGroup> {
    let mut groups: Vec<NavGroup> = Vec::new();
    for l in links.iter().filter(|l| can(l.permission)) {
        match groups.iter_mut().find(|g| g.title == l.group) {
            Some(g) => g.links.push(*l),
            None => groups.push(NavGroup { title: l.group, links: vec![*l] }),
        }
    }
    groups
}

/// The href of the link for `path`: the longest href that is `path` or a whole-segment prefix of
/// it (`/payments/reconcile/lines/3` is Bank, `/payments/12` is Payments, `/paymentsx` nothing);
/// "/" only for the dashboard itself.
pub fn current<'a>(groups: &'a [NavGroup], path: &str) -> Option<&'a str> {
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    groups
        .iter()
        .flat_map(|g| g.links.iter())
        .map(|l| l.href)
        .filter(|&href| {
            path == href || (href != "/" && path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/')))
        })
        .max_by_key(|href| href.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::permissions::Role;

    fn titles(groups: &[NavGroup]) -> Vec<&str> {
        groups.iter().map(|g| g.title).collect()
    }

    #[test]
    fn each_role_sees_only_its_links_and_no_empty_group() {
        let admin = visible(NAV, |p| Role::Admin.can(p));
        assert_eq!(titles(&admin), ["", "Sales", "Finance", "Service", "Admin"]);
        assert_eq!(admin.iter().map(|g| g.links.len()).sum::<usize>(), NAV.len());
        let support = visible(NAV, |p| Role::Support.can(p));
        assert_eq!(
            titles(&support),
            ["", "Sales", "Finance", "Service"],
            "support has no admin link, so no Admin heading"
        );
        let finance: Vec<&str> = support[2].links.iter().map(|l| l.label).collect();
        assert_eq!(finance, ["Invoices"], "support does not see payments or the bank");
        let sales = visible(NAV, |p| Role::Sales.can(p));
        assert!(sales.iter().flat_map(|g| &g.links).all(|l| l.href != "/admin/users"));
    }

    #[test]
    fn the_current_link_is_the_longest_whole_segment_prefix() {
        let all = visible(NAV, |_| true);
        let here = |p: &str| current(&all, p);
        assert_eq!(here("/"), Some("/"));
        assert_eq!(here("/accounts"), Some("/accounts"));
        assert_eq!(here("/accounts/12/statement"), Some("/accounts"));
        assert_eq!(here("/payments/12"), Some("/payments"));
        assert_eq!(here("/payments/reconcile"), Some("/payments/reconcile"));
        assert_eq!(here("/payments/reconcile/lines/3"), Some("/payments/reconcile"));
        assert_eq!(here("/orders/"), Some("/orders"));
        assert_eq!(here("/paymentsx"), None, "only whole segments");
        assert_eq!(here("/search"), None, "the dashboard is marked only on itself");
        assert_eq!(here("/admin/users/7"), Some("/admin/users"));
        let support = visible(NAV, |p| Role::Support.can(p));
        assert_eq!(current(&support, "/payments/reconcile"), None, "a hidden link is never current");
    }
}
