//! File → Export PDF… and File → Export SVG / draw.io / CSV / Excel: the same files as
//! `zoneplan report` and `zoneplan export` (`report::write_report`, `interop::write_export`),
//! written on a worker thread from a copy of the model (and of the loaded requirement texts),
//! so the window keeps repainting and the user keeps editing while a large plant is written.
//! The editor polls the job once per frame; the worker asks for a repaint when it is done.
//!
//! Both writers are atomic: a failed export leaves no file (and an earlier file at the path as
//! it was).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;

use crate::catalog::Texts;
use crate::interop::Format;
use crate::model::Model;
use crate::report::{self, Options, Paper};

/// What an export job writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Report,
    Interop(Format),
}

impl Kind {
    /// What the status bar and the messages call it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Interop(f) => f.label(),
        }
    }
}

/// What a finished job wrote.
enum Done {
    Pages(usize),
    Files(Vec<PathBuf>),
}

/// An export being written.
pub struct ExportJob {
    /// Where it goes (a folder for CSV tables).
    pub path: PathBuf,
    pub kind: Kind,
    rx: Receiver<Result<Done, String>>,
    handle: Option<JoinHandle<()>>,
}

/// How an export ended.
#[derive(Debug)]
pub enum Outcome {
    Written {
        path: PathBuf,
        pages: usize,
    },
    /// An SVG, draw.io, CSV or Excel export: the files written.
    Files {
        path: PathBuf,
        format: Format,
        files: Vec<PathBuf>,
    },
    Failed {
        path: PathBuf,
        kind: Kind,
        message: String,
    },
}

impl ExportJob {
    /// Starts rendering the report of `model` to `path` on its own thread; `ctx` is asked to
    /// repaint when the result is there.
    pub fn start(
        model: std::sync::Arc<Model>,
        texts: Option<Texts>,
        paper: Paper,
        path: PathBuf,
        ctx: &egui::Context,
    ) -> Result<Self, String> {
        Self::spawn(Kind::Report, path, ctx, move |target| {
            let options = Options { paper, texts };
            report::write_report(&model, target, &options)
                .map(Done::Pages)
                .map_err(|e| e.to_string())
        })
    }

    /// Starts writing `model` as `format` to `path` on its own thread.
    pub fn start_interop(
        model: std::sync::Arc<Model>,
        format: Format,
        path: PathBuf,
        ctx: &egui::Context,
    ) -> Result<Self, String> {
        Self::spawn(Kind::Interop(format), path, ctx, move |target| {
            crate::interop::write_export(&model, format, target).map(Done::Files)
        })
    }

    fn spawn(
        kind: Kind,
        path: PathBuf,
        ctx: &egui::Context,
        work: impl FnOnce(&Path) -> Result<Done, String> + Send + 'static,
    ) -> Result<Self, String> {
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let target = path.clone();
        let handle = std::thread::Builder::new()
            .name("export".to_owned())
            .spawn(move || {
                let result = work(&target);
                // The editor may have quit meanwhile; then nobody listens.
                let _sent = tx.send(result);
                ctx.request_repaint();
            })
            .map_err(|e| format!("cannot start the export thread: {e}"))?;
        Ok(Self {
            path,
            kind,
            rx,
            handle: Some(handle),
        })
    }

    /// The outcome once the worker is done, else `None`.
    pub fn poll(&mut self) -> Option<Outcome> {
        let path = self.path.clone();
        let outcome = match (self.rx.try_recv(), self.kind) {
            (Err(TryRecvError::Empty), _) => return None,
            (Ok(Ok(Done::Pages(pages))), _) => Outcome::Written { path, pages },
            (Ok(Ok(Done::Files(files))), Kind::Interop(format)) => Outcome::Files {
                path,
                format,
                files,
            },
            (Ok(Ok(Done::Files(files))), Kind::Report) => Outcome::Written {
                path,
                pages: files.len(),
            },
            (Ok(Err(message)), kind) => Outcome::Failed {
                path,
                kind,
                message,
            },
            (Err(TryRecvError::Disconnected), kind) => Outcome::Failed {
                message: format!("{}: the export stopped unexpectedly", path.display()),
                path,
                kind,
            },
        };
        self.join();
        Some(outcome)
    }

    /// Blocks until the worker has finished (on quit, so no temporary file is left behind).
    pub fn wait(mut self) {
        self.join();
    }

    fn join(&mut self) {
        if let Some(h) = self.handle.take() {
            // A panic in the worker already showed as `Disconnected`.
            let _joined = h.join();
        }
    }
}

/// The file name the export dialog suggests: the model file's stem, else `fallback_stem`
/// (the editor passes the name it would suggest for saving), with `.pdf`.
pub fn suggested_pdf_name(model_path: Option<&Path>, fallback_stem: &str) -> String {
    let stem = model_path
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback_stem.to_owned());
    format!("{stem}.pdf")
}

/// The path the user chose, with `.pdf` added when it has no extension.
pub fn with_pdf_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension("pdf")
    } else {
        path
    }
}

/// A `file://` URL for `path` (made absolute) that viewers and browsers accept: everything
/// but unreserved characters, `/` and `:` is percent-encoded, so names with spaces, `#`, `?`
/// or non-ASCII letters open the right file. Windows separators become `/`.
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    let bytes = abs.as_os_str().as_encoded_bytes();
    if bytes.first().is_some_and(|b| *b != b'/' && *b != b'\\') {
        // `C:\…` -> `file:///C:/…`
        url.push('/');
    }
    for &b in bytes {
        match b {
            b'\\' => url.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                url.push(char::from(b));
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_names() {
        assert_eq!(
            suggested_pdf_name(Some(Path::new("/plans/water-works.ron")), "model"),
            "water-works.pdf"
        );
        assert_eq!(suggested_pdf_name(None, "water-works"), "water-works.pdf");
        assert_eq!(
            with_pdf_extension(PathBuf::from("/tmp/report")),
            PathBuf::from("/tmp/report.pdf")
        );
        assert_eq!(
            with_pdf_extension(PathBuf::from("/tmp/report.PDF")),
            PathBuf::from("/tmp/report.PDF")
        );
    }

    #[cfg(unix)]
    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/Plant A #2/report ä.pdf")),
            "file:///tmp/Plant%20A%20%232/report%20%C3%A4.pdf"
        );
        assert_eq!(
            file_url(Path::new("/a/b-c_d~e.pdf")),
            "file:///a/b-c_d~e.pdf"
        );
        let rel = file_url(Path::new("out.pdf"));
        assert!(
            rel.starts_with("file:///") && rel.ends_with("/out.pdf"),
            "{rel}"
        );
    }

    /// Polls `job` until it is done (bounded: a minute).
    fn finish(mut job: ExportJob) -> Outcome {
        for _ in 0..6000 {
            if let Some(outcome) = job.poll() {
                return outcome;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the export did not finish within a minute");
    }

    #[test]
    fn a_failed_export_reports_the_path_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("r.pdf");
        let ctx = egui::Context::default();
        let job = ExportJob::start(
            std::sync::Arc::default(),
            None,
            Paper::A4,
            path.clone(),
            &ctx,
        )
        .unwrap();
        match finish(job) {
            Outcome::Failed {
                path: p,
                kind,
                message,
            } => {
                assert_eq!(p, path);
                assert_eq!(kind, Kind::Report);
                assert!(message.contains("r.pdf"), "{message}");
            }
            other => panic!("wrote into a missing folder: {other:?}"),
        }
        assert!(!path.exists());
    }

    #[test]
    fn an_interop_export_runs_off_the_calling_thread_and_lists_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tables");
        let ctx = egui::Context::default();
        let job =
            ExportJob::start_interop(std::sync::Arc::default(), Format::Csv, path.clone(), &ctx)
                .unwrap();
        assert_eq!(job.kind.label(), Format::Csv.label());
        match finish(job) {
            Outcome::Files {
                path: p,
                format,
                files,
            } => {
                assert_eq!((p, format), (path.clone(), Format::Csv));
                assert!(files.len() >= 5, "{files:?}");
                assert!(files.iter().all(|f| f.starts_with(&path) && f.is_file()));
            }
            other => panic!("{other:?}"),
        }
    }
}
