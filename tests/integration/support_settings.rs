//! Admin → support settings (admins and managers): the calendar, holidays, SLA targets, assignment rule and ticket
//! settings saved in one form; every bad field named and nothing changed; a saved calendar moves
//! the stored due times of the open tickets at once; a new target applies to new tickets only.
use crate::common::*;
use crate::orders::setup;
use crate::tickets::{get_ticket, open_ticket, time};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The whole form as the page posts it: the defaults with `extra` fields over them (an empty
/// value leaves a checkbox out, as a browser does).
fn form(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("timezone", "UTC"),
        ("day1", "on"),
        ("day2", "on"),
        ("day3", "on"),
        ("day4", "on"),
        ("day5", "on"),
        ("work_start", "09:00"),
        ("work_end", "17:00"),
        ("holidays", ""),
        ("assignment", "fewest_open"),
        ("auto_close_days", "7"),
        ("link_days", "90"),
    ]
    .iter()
    .map(|(k, v)| (format!("form[{k}]"), v.to_string()))
    .collect();
    let policies = [
        ("urgent", "60", "480", "on"),
        ("high", "240", "960", ""),
        ("medium", "480", "2400", ""),
        ("low", "960", "4800", ""),
    ];
    for (i, (p, first, resolution, all_day)) in policies.into_iter().enumerate() {
        for (f, v) in [
            ("priority", p),
            ("first_response_minutes", first),
            ("resolution_minutes", resolution),
            ("all_day", all_day),
        ] {
            form.push((format!("form[policies][{i}][{f}]"), v.to_string()));
        }
    }
    for (k, v) in extra {
        form.retain(|(fk, _)| fk != k);
        form.push((k.to_string(), v.to_string()));
    }
    form.retain(|(k, v)| !v.is_empty() || k.ends_with("[holidays]"));
    form
}

async fn save(app: &TestApp, web: &reqwest::Client, form: &[(String, String)]) -> (StatusCode, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(web, "save_support_settings", &pairs).await
}

async fn view(app: &TestApp, web: &reqwest::Client) -> Value {
    let (status, v) = app.call(web, "get_support_settings", &[]).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["settings"].clone()
}

#[tokio::test]
async fn the_defaults_show_and_every_bad_field_is_named_without_changing_anything() {
    let app = spawn().await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let before = view(&app, &web).await;
    assert_eq!(
        (before["timezone"].as_str(), &before["work_days"], before["work_start"].as_str(), before["work_end"].as_str()),
        (Some("UTC"), &json!([true, true, true, true, true, false, false]), Some("09:00"), Some("17:00"))
    );
    assert_eq!((before["assignment"].as_str(), before["auto_close_days"].as_i64()), (Some("fewest_open"), Some(7)));
    let priorities: Vec<&str> =
        before["policies"].as_array().unwrap().iter().map(|p| p["priority"].as_str().unwrap()).collect();
    assert_eq!(priorities, ["urgent", "high", "medium", "low"]);

    let bad = form(&[
        ("form[timezone]", "Mars/Olympus_Mons"),
        ("form[work_start]", "18:00"),
        ("form[holidays]", "2026-12-25 Christmas\nBoxing Day"),
        ("form[assignment]", "lottery"),
        ("form[auto_close_days]", "0"),
        ("form[policies][1][first_response_minutes]", "2000"),
    ]);
    let (status, body) = save(&app, &web, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for field in ["work_end", "holidays", "assignment", "auto_close_days", "resolution_high"] {
        assert!(body["fields"][field].is_array(), "{field}: {body}");
    }
    assert_eq!(body["fields"]["holidays"][0], "line 2: must start with a date such as 2026-12-25");
    // The zone is checked once the rest is right, against the zone database.
    let (status, body) = save(&app, &web, &form(&[("form[timezone]", "Mars/Olympus_Mons")])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["timezone"][0].as_str().unwrap().starts_with("is not a time zone name"), "{body}");
    let (status, body) = save(
        &app,
        &web,
        &form(&[("form[day1]", ""), ("form[day2]", ""), ("form[day3]", ""), ("form[day4]", ""), ("form[day5]", "")]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["work_days"][0], "must include at least one working day");
    assert_eq!(view(&app, &web).await, before, "refused saves change nothing");

    // Admins and managers change them; support works under them.
    app.create_user("sam@test.example", "Sam Support", "support").await;
    let sam = app.logged_in("sam@test.example").await;
    let (status, _) = save(&app, &sam, &form(&[])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get_html(&sam, "/admin/support").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_saved_calendar_moves_open_tickets_due_times_and_new_targets_apply_to_new_tickets() {
    let app = spawn().await;
    let s = setup(&app).await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let old = open_ticket(&app, &s.token, s.account, json!({"priority": "medium"})).await;
    let old_due = time(&old["resolution_due_at"]).unwrap();

    // Every day of the week, around the clock but for a minute, in Tokyo; a holiday; new targets.
    let saved = form(&[
        ("form[timezone]", "Asia/Tokyo"),
        ("form[day6]", "on"),
        ("form[day7]", "on"),
        ("form[work_start]", "00:00"),
        ("form[work_end]", "23:59"),
        ("form[holidays]", "2027-01-01 New Year's Day\n2026-12-31\n"),
        ("form[assignment]", "manual"),
        ("form[auto_close_days]", "3"),
        ("form[link_days]", "30"),
        ("form[policies][2][first_response_minutes]", "30"),
        ("form[policies][2][resolution_minutes]", "120"),
    ]);
    let (status, body) = save(&app, &web, &saved).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v = view(&app, &web).await;
    assert_eq!(
        (v["timezone"].as_str(), &v["work_days"]),
        (Some("Asia/Tokyo"), &json!([true, true, true, true, true, true, true]))
    );
    assert_eq!(v["holidays"], json!([["2026-12-31", "Holiday"], ["2027-01-01", "New Year's Day"]]), "sorted, named");
    assert_eq!(
        (v["assignment"].as_str(), v["auto_close_days"].as_i64(), v["link_days"].as_i64()),
        (Some("manual"), Some(3), Some(30))
    );
    assert_eq!(
        (v["policies"][2]["first_response_minutes"].as_i64(), v["policies"][2]["resolution_minutes"].as_i64()),
        (Some(30), Some(120))
    );

    // The open ticket keeps its 2400-minute target, now counted nearly round the clock: due
    // sooner than in 8-hour weekdays.
    let t = get_ticket(&app, &s.token, &old["id"]).await;
    let new_due = time(&t["resolution_due_at"]).unwrap();
    assert!(new_due < old_due, "{new_due} should be before {old_due}");
    let targets: (i64, i64) =
        sqlx::query_as("SELECT sla_first_response_minutes, sla_resolution_minutes FROM tickets WHERE id = $1")
            .bind(old["id"].as_i64().unwrap())
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(targets, (480, 2400));
    let fresh = open_ticket(&app, &s.token, s.account, json!({"priority": "medium"})).await;
    let targets: (i64, i64) =
        sqlx::query_as("SELECT sla_first_response_minutes, sla_resolution_minutes FROM tickets WHERE id = $1")
            .bind(fresh["id"].as_i64().unwrap())
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(targets, (30, 120), "a new ticket takes the new targets");

    let (_, html) = app.get_html(&web, "/admin/support").await;
    assert!(html.contains("Asia/Tokyo") && html.contains("New Year"), "the page shows what was saved");
    assert!(html.contains("1 open tickets"), "the history says how many clocks moved");
}
