//! Authentication: the axum-login backend over the users table, the signed-in `Actor`, and the
//! keyed hashing of API tokens. Authorization reads `model::permissions` through `Actor::require`.
use super::db::{self, Pool};
use crate::error::AppError;
use crate::model::permissions::{Permission, Role};
use axum_login::{AuthUser, AuthnBackend, UserId};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The user kept in the session. The password hash is its auth hash, so a password reset ends
/// every other session of that user; an inactive user is not found, which ends their sessions.
#[derive(Clone)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    password_hash: String,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser").field("id", &self.id).field("role", &self.role).finish()
    }
}

impl From<db::users::UserRow> for SessionUser {
    fn from(r: db::users::UserRow) -> SessionUser {
        SessionUser { id: r.id, role: r.role(), email: r.email, name: r.name, password_hash: r.password_hash }
    }
}

impl AuthUser for SessionUser {
    type Id = i64;
    fn id(&self) -> i64 {
        self.id
    }
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

#[derive(Clone)]
pub struct Backend {
    pub pool: Pool,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Join(#[from] tokio::task::JoinError),
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, AuthError> {
        let row = db::users::by_email(&self.pool, &creds.email).await?;
        // argon2 is deliberately slow: keep it off the async threads. Unknown emails still pay for
        // one verification so response time does not reveal which emails exist.
        tokio::task::spawn_blocking(move || {
            let hash = row.as_ref().map(|r| r.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_string());
            let ok = password_auth::verify_password(&creds.password, &hash).is_ok();
            Ok(row.filter(|r| ok && r.active).map(SessionUser::from))
        })
        .await?
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<SessionUser>, AuthError> {
        Ok(db::users::by_id(&self.pool, *id).await?.filter(|r| r.active).map(SessionUser::from))
    }
}

/// An argon2id hash of a random string, verified against when the email is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4J6oBdG1zo1Z3B3t0vY0mNqfTQ8zRBlIxJgIg6Bq1OQ";

pub type AuthSession = axum_login::AuthSession<Backend>;

/// Who is acting: a signed-in employee, or the user behind an API token.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

impl Actor {
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.role.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether the actor may change a record owned by `owner_id`: everyone with `EditAllCrm`,
    /// and the owner when they have `EditOwnCrm` (sales edit their own accounts and deals).
    pub fn can_edit_owned(&self, owner_id: i64) -> bool {
        self.can_change(Permission::EditOwnCrm, Permission::EditAllCrm, owner_id)
    }

    /// The owner rule of every module: `all` changes any record, `own` the actor's own.
    pub fn can_change(&self, own: Permission, all: Permission, owner_id: i64) -> bool {
        self.role.can(all) || (self.role.can(own) && owner_id == self.id)
    }

    pub fn require_edit_owned(&self, owner_id: i64) -> Result<(), AppError> {
        if self.can_edit_owned(owner_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl From<&SessionUser> for Actor {
    fn from(u: &SessionUser) -> Actor {
        Actor { id: u.id, name: u.name.clone(), role: u.role }
    }
}

/// HMAC-SHA256 of a token under the app secret: the database alone cannot confirm a token.
pub fn token_hash(secret: &str, token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(token.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether two secrets are equal, in time that does not depend on where they differ: both are
/// hashed to fixed-length digests first, then every byte is compared (the length of the given
/// secret leaks nothing either).
pub fn same_secret(given: &str, expected: &str) -> bool {
    use sha2::Digest;
    let (a, b) = (Sha256::digest(given.as_bytes()), Sha256::digest(expected.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A new random token: 256 bits, hex, with a readable prefix that says what it is.
pub fn new_token(kind: &str) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{kind}_{}", hex::encode(bytes))
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await.map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(same_secret("s3cret-token", "s3cret-token"));
        assert!(!same_secret("s3cret-tokem", "s3cret-token"));
        assert!(!same_secret("", "s3cret-token"));
        assert!(!same_secret("s3cret-token-and-more", "s3cret-token"));
    }

    #[test]
    fn dummy_hash_is_a_valid_argon2_hash_that_matches_nothing_typed() {
        assert!(matches!(
            password_auth::verify_password("password", DUMMY_HASH),
            Err(password_auth::VerifyError::PasswordInvalid)
        ));
    }

    #[test]
    fn token_hash_depends_on_the_secret() {
        assert_ne!(token_hash("a", "t"), token_hash("b", "t"));
        assert_eq!(token_hash("a", "t").len(), 64);
        assert!(new_token("ast").starts_with("ast_") && new_token("ast").len() == 68);
    }
}
