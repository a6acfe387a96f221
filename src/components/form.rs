//! The form pattern's pieces: a labelled field with its errors beside it, the form-level error,
//! a no-JavaScript post's error, a form's submit row and a per-line quantity input.
use crate::error::AppError;
use leptos::prelude::*;

/// The messages for `field` from the last submit, shown under the input and tied to it for
/// screen readers (`aria-describedby` = "<field>-error").
#[component]
pub fn FieldError(
    /// The error of an island's last submit; none in a server-rendered form, whose `LiveForm`
    /// writes into this slot itself (or, without JavaScript, the server from the URL).
    #[prop(into, optional)]
    error: Option<Signal<Option<AppError>>>,
    #[prop(into)] field: String,
) -> impl IntoView {
    let error = error.unwrap_or_else(posted_error);
    let id = format!("{field}-error");
    let field = StoredValue::new(field);
    let messages = move || error.get().map(|e| field.with_value(|f| e.field_errors(f))).unwrap_or_default();
    view! {
        <p class="field-error" id=id role="alert" hidden=move || messages().is_empty()>
            {move || messages().join("; ")}
        </p>
    }
}

/// An error that is not about one field (wrong password, permission, conflict), above the buttons.
#[component]
pub fn FormError(#[prop(into, optional)] error: Option<Signal<Option<AppError>>>) -> impl IntoView {
    let error = error.unwrap_or_else(posted_error);
    let text = move || match error.get() {
        None | Some(AppError::Validation { .. }) => None,
        Some(e) => Some(e.to_string()),
    };
    view! { <p class="form-error" role="alert" hidden=move || text().is_none()>{text}</p> }
}

/// An error a page worked out for its own form while rendering (a GET preview's), provided as
/// context so the form's slots show it as they would a post's.
#[derive(Clone)]
pub struct ShownError(pub AppError);

/// The action a server-rendered form posts to, as `LiveForm` provides it to the form's fields.
#[derive(Clone)]
pub struct PostedTo(pub String);

/// The error of a plain (no-JavaScript) post of the enclosing `LiveForm`: the server fn sent the
/// browser back with it in the URL (`__path` / `__err`), which the router provides as
/// `ServerActionError`. None in the browser, where `LiveForm` fills the slots itself.
pub fn posted_error() -> Signal<Option<AppError>> {
    use leptos::server::ServerActionError;
    if let Some(ShownError(e)) = use_context::<ShownError>() {
        return Signal::stored(Some(e));
    }
    use leptos::server_fn::error::ServerFnUrlError;
    let action = use_context::<PostedTo>();
    let error = use_context::<ServerActionError>()
        .filter(|e| action.is_some_and(|a| e.path() == a.0))
        .map(|e| ServerFnUrlError::<AppError>::decode_err(e.err()));
    Signal::stored(error)
}

/// The hidden one-time `form_key` of a form that moves money or changes a status: the server reads
/// it (`server::http::idempotency`) so a double-click or a re-sent form acts once. A fresh key is
/// made each time the server renders the page; hydration leaves a server-rendered attribute as it
/// is, so the browser keeps that key and the wasm needs no random source.
#[component]
pub fn FormKey() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let key = uuid::Uuid::new_v4().simple().to_string();
    #[cfg(not(feature = "ssr"))]
    let key = String::new();
    view! { <input type="hidden" name="form_key" value=key/> }
}

/// True once the island this is called in runs in the browser. Forms show it as
/// `data-hydrated`, so browser tests (and people's fast fingers) act only on a live form.
pub fn hydrated() -> Signal<bool> {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    live.into()
}

/// A labelled input with its errors beside it. `name` is the posted name (e.g. `form[name]`),
/// `field` the error key (e.g. `name`).
#[component]
pub fn TextField(
    /// An island's last submit error; none in a server-rendered form (the `LiveForm` slots, or
    /// without JavaScript the error in the URL — `posted_error`).
    #[prop(into, optional)]
    error: Option<Signal<Option<AppError>>>,
    #[prop(into)] id: String,
    name: &'static str,
    field: &'static str,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let error = error.unwrap_or_else(posted_error);
    let invalid = move || error.get().is_some_and(|e| !e.field_errors(field).is_empty()).to_string();
    let described = format!("{field}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            {if multiline {
                view! { <textarea id=id name=name rows="3" aria-invalid=invalid aria-describedby=described.clone()>{value}</textarea> }.into_any()
            } else {
                view! {
                    <input id=id name=name type=kind.unwrap_or("text") value=value required=required
                        aria-invalid=invalid aria-describedby=described.clone()/>
                }.into_any()
            }}
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldError error field/>
        </div>
    }
}

/// A labelled `<select>` of (value, label) options with errors beside it.
#[component]
pub fn SelectField(
    #[prop(into, optional)] error: Option<Signal<Option<AppError>>>,
    #[prop(into)] id: String,
    name: &'static str,
    field: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let error = error.unwrap_or_else(posted_error);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name disabled=disabled aria-describedby=format!("{field}-error")>
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let is = v == selected;
                        view! { <option value=v selected=is>{l}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldError error field/>
        </div>
    }
}

/// The first step of a new document: choose its account (a plain GET form to `path`, which then
/// opens the editor with `?account_id=`), so it works without JavaScript.
#[component]
pub fn AccountPicker(path: &'static str, accounts: Vec<(i64, String)>, hint: &'static str) -> impl IntoView {
    view! {
        <form class="form" method="get" action=path id="choose-account">
            <div class="field">
                <label for="choose-account-id">"Account"</label>
                <select id="choose-account-id" name="account_id" required>
                    <option value="">"— choose —"</option>
                    {accounts.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                <p class="hint">{hint}</p>
            </div>
            <div class="actions"><button type="submit" class="primary">"Continue"</button></div>
        </form>
    }
}

/// The foot of a form: its form-level error above the one primary submit button.
#[component]
pub fn SubmitRow(
    #[prop(into, optional)] error: Option<Signal<Option<AppError>>>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let error = error.unwrap_or_else(posted_error);
    view! {
        <FormError error/>
        <div class="actions"><button type="submit" class="primary">{label}</button></div>
    }
}

/// The quantity cell of a per-line form: the line's id (hidden) and the quantity to act on, posted
/// as `<list>[i][line_id]` and `<list>[i][quantity]`, with the errors of `lines[i].quantity`.
#[component]
pub fn LineQuantityInput(
    #[prop(into, optional)] error: Signal<Option<AppError>>,
    list: &'static str,
    index: usize,
    line_id: i64,
    /// Prefilled quantity (none: the field starts empty).
    #[prop(optional)]
    value: Option<String>,
    #[prop(into)] label: String,
    /// The errors' list name when it is not `lines` (e.g. `quantities` for `change[quantities]`).
    #[prop(optional)]
    errors: Option<&'static str>,
) -> impl IntoView {
    let field = format!("{}[{index}].quantity", errors.unwrap_or("lines"));
    view! {
        <input type="hidden" name=format!("{list}[{index}][line_id]") value=line_id/>
        <input name=format!("{list}[{index}][quantity]") value=value inputmode="decimal" size="6" aria-label=label
            aria-describedby=format!("{field}-error")/>
        <FieldError error field=field/>
    }
}

/// A select's (value, label) options: `none` first (empty value), then the (id, name) pairs.
pub fn id_options(none: &str, items: &[(i64, String)]) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), none.to_string())];
    v.extend(items.iter().map(|(id, n)| (id.to_string(), n.clone())));
    v
}
