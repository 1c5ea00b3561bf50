//! `zoneplan report`: PDF (or, with `--format html`, HTML) reports, one model to one file
//! (`-o OUT.pdf`) or many models (files or folders of `*.ron`) to a folder (`--out-dir DIR`),
//! in parallel on all cores.
//!
//! Each PDF is written atomically, so a failure never leaves a half-written file. A model that
//! cannot be read or rendered is reported (with file:line:column when it is a syntax error)
//! and does not stop the others. Exit code 1 when any model failed, 2 for bad usage.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::persistence;
use crate::report::{self, Options, Paper};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Models (`.ron` files) or folders: every `*.ron` in a folder, sorted by name.
    #[arg(required = true, value_name = "MODEL")]
    pub models: Vec<PathBuf>,
    /// The PDF to write, for a single model.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT.pdf",
        conflicts_with = "out_dir"
    )]
    pub output: Option<PathBuf>,
    /// A folder for one PDF per model, named after the model (`plant.ron` -> `DIR/plant.pdf`).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// Requirement texts you own (RON map or `id,text` CSV); the appendix then shows them.
    #[arg(long, value_name = "FILE")]
    pub texts: Option<PathBuf>,
    /// `pdf`, or `html`: one self-contained file for reading on screen (diagram as SVG).
    #[arg(long, value_enum, default_value_t = FormatArg::Pdf)]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Pdf,
    Html,
}

impl FormatArg {
    fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Html => "html",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
    A3,
}

impl From<PaperArg> for Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => Self::A4,
            PaperArg::Letter => Self::Letter,
            PaperArg::A3 => Self::A3,
        }
    }
}

/// One model to render and where its PDF goes.
struct Job {
    model: PathBuf,
    out: PathBuf,
}

/// `FILE.ron` files and the `*.ron` files of folders, in the order given (folders sorted).
fn expand(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("{}: cannot list the folder", input.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
                .collect();
            found.sort();
            out.extend(found);
        } else {
            // A missing file is the model's own failure, reported with the others.
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn jobs(args: &Args) -> anyhow::Result<Vec<Job>> {
    let models = expand(&args.models)?;
    if models.is_empty() {
        bail!("no models: the folders given hold no `*.ron` files");
    }
    match (&args.output, &args.out_dir) {
        (Some(out), None) => {
            if models.len() != 1 {
                bail!(
                    "-o writes one PDF but {} models were given; use --out-dir DIR for several",
                    models.len()
                );
            }
            Ok(models
                .into_iter()
                .map(|model| Job {
                    model,
                    out: out.clone(),
                })
                .collect())
        }
        (None, Some(dir)) => {
            if dir.exists() && !dir.is_dir() {
                bail!("--out-dir {}: not a folder", dir.display());
            }
            std::fs::create_dir_all(dir).with_context(|| {
                format!("--out-dir {}: cannot create the folder", dir.display())
            })?;
            let mut seen: BTreeMap<PathBuf, &Path> = BTreeMap::new();
            let mut out = Vec::with_capacity(models.len());
            for model in &models {
                let stem = model
                    .file_stem()
                    .with_context(|| format!("{}: not a file name", model.display()))?;
                let pdf = dir.join(Path::new(stem).with_extension(args.format.extension()));
                if let Some(other) = seen.insert(pdf.clone(), model) {
                    bail!(
                        "{} and {} would both be written to {}",
                        other.display(),
                        model.display(),
                        pdf.display()
                    );
                }
                out.push(Job {
                    model: model.clone(),
                    out: pdf,
                });
            }
            Ok(out)
        }
        (Some(_), Some(_)) => bail!("give either -o OUT.pdf or --out-dir DIR, not both"),
        (None, None) => {
            bail!("say where to write: -o OUT.pdf for one model, --out-dir DIR for several")
        }
    }
}

/// Renders one model; the message on failure names the file (and line:column when known).
/// A panic (a bug) fails this model only, not the whole batch.
fn run_job(job: &Job, options: &Options, format: FormatArg) -> Result<usize, String> {
    let work = || {
        let model = persistence::load(&job.model).map_err(|e| e.to_string())?;
        match format {
            FormatArg::Pdf => report::write_report(&model, &job.out, options),
            FormatArg::Html => report::write_html(&model, &job.out, options).map(|()| 1),
        }
        .map_err(|e| format!("{}: {e}", job.model.display()))
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!(
            "{}: internal error while writing the report (please report it): {what}",
            job.model.display()
        ))
    })
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let texts = args
        .texts
        .as_deref()
        .map(crate::persistence::load_texts)
        .transpose()?;
    let options = Options {
        paper: args.paper.into(),
        texts,
    };
    let jobs = jobs(args)?;

    let tty = std::io::stderr().is_terminal() && jobs.len() > 1;
    let bar = tty.then(|| {
        let pb = indicatif::ProgressBar::new(jobs.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {wide_msg}")
        {
            pb.set_style(style);
        }
        pb
    });
    let out = Mutex::new(());
    let say = |line: String, failed: bool| {
        if let Some(pb) = &bar {
            pb.println(line);
            pb.inc(1);
        } else {
            // One line at a time, whole, whichever thread finishes first.
            let _guard = out.lock();
            if failed {
                eprintln!("{line}");
            } else {
                let mut stdout = std::io::stdout().lock();
                // A closed stdout (e.g. `| head`) must not abort the other reports.
                let written = writeln!(stdout, "{line}");
                drop(written);
            }
        }
    };
    let results: Vec<bool> = jobs
        .par_iter()
        .map(|job| match run_job(job, &options, args.format) {
            Ok(pages) => {
                let size = match args.format {
                    FormatArg::Pdf => {
                        format!(" ({pages} page{})", if pages == 1 { "" } else { "s" })
                    }
                    FormatArg::Html => String::new(),
                };
                say(
                    format!(
                        "ok   {} -> {}{size}",
                        job.model.display(),
                        job.out.display()
                    ),
                    false,
                );
                true
            }
            Err(e) => {
                say(format!("FAIL {e}"), true);
                false
            }
        })
        .collect();
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    let failed = results.iter().filter(|ok| !**ok).count();
    if jobs.len() > 1 {
        eprintln!(
            "{} of {} reports written{}",
            jobs.len() - failed,
            jobs.len(),
            if failed > 0 {
                format!(", {failed} failed")
            } else {
                String::new()
            }
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
