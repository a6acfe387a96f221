//! Who is signed in, as every page's shell needs it: the user and the one-time flash message.
//! Here rather than beside the login server fns so the HTTP middleware that fills it
//! (`server::http::shell`) need not import the server-fn layer.
use crate::model::permissions::{Permission, Role};
use serde::{Deserialize, Serialize};

/// The signed-in employee as the UI needs it: name, role, and which areas to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl SignedInUser {
    pub fn can(&self, p: Permission) -> bool {
        self.role.can(p)
    }
}

/// What every page's shell needs: the signed-in user (None for strangers) and the one-time flash
/// message. A middleware (`server::http::shell`) puts it in the request before Leptos renders, so
/// pages read it synchronously instead of through a Resource: fewer async boundaries per page
/// (Leptos 0.8's SSR can stall when several resources resolve at once).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShellInfo {
    pub user: Option<SignedInUser>,
    pub flash: Option<String>,
}
