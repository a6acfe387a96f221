//! Signing in: validation, the throttle (per email and per IP), password check, session cycling.
use crate::error::AppError;
use crate::model::validate::FieldErrors;
use crate::server::auth::{AuthSession, Credentials, SessionUser};
use crate::server::db::{self, Pool};
use chrono::{DateTime, Utc};

/// Failed attempts are counted over this window.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures of one email within the window before further attempts are refused.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failures from one IP within the window (many emails: a guessing run) before refusing it.
pub const MAX_FAILURES_PER_IP: i64 = 30;

pub async fn login(
    pool: &Pool,
    auth: &mut AuthSession,
    email: &str,
    password: &str,
    ip: &str,
) -> Result<SessionUser, AppError> {
    let mut errors = FieldErrors::default();
    if email.trim().is_empty() {
        errors.add("email", "is required");
    }
    if password.is_empty() {
        errors.add("password", "is required");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let email_lower = email.trim().to_lowercase();
    let now = Utc::now();
    let window = chrono::Duration::minutes(WINDOW_MINUTES);
    // The attempt is on record (as a failure) before the check, so it counts itself and every
    // attempt still in progress: N parallel guesses see each other.
    let attempt = db::login_attempts::begin(pool, &email_lower, ip).await?;
    let f = db::login_attempts::failures_since(pool, &email_lower, ip, now - window).await?;
    for (count, max, oldest) in
        [(f.by_email, MAX_FAILURES_PER_EMAIL, f.oldest_by_email), (f.by_ip, MAX_FAILURES_PER_IP, f.oldest_by_ip)]
    {
        if count > max {
            db::login_attempts::forget(pool, attempt).await?;
            return Err(AppError::TooManyRequests { minutes: minutes_until(oldest.unwrap_or(now) + window, now) });
        }
    }
    let creds = Credentials { email: email.trim().to_string(), password: password.to_string() };
    let user = auth.authenticate(creds).await.map_err(AppError::internal)?;
    let user = user.ok_or(AppError::BadCredentials)?;
    db::login_attempts::succeeded(pool, attempt).await?;
    // axum-login cycles the session id here, so a session id seen before login is worthless.
    auth.login(&user).await.map_err(AppError::internal)?;
    Ok(user)
}

/// Whole minutes (at least 1) until `when`, rounded up, for "try again in N minutes".
fn minutes_until(when: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let secs = (when - now).num_seconds().max(1);
    (secs + 59) / 60
}

pub async fn logout(auth: &mut AuthSession) -> Result<(), AppError> {
    auth.logout().await.map_err(AppError::internal)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_round_up_and_never_say_zero() {
        let now = Utc::now();
        assert_eq!(minutes_until(now + chrono::Duration::seconds(61), now), 2);
        assert_eq!(minutes_until(now + chrono::Duration::minutes(15), now), 15);
        assert_eq!(minutes_until(now - chrono::Duration::seconds(5), now), 1);
    }
}
