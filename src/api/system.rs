//! Admin: the email outbox and scheduled job runs; the dashboard's system figures.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub status: crate::model::outbox::OutboxStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// When a queued message that failed is tried again.
    pub next_attempt_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    pub holder: String,
    pub started_at: String,
    pub seconds: Option<f64>,
    pub ok: Option<bool>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub users_by_role: Vec<(String, i64)>,
    pub outbox_by_status: Vec<(crate::model::outbox::OutboxStatus, i64)>,
    pub smtp_configured: bool,
    pub engine: String,
}

#[cfg(feature = "ssr")]
use crate::model::display::datetime_seconds as when;

#[server(prefix = "/fn", endpoint = "list_outbox")]
pub async fn list_outbox(status: Option<String>, before: Option<i64>) -> Result<Vec<OutboxItem>, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let rows = crate::server::service::system::outbox(&state.pool, &actor, status.as_deref(), before).await?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxItem {
                id: r.id,
                to_addr: r.to_addr,
                subject: r.subject,
                body_text: r.body_text,
                status: r.status,
                attempts: r.attempts,
                last_error: r.last_error,
                created_at: when(r.created_at),
                sent_at: r.sent_at.map(when),
                next_attempt_at: r.next_attempt_at.map(when),
            })
            .collect())
    })
    .await
}

/// Admin's Retry of a failed email (the outbox page's button); back to the outbox with a note.
#[server(prefix = "/fn", endpoint = "retry_outbox")]
pub async fn retry_outbox(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let status = crate::server::service::outbox::retry(&state, &actor, id).await?;
        let note = if status == crate::model::outbox::OutboxStatus::Queued {
            "Email queued again: it goes out with the next delivery run."
        } else {
            "Email held again: no SMTP server is configured."
        };
        super::ssr::done(note.into(), &format!("/admin/outbox?status={status}")).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/fn", endpoint = "list_job_runs")]
pub async fn list_job_runs() -> Result<Vec<JobRun>, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        Ok(crate::server::service::system::job_runs(&state.pool, &actor)
            .await?
            .into_iter()
            .map(|r| JobRun {
                id: r.id,
                job: r.job,
                holder: r.holder,
                seconds: r.finished_at.map(|f| (f - r.started_at).num_milliseconds() as f64 / 1000.0),
                started_at: when(r.started_at),
                ok: r.ok,
                message: r.message,
            })
            .collect())
    })
    .await
}

#[server(prefix = "/fn", endpoint = "system_overview")]
pub async fn system_overview() -> Result<Overview, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let o = crate::server::service::system::overview(&state.pool, &actor).await?;
        Ok(Overview {
            users_by_role: o.users_by_role,
            outbox_by_status: o.outbox_by_status,
            smtp_configured: state.mailer.has_smtp(),
            engine: crate::server::db::ENGINE.to_string(),
        })
    })
    .await
}
