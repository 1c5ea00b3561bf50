//! `zoneplan catalog [--format json|text]`: the requirement catalog the analysis uses.

use std::process::ExitCode;

use serde::Serialize;

use crate::catalog::{CR_EDITION, SR_EDITION, catalog};

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
    system_requirements: Vec<Sr<'a>>,
    component_requirements: Vec<Cr<'a>>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let c = catalog();
    match args.format {
        Format::Json => {
            let out = Out {
                system_requirements: c
                    .system
                    .iter()
                    .map(|r| Sr {
                        id: &r.id,
                        fr: r.fr.number(),
                        title: &r.title,
                        level: r.level.get(),
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
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        Format::Text => {
            println!("{SR_EDITION}: system requirements (level = lowest SL that requires it)");
            for r in &c.system {
                println!(
                    "  {:<14} FR{}  SL{}  {}",
                    r.id,
                    r.fr.number(),
                    r.level,
                    r.title
                );
            }
            println!();
            println!("{CR_EDITION}: component requirements");
            for r in &c.component {
                println!(
                    "  {:<16} FR{}  SL{}  {:<3}  {}",
                    r.id,
                    r.fr.number(),
                    r.level,
                    r.applies_to.key(),
                    r.title
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
