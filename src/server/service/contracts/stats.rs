//! The dashboard's renewal figures: renewals due in the next 90 days with their value, the
//! renewal rate (renewed ÷ due) and the churned value over the last 12 months, and the annual
//! recurring value of active contracts.
use crate::error::AppError;
use crate::model::contract_view::RenewalOverview;
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};

fn amount(code: &str, minor: i64) -> String {
    match Currency::parse(code) {
        Ok(c) => c.format(c.from_minor(minor)),
        Err(_) => format!("{minor} {code}"),
    }
}

pub async fn overview(pool: &Pool, actor: &Actor) -> Result<RenewalOverview, AppError> {
    overview_on(pool, actor, super::today(), Utc::now()).await
}

/// The figures as on `today` (the tests look at a year that has not happened yet).
pub async fn overview_on(
    pool: &Pool,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<RenewalOverview, AppError> {
    actor.require(Permission::ViewContracts)?;
    let due = db::contracts::stats::due_between(pool, today, today + Duration::days(90)).await?;
    let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let ended = db::contracts::stats::ended_between(pool, year_ago, today, now - Duration::days(365)).await?;
    let count = |pred: &dyn Fn(&str) -> bool| ended.iter().filter(|(o, ..)| pred(o)).map(|(_, _, n, _)| n).sum::<i64>();
    let renewed = count(&|o| o == "renewed");
    let came_due = count(&|_| true);
    Ok(RenewalOverview {
        due_count: due.iter().map(|(_, n, _)| n).sum(),
        due_value: due.iter().map(|(c, _, v)| amount(c, *v)).collect(),
        renewed,
        came_due,
        churned_value: ended.iter().filter(|(o, ..)| o != "renewed").map(|(_, c, _, v)| amount(c, *v)).collect(),
        annual_value: db::contracts::stats::annual_value(pool).await?.iter().map(|(c, v)| amount(c, *v)).collect(),
    })
}
