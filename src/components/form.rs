//! The form pattern's pieces: a labelled field with its errors beside it, and the form-level error.
use crate::error::AppError;
use leptos::prelude::*;

/// The messages for `field` from the last submit, shown under the input and tied to it for
/// screen readers (`aria-describedby` = "<field>-error").
#[component]
pub fn FieldError(#[prop(into)] error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let messages = move || error.get().map(|e| e.field_errors(field)).unwrap_or_default();
    view! {
        <Show when=move || !messages().is_empty()>
            <p class="field-error" id=format!("{field}-error") role="alert">
                {move || messages().join("; ")}
            </p>
        </Show>
    }
}

/// An error that is not about one field (wrong password, permission, conflict), above the buttons.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let text = move || match error.get() {
        None | Some(AppError::Validation { .. }) => None,
        Some(e) => Some(e.to_string()),
    };
    view! {
        <Show when=move || text().is_some()>
            <p class="form-error" role="alert">{text}</p>
        </Show>
    }
}

/// True once the island this is called in runs in the browser. Forms show it as
/// `data-hydrated`, so browser tests (and people's fast fingers) act only on a live form.
pub fn hydrated() -> Signal<bool> {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    live.into()
}
