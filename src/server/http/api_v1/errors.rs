//! How AppError looks in the REST API: a status code and a JSON body, never internal text.
use crate::error::AppError;
use crate::model::validate::FieldErrors;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::json;

pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError(e)
    }
}
impl From<FieldErrors> for ApiError {
    fn from(fields: FieldErrors) -> ApiError {
        ApiError(AppError::Validation { fields })
    }
}
impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        ApiError(e.into())
    }
}

pub fn body(e: &AppError) -> serde_json::Value {
    match e {
        AppError::Validation { fields } => {
            json!({ "error": "validation failed", "fields": fields.0 })
        }
        AppError::Conflict { message, code } => json!({ "error": message, "code": code }),
        AppError::Internal { reference } => {
            json!({ "error": e.to_string(), "reference": reference })
        }
        AppError::TooManyRequests { minutes } => {
            json!({ "error": e.to_string(), "retry_after_minutes": minutes })
        }
        AppError::Unauthorized => json!({ "error": "missing or invalid bearer token" }),
        other => json!({ "error": other.to_string() }),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(body(&self.0))).into_response()
    }
}

/// Parses a JSON body; malformed JSON or wrong field types are a 422 that names the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let msg = e.to_string();
        // serde_json says "missing field `email` at line 1 column 2": name that field.
        let field = msg.split('`').nth(1).filter(|_| msg.starts_with("missing field")).unwrap_or("body");
        let text =
            if field == "body" { format!("is not valid JSON for this request: {msg}") } else { "is required".into() };
        AppError::Validation { fields: FieldErrors::single(field, text) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        email: String,
    }

    #[test]
    fn missing_fields_are_named() {
        let e = parse_json::<T>(b"{}").unwrap_err();
        assert_eq!(e.field_errors("email"), vec!["is required".to_string()]);
        let e = parse_json::<T>(b"not json").unwrap_err();
        assert_eq!(e.field_errors("body").len(), 1);
    }
}
