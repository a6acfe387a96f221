//! The command line (docs/api.md): serve, migrate, seed-demo, run-jobs, create-admin, create-api-token.
use super::config::Config;
use super::{db, seed, service};
use crate::model::user::NewUser;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "aftersale",
    version,
    about = "Aftersale: the post-sales system (configure with environment variables, see README)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Add the demo users; with --scale N also N generated records for benchmarks.
    SeedDemo {
        #[arg(long, default_value_t = 0)]
        scale: u64,
    },
    /// Run every scheduled job once now, as on the given day (catch-up after downtime; tests of
    /// date-driven work): renewals, dunning, SLA breaches, auto-close, mail delivery, housekeeping.
    RunJobs {
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Create an administrator.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Create an API token for a user and print it (once) on stdout.
    CreateApiToken {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

/// Runs the command; `Err` is a message for stderr and a non-zero exit.
pub async fn run(cli: Cli, config: Config) -> Result<(), String> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            if config.demo_on_empty {
                let state = super::prepare(config.clone()).await?;
                if seed::seed_if_empty(&state).await.map_err(|e| e.to_string())? {
                    print_demo_logins(&config);
                }
            }
            super::run(config).await
        }
        Command::Migrate => {
            let pool = db::connect(&config).await?;
            super::migrate(&pool).await?;
            eprintln!("migrations applied ({})", db::ENGINE);
            Ok(())
        }
        Command::SeedDemo { scale } => {
            let state = super::prepare(config.clone()).await?;
            let msg = seed::seed_demo(&state, scale).await.map_err(|e| e.to_string())?;
            eprintln!("{msg}");
            print_demo_logins(&config);
            Ok(())
        }
        Command::RunJobs { today } => {
            let state = super::prepare(config).await?;
            let now = chrono::Utc::now();
            let at = today.map(|d| d.and_time(now.time()).and_utc()).unwrap_or(now);
            let mut failed = 0;
            for (name, result) in super::jobs::run_all_once(&state, at).await {
                match result {
                    Ok(m) => eprintln!("{name}: {m}"),
                    Err(e) => {
                        failed += 1;
                        eprintln!("{name}: failed: {e}");
                    }
                }
            }
            if failed > 0 {
                return Err(format!("{failed} job(s) failed"));
            }
            Ok(())
        }
        Command::CreateAdmin { email, password, name } => {
            let state = super::prepare(config).await?;
            let input = NewUser::parse(&email, &name, "admin", &password).map_err(field_errors)?;
            let user = service::users::create(&state.pool, None, input).await.map_err(message)?;
            eprintln!("created administrator {} (id {})", user.email, user.id);
            Ok(())
        }
        Command::CreateApiToken { email, name } => {
            let state = super::prepare(config).await?;
            let user = db::users::by_email(&state.pool, &email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no user with email {email}"))?;
            let token = service::tokens::create(&state, None, user.id, &name).await.map_err(message)?;
            println!("{token}");
            Ok(())
        }
    }
}

/// An error as the command line says it: field errors name the flag.
fn message(e: crate::error::AppError) -> String {
    match e {
        crate::error::AppError::Validation { fields } => field_errors(fields),
        other => other.to_string(),
    }
}

fn field_errors(e: crate::model::validate::FieldErrors) -> String {
    e.0.iter().map(|(f, msgs)| format!("--{f} {}", msgs.join(", "))).collect::<Vec<_>>().join("; ")
}

fn print_demo_logins(config: &Config) {
    eprintln!(
        "\nAftersale demo is ready at {}\nSign in with any of these (password: {}):",
        config.base_url,
        seed::DEMO_PASSWORD
    );
    for (email, _, role) in seed::DEMO_USERS {
        eprintln!("  {email:<24} {}", role.label());
    }
    eprintln!();
}
