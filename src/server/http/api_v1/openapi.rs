//! The OpenAPI 3 document, generated from the handlers' annotations (utoipa).
use super::{accounts, contacts, pagination::Page, users};
use crate::model::account::AccountDto;
use crate::model::contact::ContactDto;
use crate::model::user::UserDto;
use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Aftersale API", description = "Post-sales: orders, invoices, payments, tickets, renewals, upsell."),
    paths(
        crate::server::http::health::healthz,
        crate::server::http::health::metrics,
        document,
        users::me,
        users::list,
        users::get,
        users::create,
        users::update,
        accounts::list,
        accounts::get,
        accounts::create,
        accounts::update,
        contacts::list,
        contacts::get,
        contacts::create,
        contacts::update,
        contacts::delete,
    ),
    components(schemas(
        UserDto, users::CreateUser, users::UpdateUser, users::Me, Page<UserDto>,
        AccountDto, accounts::AccountBody, Page<AccountDto>,
        ContactDto, contacts::ContactBody, Page<ContactDto>,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;
impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "system", responses((status = 200, description = "this document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
