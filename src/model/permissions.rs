//! Roles and the one permission table in code that every check (server fn, REST route, page) reads.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Sales,
    Finance,
    Support,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Manager, Role::Sales, Role::Finance, Role::Support];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Sales => "sales",
            Role::Finance => "finance",
            Role::Support => "support",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Manager => "Manager",
            Role::Sales => "Sales",
            Role::Finance => "Finance",
            Role::Support => "Support",
        }
    }
    pub fn parse(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| "must be one of admin, manager, sales, finance, support".to_string())
    }
    pub fn can(self, permission: Permission) -> bool {
        PERMISSIONS.iter().any(|(p, roles)| *p == permission && roles.contains(&self))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
}

impl Permission {
    pub const ALL: [Permission; 4] =
        [Permission::UseApp, Permission::ManageUsers, Permission::ManageApiTokens, Permission::ViewSystem];

    /// What the permission allows, in words for the people who have it.
    pub fn describe(self) -> &'static str {
        match self {
            Permission::UseApp => "Sign in and use the dashboard",
            Permission::ManageUsers => "Create users, change their roles, reset passwords, deactivate",
            Permission::ManageApiTokens => "Create and revoke API tokens",
            Permission::ViewSystem => "Read the email outbox and the scheduled jobs",
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
