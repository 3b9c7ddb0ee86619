//! Turning the command line's `PATH|GLOB|-` arguments into texts to count.
//!
//! A file named directly must be readable UTF-8 text, or the command fails. Files found by
//! walking a folder or expanding a glob that are not UTF-8 are skipped and reported, so one binary
//! file in a corpus does not stop the count. A glob that matches nothing is an error.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One text to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Display name: the path, or `-` for standard input.
    pub name: String,
    /// The path, when the text came from a file.
    pub path: Option<PathBuf>,
    /// The text.
    pub text: String,
}

/// A file passed over, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The path.
    #[serde(rename = "path")]
    pub name: String,
    /// Why (`not UTF-8 text`).
    pub reason: String,
}

/// An input to read: a file (`strict` when named directly) or standard input (no path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Display name: the path, or `-`.
    pub name: String,
    /// The file; `None` for standard input.
    pub path: Option<PathBuf>,
    /// Named directly: a file that is not UTF-8 is an error rather than a skip.
    pub strict: bool,
}

/// Expands the arguments: `-` is standard input, a folder is walked (sorted, hidden entries
/// skipped), an argument with `*`, `?` or `[` is a glob (which must match a file), anything else a
/// file.
pub fn expand(args: &[String]) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    let lenient = |p: PathBuf| Source {
        name: p.display().to_string(),
        path: Some(p),
        strict: false,
    };
    for arg in args {
        if arg == "-" {
            sources.push(Source {
                name: "-".into(),
                path: None,
                strict: true,
            });
        } else if arg.contains(['*', '?', '[']) {
            let paths = glob::glob(arg)
                .map_err(|e| Error::Usage(format!("`{arg}` is not a valid glob: {e}")))?
                .filter_map(std::result::Result::ok)
                .filter(|p| p.is_file())
                .collect::<Vec<_>>();
            if paths.is_empty() {
                return Err(Error::Invalid {
                    path: arg.clone(),
                    line: None,
                    column: None,
                    message: "the glob matches no files".into(),
                });
            }
            sources.extend(paths.into_iter().map(lenient));
        } else {
            let path = Path::new(arg);
            if path.is_dir() {
                let mut files = Vec::new();
                walk(path, &mut files)?;
                files.sort();
                sources.extend(files.into_iter().map(lenient));
            } else {
                sources.push(Source {
                    name: arg.clone(),
                    path: Some(path.to_path_buf()),
                    strict: true,
                });
            }
        }
    }
    Ok(sources)
}

/// Reads every argument into memory (for small inputs: workload samples, calibration files);
/// the `tokens` command streams instead.
pub fn collect(args: &[String], stdin: &mut dyn Read) -> Result<(Vec<Input>, Vec<Skipped>)> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for source in expand(args)? {
        let Some(path) = &source.path else {
            let mut bytes = Vec::new();
            stdin.read_to_end(&mut bytes).map_err(|e| Error::Io {
                path: PathBuf::from("-"),
                source: e,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| not_utf8("-", &e))?;
            inputs.push(Input {
                name: "-".into(),
                path: None,
                text,
            });
            continue;
        };
        match String::from_utf8(read_bytes(path)?) {
            Ok(text) => inputs.push(Input {
                name: source.name,
                path: Some(path.clone()),
                text,
            }),
            Err(e) if source.strict => return Err(not_utf8(&source.name, &e)),
            Err(e) => skipped.push(Skipped {
                name: source.name,
                reason: format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            }),
        }
    }
    Ok((inputs, skipped))
}

fn not_utf8(name: &str, e: &std::string::FromUtf8Error) -> Error {
    Error::Invalid {
        path: name.to_string(),
        line: None,
        column: None,
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); burnrate counts text files only",
            e.utf8_error().valid_up_to()
        ),
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.is_file() {
            files.push(path);
        }
    }
    Ok(())
}
