//! `LiveForm`: the one island behind every server-rendered form that posts to a server fn. The
//! forms themselves are plain HTML (they work without JavaScript); the island only takes over the
//! submit: it posts the form as the browser would, follows the server's redirect, and writes the
//! errors into the form's own error slots (`FieldError` / `FormError`). One generic island instead
//! of one per form keeps the wasm small: no typed arguments, no serde_qs, no view code per form.
use leptos::prelude::*;

/// Wraps one form (`action` given: the island is the `<form>`) or a group of small forms (no
/// `action`: a `<div>` that takes the submits of the forms inside it). `data-hydrated` turns
/// "true" once the island runs, so browser tests act only on a live form.
#[island]
pub fn LiveForm(
    /// The server fn's URL (`<ServerFnType as ServerFn>::PATH`); none for a group of forms.
    #[prop(optional, into)]
    action: Option<String>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] class: Option<String>,
    /// `multipart/form-data` for a form that uploads a file.
    #[prop(optional, into)]
    enctype: Option<String>,
    children: Children,
) -> impl IntoView {
    let live = crate::components::form::hydrated();
    // The fields' error slots show a no-JavaScript post's error for this action (form.rs).
    if let Some(a) = &action {
        provide_context(crate::components::form::PostedTo(a.clone()));
    }
    let hydrated = move || live.get().to_string();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        client::submit(ev);
        #[cfg(not(feature = "hydrate"))]
        drop(ev);
    };
    match action {
        Some(action) => view! {
            <form method="post" action=action enctype=enctype id=id class=class data-hydrated=hydrated on:submit=on_submit>
                {children()}
            </form>
        }
        .into_any(),
        None => view! {
            <div id=id class=class data-hydrated=hydrated on:submit=on_submit>{children()}</div>
        }
        .into_any(),
    }
}

/// The submit handler of an island that draws its own errors and busy state (the document
/// editors, whose lines and totals are live): posts the submitted form as `LiveForm` does, follows
/// the redirect, and on failure puts the error in `error` for its `FieldError`s and `FormError`.
pub fn submit_into(
    error: RwSignal<Option<crate::error::AppError>>,
    pending: RwSignal<bool>,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |ev| {
        #[cfg(feature = "hydrate")]
        client::submit_reactive(ev, error, pending);
        #[cfg(not(feature = "hydrate"))]
        drop((ev, error, pending));
    }
}

/// The browser side: post, then redirect or show the errors.
#[cfg(feature = "hydrate")]
mod client {
    use crate::error::AppError;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Element, FormData, HtmlFormElement, RequestInit, Response, UrlSearchParams};

    pub fn submit(ev: leptos::ev::SubmitEvent) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        // A GET form (a filter, a picker) is the browser's to follow.
        if form.method().eq_ignore_ascii_case("get") {
            return;
        }
        ev.prevent_default();
        let scope = ev.current_target().and_then(|t| t.dyn_into::<Element>().ok());
        let buttons = form.query_selector_all("button[type=submit],button:not([type])").ok();
        set_disabled(buttons.as_ref(), true);
        leptos::task::spawn_local(async move {
            match post(&form).await {
                Ok(Some(location)) => go(&location),
                Ok(None) => reload(),
                Err(error) => {
                    set_disabled(buttons.as_ref(), false);
                    show(&form, scope.as_ref(), &error);
                }
            }
        });
    }

    pub fn submit_reactive(
        ev: leptos::ev::SubmitEvent,
        error: leptos::prelude::RwSignal<Option<AppError>>,
        pending: leptos::prelude::RwSignal<bool>,
    ) {
        use leptos::prelude::Set;
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        ev.prevent_default();
        pending.set(true);
        leptos::task::spawn_local(async move {
            match post(&form).await {
                Ok(Some(location)) => go(&location),
                Ok(None) => reload(),
                Err(e) => {
                    pending.set(false);
                    error.set(Some(e));
                }
            }
        });
    }

    /// Posts the form the way leptos' own client does (url-encoded, or multipart for uploads), with
    /// `Accept: application/json` so a redirect comes back as a header, not a 302.
    async fn post(form: &HtmlFormElement) -> Result<Option<String>, AppError> {
        let transport = |e: JsValue| AppError::Transport(format!("{e:?}"));
        let data = FormData::new_with_form(form).map_err(transport)?;
        let init = RequestInit::new();
        init.set_method("POST");
        let headers = web_sys::Headers::new().map_err(transport)?;
        headers.set("Accept", "application/json").map_err(transport)?;
        if form.enctype().eq_ignore_ascii_case("multipart/form-data") {
            init.set_body(&data);
        } else {
            let body = UrlSearchParams::new_with_str_sequence_sequence(&data).map_err(transport)?;
            headers.set("Content-Type", "application/x-www-form-urlencoded").map_err(transport)?;
            init.set_body(&body);
        }
        init.set_headers(&headers);
        let window = web_sys::window().ok_or_else(|| AppError::Transport("no window".into()))?;
        let promise = window.fetch_with_str_and_init(&form.action(), &init);
        let response: Response = JsFuture::from(promise)
            .await
            .map_err(|_| AppError::Transport("the server could not be reached; try again".into()))?
            .unchecked_into();
        if response.redirected() {
            // A plain route (not a server fn) answered with a 303 that fetch followed.
            return Ok(Some(response.url()));
        }
        if response.ok() {
            return Ok(response.headers().get("location").ok().flatten());
        }
        let text = match response.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
            Err(_) => String::new(),
        };
        Err(serde_json::from_str(&text).unwrap_or_else(|_| {
            AppError::Transport(format!("the server answered {} {}", response.status(), response.status_text()))
        }))
    }

    fn go(location: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(location);
        }
    }

    fn reload() {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    }

    fn set_disabled(buttons: Option<&web_sys::NodeList>, disabled: bool) {
        let Some(list) = buttons else { return };
        for i in 0..list.length() {
            if let Some(b) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = if disabled { b.set_attribute("disabled", "") } else { b.remove_attribute("disabled") };
            }
        }
    }

    /// Writes the error into the slots the server rendered: each field's messages under its input
    /// (`<field>-error`, and `aria-invalid` on the inputs it describes), the rest in the form's
    /// `.form-error` (or the group's, for a group of forms).
    fn show(form: &HtmlFormElement, scope: Option<&Element>, error: &AppError) {
        let mut rest = Vec::new();
        for slot in all(form, ".field-error") {
            slot.set_text_content(None);
            let _ = slot.set_attribute("hidden", "");
        }
        for input in all(form, "[aria-invalid=true]") {
            let _ = input.set_attribute("aria-invalid", "false");
        }
        match error {
            AppError::Validation { fields } => {
                for (field, messages) in &fields.0 {
                    let slot_id = format!("{field}-error");
                    match all(form, ".field-error").into_iter().find(|s| s.id() == slot_id) {
                        Some(slot) => {
                            slot.set_text_content(Some(&messages.join("; ")));
                            let _ = slot.remove_attribute("hidden");
                            for input in all(form, "[aria-describedby]") {
                                if input.get_attribute("aria-describedby").as_deref() == Some(slot_id.as_str()) {
                                    let _ = input.set_attribute("aria-invalid", "true");
                                }
                            }
                        }
                        None => rest.push(messages.join("; ")),
                    }
                }
            }
            other => rest.push(other.to_string()),
        }
        let slot = form.query_selector(".form-error").ok().flatten().or_else(|| {
            scope.and_then(|s| s.query_selector(".form-error").ok().flatten())
        });
        // Every form has a slot (SubmitRow or FormError); one is made should a form lack it.
        let slot = slot.or_else(|| {
            let made = web_sys::window()?.document()?.create_element("p").ok()?;
            made.set_class_name("form-error");
            let _ = made.set_attribute("role", "alert");
            let _ = scope.unwrap_or(form).append_child(&made);
            Some(made)
        });
        if let Some(slot) = slot {
            if rest.is_empty() {
                slot.set_text_content(None);
                let _ = slot.set_attribute("hidden", "");
            } else {
                slot.set_text_content(Some(&rest.join("; ")));
                let _ = slot.remove_attribute("hidden");
            }
        }
    }

    fn all(root: &HtmlFormElement, selector: &str) -> Vec<Element> {
        let Ok(list) = root.query_selector_all(selector) else { return vec![] };
        (0..list.length()).filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok())).collect()
    }
}
