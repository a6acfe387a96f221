//! Roles and the one permission table in code that every check (server fn, REST route, page) reads.
use crate::model::enum_macro::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        Admin = ("admin", "Administrator"),
        Manager = ("manager", "Manager"),
        Sales = ("sales", "Sales"),
        Finance = ("finance", "Finance"),
        Support = ("support", "Support"),
    }
    parse_error = "must be one of admin, manager, sales, finance, support";
}

impl Role {
    pub fn can(self, permission: Permission) -> bool {
        PERMISSIONS.iter().any(|(p, roles)| *p == permission && roles.contains(&self))
    }
}

/// What a user may do. Module issues add their own rows to `PERMISSIONS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Sign in and see the dashboard.
    UseApp,
    /// List, create and change users; reset passwords; deactivate.
    ManageUsers,
    /// Create and revoke API tokens for any user.
    ManageApiTokens,
    /// Read the email outbox and the scheduled jobs' runs.
    ViewSystem,
    /// Read accounts, contacts, products, tax rates and opportunities.
    ViewCrm,
    /// Create accounts and opportunities, and edit the ones the user owns.
    EditOwnCrm,
    /// Edit every account, contact and opportunity, whoever owns it.
    EditAllCrm,
    /// Create and change products and tax rates.
    ManageCatalog,
    /// Change the company settings (bank details, defaults, number series).
    ManageSettings,
    /// See everyone's workload and reassign accounts and opportunities in bulk.
    Reassign,
    /// Read sales orders, their shipments and delivery notes.
    ViewOrders,
    /// Create sales orders, and edit, confirm, ship, hold, cancel and close the ones the user owns.
    EditOwnOrders,
    /// All of that on every sales order, whoever owns it.
    EditAllOrders,
    /// Read invoices, credit notes and their PDFs.
    ViewInvoices,
    /// Draft, issue, send and void invoices; credit notes; customer links; resolve disputes.
    ManageInvoices,
    /// Read payments, receipts and account statements.
    ViewPayments,
    /// Record, allocate, complete, fail and refund payments; email receipts.
    ManagePayments,
    /// Read tickets: of the accounts the user owns, or all of them with `ViewAllTickets`.
    ViewTickets,
    /// Read every ticket, whoever owns the account.
    ViewAllTickets,
    /// Add internal notes to the tickets the user can read.
    NoteTickets,
    /// Create, reply to, assign and move tickets through their statuses; customer links.
    WorkTickets,
    /// Change SLA policies, the business calendar, canned replies and support settings.
    ManageSupport,
    /// Read renewal / AMC contracts, their terms and renewal previews.
    ViewContracts,
    /// Enter contracts, and edit, activate, renew and cancel those of the user's accounts.
    EditOwnContracts,
    /// All of that on every contract, and the renewal settings.
    EditAllContracts,
}

impl Permission {
    pub const ALL: [Permission; 25] = [
        Permission::UseApp,
        Permission::ManageUsers,
        Permission::ManageApiTokens,
        Permission::ViewSystem,
        Permission::ViewCrm,
        Permission::EditOwnCrm,
        Permission::EditAllCrm,
        Permission::ManageCatalog,
        Permission::ManageSettings,
        Permission::Reassign,
        Permission::ViewOrders,
        Permission::EditOwnOrders,
        Permission::EditAllOrders,
        Permission::ViewInvoices,
        Permission::ManageInvoices,
        Permission::ViewPayments,
        Permission::ManagePayments,
        Permission::ViewTickets,
        Permission::ViewAllTickets,
        Permission::NoteTickets,
        Permission::WorkTickets,
        Permission::ManageSupport,
        Permission::ViewContracts,
        Permission::EditOwnContracts,
        Permission::EditAllContracts,
    ];

    /// What the permission allows, in words for the people who have it.
    pub fn describe(self) -> &'static str {
        match self {
            Permission::UseApp => "Sign in and use the dashboard",
            Permission::ManageUsers => "Create users, change their roles, reset passwords, deactivate",
            Permission::ManageApiTokens => "Create and revoke API tokens",
            Permission::ViewSystem => "Read the email outbox and the scheduled jobs",
            Permission::ViewCrm => "Read accounts, contacts, products, tax rates and opportunities",
            Permission::EditOwnCrm => "Create accounts and opportunities and edit their own",
            Permission::EditAllCrm => "Edit every account, contact and opportunity",
            Permission::ManageCatalog => "Create and change products and tax rates",
            Permission::ManageSettings => "Change the company settings",
            Permission::Reassign => "See workloads and reassign accounts and opportunities",
            Permission::ViewOrders => "Read sales orders, shipments and delivery notes",
            Permission::EditOwnOrders => "Create sales orders and edit, confirm, ship and close their own",
            Permission::EditAllOrders => "Edit, confirm, ship, hold, cancel and close every sales order",
            Permission::ViewInvoices => "Read invoices, credit notes and their PDFs",
            Permission::ManageInvoices => "Issue, send and void invoices, write credit notes, answer disputes",
            Permission::ViewPayments => "Read payments, receipts and account statements",
            Permission::ManagePayments => "Record, allocate, complete, fail and refund payments",
            Permission::ViewTickets => "Read the support tickets of their own accounts",
            Permission::ViewAllTickets => "Read every support ticket",
            Permission::NoteTickets => "Add internal notes to tickets",
            Permission::WorkTickets => "Create, answer, assign, resolve and close support tickets",
            Permission::ManageSupport => "Change SLA policies, business hours and canned replies",
            Permission::ViewContracts => "Read contracts, their terms and renewal previews",
            Permission::EditOwnContracts => "Enter contracts and renew or cancel those of their accounts",
            Permission::EditAllContracts => "Manage every contract and the renewal settings",
        }
    }
}

use Permission::*;
use Role::*;

/// The permission table: for each permission, the roles that have it.
pub const PERMISSIONS: &[(Permission, &[Role])] = &[
    (UseApp, &[Admin, Manager, Sales, Finance, Support]),
    (ManageUsers, &[Admin]),
    (ManageApiTokens, &[Admin]),
    (ViewSystem, &[Admin]),
    (ViewCrm, &[Admin, Manager, Sales, Finance, Support]),
    (EditOwnCrm, &[Admin, Manager, Sales]),
    (EditAllCrm, &[Admin, Manager]),
    (ManageCatalog, &[Admin, Manager, Finance]),
    (ManageSettings, &[Admin]),
    (Reassign, &[Admin, Manager]),
    (ViewOrders, &[Admin, Manager, Sales, Finance, Support]),
    (EditOwnOrders, &[Admin, Manager, Sales]),
    (EditAllOrders, &[Admin, Manager]),
    (ViewInvoices, &[Admin, Manager, Sales, Finance, Support]),
    (ManageInvoices, &[Admin, Manager, Finance]),
    (ViewPayments, &[Admin, Manager, Sales, Finance]),
    (ManagePayments, &[Admin, Manager, Finance]),
    (ViewTickets, &[Admin, Manager, Sales, Finance, Support]),
    (ViewAllTickets, &[Admin, Manager, Finance, Support]),
    (NoteTickets, &[Admin, Manager, Sales, Support]),
    (WorkTickets, &[Admin, Manager, Support]),
    (ManageSupport, &[Admin, Manager]),
    (ViewContracts, &[Admin, Manager, Sales, Finance, Support]),
    (EditOwnContracts, &[Admin, Manager, Sales]),
    (EditAllContracts, &[Admin, Manager]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_users_and_everyone_uses_the_app() {
        for r in Role::ALL {
            assert!(r.can(UseApp));
            assert_eq!(r.can(ManageUsers), r == Admin);
            assert_eq!(r.can(ViewSystem), r == Admin);
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("root").is_err());
    }
}
