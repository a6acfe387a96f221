//! Admin → Users: searchable, paged list and the create-user form.
use crate::api::users::{list_users, CreateUser};
use crate::components::form::{FieldError, SubmitRow};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::model::permissions::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked().get("q");
    let cursor = query.read_untracked().get("cursor");
    let q_value = q.clone().unwrap_or_default();
    view! {
        <Title text="Users"/>
        {loaded(list_users(q, cursor), move |p| view! {
            <div class="page-header">
                <h1>"Users"</h1>
                <a class="button" href="#new-user">"New user"</a>
            </div>
            <form class="filters" method="get" role="search">
                <label for="q" class="visually-hidden">"Search users"</label>
                <input id="q" name="q" type="search" placeholder="Search name or email" value=q_value.clone()/>
                <button type="submit">"Search"</button>
            </form>
            {if p.items.is_empty() {
                view! { <p class="empty">"No users match this search."</p> }.into_any()
            } else {
                view! {
                    <table class="data" id="users-table">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>
                            {p.items.into_iter().map(|u| view! {
                                <tr>
                                    <td><a href=format!("/admin/users/{}", u.id)>{u.name}</a></td>
                                    <td>{u.email}</td>
                                    <td>{u.role.label()}</td>
                                    <td>{if u.active { view!{ <span class="badge ok">"Active"</span> } } else { view!{ <span class="badge muted">"Deactivated"</span> } }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {p.next_cursor.map(|c| {
                let href = format!("/admin/users?q={}&cursor={}", q_value, c);
                view! { <nav class="pager" aria-label="Pages"><a href="/admin/users">"First page"</a> <a href=href rel="next">"Next page →"</a></nav> }
            })}
            <section class="panel" id="new-user">
                <h2>"New user"</h2>
                <NewUserForm/>
            </section>
        }.into_any())}
    }
}

/// Server-rendered; the `LiveForm` island posts it and puts the errors beside the fields.
#[component]
fn NewUserForm() -> impl IntoView {
    view! {
        <LiveForm action=CreateUser::PATH class="form grid-2" id="new-user-form">
            <div class="field">
                <label for="new-name">"Name"</label>
                <input id="new-name" name="name" required maxlength="200" aria-describedby="name-error"/>
                <FieldError field="name"/>
            </div>
            <div class="field">
                <label for="new-email">"Email"</label>
                <input id="new-email" name="email" type="email" required aria-describedby="email-error"/>
                <FieldError field="email"/>
            </div>
            <div class="field">
                <label for="new-role">"Role"</label>
                <select id="new-role" name="role" aria-describedby="role-error">
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == Role::Sales>{r.label()}</option> }).collect_view()}
                </select>
                <FieldError field="role"/>
            </div>
            <div class="field">
                <label for="new-password">"Initial password"</label>
                <input id="new-password" name="password" type="password" minlength="10" required autocomplete="new-password"
                    aria-describedby="password-error"/>
                <FieldError field="password"/>
            </div>
            <SubmitRow label="Create user"/>
        </LiveForm>
    }
}
