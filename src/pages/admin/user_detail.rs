//! Admin → one user: details, change role, (de)activate, reset password, availability for
//! tickets, and the timeline.
use crate::api::users::{get_user, UpdateUser, UpdateUserAvailability};
use crate::components::form::{FieldError, FormError};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::Timeline;
use crate::model::permissions::Role;
use crate::model::user::UserDto;
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
                    <section class="panel">
                        <h2>"Availability for tickets"</h2>
                        <AvailabilityForm user=user.clone()/>
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

/// Whether automatic ticket assignment may pick the user, and their out-of-office dates (an
/// empty last day: away until further notice).
#[component]
fn AvailabilityForm(user: UserDto) -> impl IntoView {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <LiveForm action=UpdateUserAvailability::PATH class="form" id="availability-form">
            <input type="hidden" name="id" value=user.id/>
            <label class="check">
                <input type="checkbox" name="available" value="true" id="available" checked=user.available/>
                " Available: takes new tickets"
            </label>
            <label for="away-from">"Away from"</label>
            <input id="away-from" name="away_from" type="date" value=date(user.away_from)
                aria-describedby="away_from-error"/>
            <FieldError field="away_from"/>
            <label for="away-until">"Away until (last day; empty: until further notice)"</label>
            <input id="away-until" name="away_until" type="date" value=date(user.away_until)
                aria-describedby="away_until-error"/>
            <FieldError field="away_until"/>
            <button type="submit">"Save availability"</button>
            <FormError/>
        </LiveForm>
    }
}
