//! `zoneplan catalog [--format json|text]`: the requirement catalog the analysis uses.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use crate::catalog::{ALLOCATION_HEURISTIC, CR_EDITION, SR_EDITION, catalog};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct Sr<'a> {
    id: &'a str,
    fr: u8,
    title: &'a str,
    level: u8,
    /// From the allocation table (a heuristic of this tool).
    counterpart: &'a [String],
    scope: &'static str,
    providers: Vec<&'static str>,
    service: Option<&'static str>,
    applicability: Option<&'a str>,
}

#[derive(Serialize)]
struct Cr<'a> {
    id: &'a str,
    fr: u8,
    title: &'a str,
    applies_to: &'static str,
    level: u8,
}

#[derive(Serialize)]
struct Out<'a> {
    allocation_heuristic: &'static str,
    system_requirements: Vec<Sr<'a>>,
    component_requirements: Vec<Cr<'a>>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let c = catalog();
    match args.format {
        Format::Json => {
            let out = Out {
                allocation_heuristic: ALLOCATION_HEURISTIC,
                system_requirements: c
                    .system
                    .iter()
                    .map(|r| Sr {
                        id: &r.id,
                        fr: r.fr.number(),
                        title: &r.title,
                        level: r.level.get(),
                        counterpart: &r.counterpart,
                        scope: r.scope.key(),
                        providers: r.providers.iter().map(|p| p.key()).collect(),
                        service: r.service.map(|s| s.key()),
                        applicability: r
                            .condition
                            .and_then(|(_, k)| c.applicability.get(k))
                            .map(|a| a.reason.as_str()),
                    })
                    .collect(),
                component_requirements: c
                    .component
                    .iter()
                    .map(|r| Cr {
                        id: &r.id,
                        fr: r.fr.number(),
                        title: &r.title,
                        applies_to: r.applies_to.key(),
                        level: r.level.get(),
                    })
                    .collect(),
            };
            let mut text = serde_json::to_string_pretty(&out)?;
            text.push('\n');
            super::write_stdout(&text)?;
        }
        Format::Text => {
            let mut text = String::new();
            writeln!(
                text,
                "{SR_EDITION}: system requirements (level = lowest SL that requires it)"
            )?;
            writeln!(text, "Scope and providers: {ALLOCATION_HEURISTIC}")?;
            for r in &c.system {
                let providers: Vec<&str> = r
                    .providers
                    .iter()
                    .map(|p| match (p, r.service) {
                        (crate::catalog::Provider::Service, Some(s)) => s.key(),
                        _ => p.key(),
                    })
                    .collect();
                writeln!(
                    text,
                    "  {:<14} FR{}  SL{}  {:<7}  {:<34}  {}",
                    r.id,
                    r.fr.number(),
                    r.level,
                    r.scope.key(),
                    providers.join(" "),
                    r.title
                )?;
            }
            text.push('\n');
            writeln!(text, "{CR_EDITION}: component requirements")?;
            for r in &c.component {
                writeln!(
                    text,
                    "  {:<16} FR{}  SL{}  {:<3}  {}",
                    r.id,
                    r.fr.number(),
                    r.level,
                    r.applies_to.key(),
                    r.title
                )?;
            }
            super::write_stdout(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
