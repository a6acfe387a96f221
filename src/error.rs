//! AppError: the one error type of server fns, pages and the REST API. It travels to the browser as
//! JSON, so it carries only what a user may see; internal causes are logged with a reference id.
use crate::model::validate::FieldErrors;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    #[error("please sign in")]
    Unauthorized,
    #[error("wrong email or password")]
    BadCredentials,
    #[error("you do not have permission to do that")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    Conflict { message: String, code: String },
    #[error("validation failed")]
    Validation { fields: FieldErrors },
    #[error("too many attempts, try again in {minutes} minutes")]
    TooManyRequests { minutes: i64 },
    #[error("something went wrong (reference {reference})")]
    Internal { reference: String },
    #[error("{0}")]
    Transport(String),
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        AppError::Validation { fields: FieldErrors::single(field, message) }
    }
    pub fn invalid_transition(message: impl Into<String>) -> AppError {
        AppError::Conflict { message: message.into(), code: "invalid_transition".into() }
    }
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict { .. } => 409,
            AppError::Validation { .. } => 422,
            AppError::TooManyRequests { .. } => 429,
            AppError::Internal { .. } | AppError::Transport(_) => 500,
        }
    }
    /// The messages for one form field, if this is a validation error that names it.
    pub fn field_errors(&self, field: &str) -> Vec<String> {
        match self {
            AppError::Validation { fields } => fields.get(field).cloned().unwrap_or_default(),
            _ => vec![],
        }
    }
    /// Logs an internal cause under a fresh reference id and returns the error users may see.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        tracing::error!(%reference, "internal error: {cause}");
        AppError::Internal { reference }
    }
}

impl From<FieldErrors> for AppError {
    fn from(fields: FieldErrors) -> AppError {
        AppError::Validation { fields }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::field("form", format!("the form could not be read: {m}"))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> AppError {
        match e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => AppError::internal(other),
        }
    }
}
