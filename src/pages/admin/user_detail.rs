//! Admin → one user: details, change role, (de)activate, reset password, and the timeline.
use crate::api::users::{get_user, UpdateUser};
use crate::components::form::{FieldError, FormError};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::Timeline;
use crate::model::permissions::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn UserDetailPage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(get_user(id), move |(user, events)| view! {
            <Title text=user.name.clone()/>
            <div class="page-header">
                <div>
                    <p class="crumbs"><a href="/admin/users">"Users"</a></p>
                    <h1>{user.name.clone()}</h1>
                    <p class="muted">{user.email.clone()} " · " {user.role.label()} " · "
                        {if user.active { "Active" } else { "Deactivated" }}</p>
                </div>
            </div>
            <div class="columns">
                <div>
                    <section class="panel">
                        <h2>"Access"</h2>
                        <UserActions id=user.id role=user.role active=user.active/>
                    </section>
                </div>
                <section class="panel">
                    <h2>"Timeline"</h2>
                    <Timeline events/>
                </section>
            </div>
        }.into_any())}
    }
}

/// Three small forms, one per change; each posts `update_user` with the field it changes, through
/// its own `LiveForm` (so each is live on its own and shows its error beside its button).
#[component]
fn UserActions(id: i64, role: Role, active: bool) -> impl IntoView {
    view! {
        <LiveForm action=UpdateUser::PATH class="form inline-form" id="role-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="field" value="role"/>
            <label for="role-value">"Role"</label>
            <select id="role-value" name="value">
                {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == role>{r.label()}</option> }).collect_view()}
            </select>
            <button type="submit">"Change role"</button>
            <FormError/>
        </LiveForm>
        <LiveForm action=UpdateUser::PATH class="form inline-form" id="password-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="field" value="password"/>
            <label for="password-value">"New password"</label>
            <input id="password-value" name="value" type="password" minlength="10" required autocomplete="new-password"
                aria-describedby="password-error"/>
            <button type="submit">"Reset password"</button>
            <FieldError field="password"/>
            <FormError/>
        </LiveForm>
        <LiveForm action=UpdateUser::PATH class="form inline-form" id="active-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="field" value="active"/>
            <input type="hidden" name="value" value=if active { "false" } else { "true" }/>
            {if active {
                view! { <button type="submit" class="danger">"Deactivate user"</button> }.into_any()
            } else {
                view! { <button type="submit">"Activate user"</button> }.into_any()
            }}
            <p class="hint">{if active { "Deactivating ends the user's sessions and stops their API tokens." } else { "" }}</p>
            <FormError/>
        </LiveForm>
    }
}
