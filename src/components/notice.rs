//! Page-level notices: the one-time flash message and the error panel (403, 404, reference ids).
use crate::error::AppError;
use leptos::prelude::*;

/// A success message from the previous action. A `token:` message shows a new API token once;
/// `link:<url>|<message>` shows a new customer link once.
#[component]
pub fn Flash(message: Option<String>) -> impl IntoView {
    message.map(|m| {
        if let Some(token) = m.strip_prefix("token:") {
            return view! {
                <div class="flash flash-token" role="status">
                    <p><strong>"New API token — copy it now, it will not be shown again:"</strong></p>
                    <code id="new-token">{token.to_string()}</code>
                </div>
            }
            .into_any();
        }
        if let Some((url, text)) = m.strip_prefix("link:").and_then(|r| r.split_once('|')) {
            return view! {
                <div class="flash flash-token" role="status">
                    <p>{text.to_string()}</p>
                    <p><strong>"Customer link — copy it now, it is not stored and will not be shown again:"</strong></p>
                    <code id="new-link">{url.to_string()}</code>
                </div>
            }
            .into_any();
        }
        view! { <div class="flash" role="status">{m}</div> }.into_any()
    })
}

/// What a page shows instead of its content when loading it failed. Never shows internal text:
/// an internal error carries only its reference id.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let (title, body) = match &error {
        AppError::Forbidden => (
            "Not allowed",
            "Your role does not give access to this page. Ask an administrator if you need it.".to_string(),
        ),
        AppError::NotFound => ("Not found", "This record does not exist or was removed.".to_string()),
        AppError::Unauthorized => ("Please sign in", "Your session has ended.".to_string()),
        AppError::Internal { reference } => (
            "Something went wrong",
            format!("The error was logged. If it keeps happening, give your administrator this reference: {reference}"),
        ),
        other => ("Could not load this page", other.to_string()),
    };
    view! {
        <section class="panel error-panel" role="alert">
            <h1>{title}</h1>
            <p>{body}</p>
            <p><a href="/">"Back to the dashboard"</a></p>
        </section>
    }
}
