//! `LiveForm`: the one island behind every server-rendered form that posts to a server fn. The
//! forms themselves are plain HTML (they work without JavaScript); the island only takes over the
//! submit: it posts the form as the browser would, follows the server's redirect, and writes the
//! errors into the form's own error slots (`FieldError` / `FormError`), or the values a server fn
//! computed into the form's inputs (`FormFill`); and it ticks "select all" boxes. One generic island instead
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
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        client::check_all(ev);
        #[cfg(not(feature = "hydrate"))]
        drop(ev);
    };
    match action {
        Some(action) => view! {
            <form method="post" action=action enctype=enctype id=id class=class data-hydrated=hydrated on:submit=on_submit on:change=on_change>
                {children()}
            </form>
        }
        .into_any(),
        None => view! {
            <div id=id class=class data-hydrated=hydrated on:submit=on_submit on:change=on_change>{children()}</div>
        }
        .into_any(),
    }
}

/// The browser side: post, then redirect or show the errors.
#[cfg(feature = "hydrate")]
pub mod client {
    use crate::error::AppError;
    use crate::model::pickers::FormFill;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Element, FormData, HtmlFormElement, HtmlInputElement, RequestInit, Response, UrlSearchParams};

    pub fn submit(ev: leptos::ev::SubmitEvent) {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        // A GET form (a filter, a picker) is the browser's to follow. Attributes, not the form's
        // properties: an input named `action` or `method` shadows those (DOM clobbering).
        // A button may post a GET form elsewhere (`formmethod="post"`): a preview form's "apply".
        let method =
            ev.submitter().and_then(|b| b.get_attribute("formmethod")).unwrap_or_else(|| attribute(&form, "method"));
        if method.eq_ignore_ascii_case("get") {
            return;
        }
        ev.prevent_default();
        // A button may post elsewhere (`formaction`): e.g. a server fn that only fills inputs.
        let url =
            ev.submitter().and_then(|b| b.get_attribute("formaction")).unwrap_or_else(|| attribute(&form, "action"));
        let scope = ev.current_target().and_then(|t| t.dyn_into::<Element>().ok());
        let buttons = form.query_selector_all("button[type=submit],button:not([type])").ok();
        set_disabled(buttons.as_ref(), true);
        leptos::task::spawn_local(async move {
            let answer = post(&form, &url).await;
            if !matches!(answer, Ok(Answer::Go(_) | Answer::Reload)) {
                set_disabled(buttons.as_ref(), false);
            }
            match answer {
                Ok(Answer::Go(location)) => go(&location),
                Ok(Answer::Reload) => reload(),
                Ok(Answer::Fill(fill)) => {
                    show(&form, scope.as_ref(), None);
                    for (name, value) in fill.fill {
                        let field =
                            all(&form, "input").into_iter().find(|i| i.get_attribute("name").as_deref() == Some(&name));
                        if let Some(input) = field.and_then(|i| i.dyn_into::<HtmlInputElement>().ok()) {
                            input.set_value(&value);
                        }
                    }
                }
                Err(error) => show(&form, scope.as_ref(), Some(&error)),
            }
        });
    }

    /// "Select all": a checkbox with `data-check-all="<name prefix>"` ticks or clears every
    /// checkbox of the form whose name starts with that prefix.
    pub fn check_all(ev: leptos::ev::Event) {
        let Some(boxed) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        let Some(prefix) = boxed.get_attribute("data-check-all") else { return };
        let Some(form) = boxed.form() else { return };
        for input in all(&form, "input[type=checkbox]") {
            if input.get_attribute("name").is_some_and(|n| n.starts_with(&prefix)) {
                if let Ok(i) = input.dyn_into::<HtmlInputElement>() {
                    i.set_checked(boxed.checked());
                }
            }
        }
    }

    /// What a successful post asks for.
    enum Answer {
        Go(String),
        Reload,
        Fill(FormFill),
    }

    /// Posts the form the way leptos' own client does: url-encoded, or multipart for uploads.
    async fn post(form: &HtmlFormElement, url: &str) -> Result<Answer, AppError> {
        let data = FormData::new_with_form(form).map_err(transport)?;
        let reply = if attribute(form, "enctype").eq_ignore_ascii_case("multipart/form-data") {
            send(url, &data, false).await?
        } else {
            let params = UrlSearchParams::new_with_str_sequence_sequence(&data).map_err(transport)?;
            send(url, &params, true).await?
        };
        Ok(match (reply.followed.or(reply.location), serde_json::from_str::<FormFill>(&reply.text)) {
            (Some(to), _) => Answer::Go(to),
            (None, Ok(fill)) => Answer::Fill(fill),
            (None, Err(_)) => Answer::Reload,
        })
    }

    /// Posts `pairs` url-encoded to a server fn and returns its JSON answer's text: for an island
    /// that asks the server while the person types (the line editor's totals), without server_fn's
    /// typed client in the wasm.
    pub async fn post_pairs(url: &str, pairs: &[(String, String)]) -> Result<String, AppError> {
        let body = UrlSearchParams::new().map_err(transport)?;
        for (k, v) in pairs {
            body.append(k, v);
        }
        Ok(send(url, &body, true).await?.text)
    }

    /// What the server answered a successful post.
    struct Reply {
        /// Where fetch ended up when a plain route (not a server fn) answered with a 303.
        followed: Option<String>,
        /// A server fn's redirect (`leptos_axum::redirect`).
        location: Option<String>,
        text: String,
    }

    /// One POST with `Accept: application/json`, so a server fn's redirect comes back as a
    /// header, not a 302. A failed answer is the server's `AppError`.
    async fn send(url: &str, body: &JsValue, url_encoded: bool) -> Result<Reply, AppError> {
        let headers = web_sys::Headers::new().map_err(transport)?;
        headers.set("Accept", "application/json").map_err(transport)?;
        if url_encoded {
            headers.set("Content-Type", "application/x-www-form-urlencoded").map_err(transport)?;
        }
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(body);
        init.set_headers(&headers);
        let window = web_sys::window().ok_or_else(|| AppError::Transport("no window".into()))?;
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| AppError::Transport("the server could not be reached; try again".into()))?
            .unchecked_into();
        let followed = response.redirected().then(|| response.url());
        let location = response.headers().get("location").ok().flatten();
        let text = match response.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
            Err(_) => String::new(),
        };
        if response.ok() || followed.is_some() {
            return Ok(Reply { followed, location, text });
        }
        Err(serde_json::from_str(&text).unwrap_or_else(|_| {
            AppError::Transport(format!("the server answered {} {}", response.status(), response.status_text()))
        }))
    }

    fn transport(e: JsValue) -> AppError {
        AppError::Transport(format!("{e:?}"))
    }

    fn attribute(form: &HtmlFormElement, name: &str) -> String {
        form.get_attribute(name).unwrap_or_default()
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
    fn show(form: &HtmlFormElement, scope: Option<&Element>, error: Option<&AppError>) {
        let mut rest = Vec::new();
        for slot in all(form, ".field-error") {
            slot.set_text_content(None);
            let _ = slot.set_attribute("hidden", "");
        }
        for input in all(form, "[aria-invalid=true]") {
            let _ = input.set_attribute("aria-invalid", "false");
        }
        match error {
            None => {}
            Some(AppError::Validation { fields }) => {
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
            Some(other) => rest.push(other.to_string()),
        }
        let slot = form
            .query_selector(".form-error")
            .ok()
            .flatten()
            .or_else(|| scope.and_then(|s| s.query_selector(".form-error").ok().flatten()));
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
