//! Turning the command line's `PATH|GLOB|-` arguments into texts to count.
//!
//! A file named directly must be readable UTF-8 text, or the command fails. Files found by
//! walking a folder or expanding a glob that are not UTF-8 are skipped and reported, so one binary
//! file in a corpus does not stop the count; so are symbolic link loops, broken links and entries
//! that are not regular files (`walk.rs`). A glob that matches nothing is an error. Each real file
//! is counted once, however many arguments, links or hard links reach it.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::walk;
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
    /// Why this entry is passed over without being read (a symbolic link loop, a FIFO…), when
    /// that was decided while expanding; it is reported with the other skips.
    pub skip: Option<String>,
}

/// Expands the arguments: `-` is standard input, a folder is walked (sorted, hidden entries
/// skipped), an argument with `*`, `?` or `[` is a glob (which must match a file), anything else a
/// file. A file reached a second time is left out.
pub fn expand(args: &[String]) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    let mut seen = walk::Seen::default();
    for arg in args {
        if arg == "-" {
            sources.push(Source {
                name: "-".into(),
                path: None,
                strict: true,
                skip: None,
            });
        } else if arg.contains(['*', '?', '[']) {
            let matched = walk::glob(arg)?;
            // A file already counted through another argument is still a match.
            if !matched.iter().any(|f| matches!(f, walk::Found::File(_))) {
                // Say what was passed over, or "no files" looks wrong to someone who sees some.
                let passed = match matched.first() {
                    Some(walk::Found::Passed(p, why)) => {
                        format!(" (passed over `{}`: {why})", p.display())
                    }
                    _ => String::new(),
                };
                return Err(Error::Invalid {
                    path: arg.clone(),
                    line: None,
                    column: None,
                    message: format!("the glob matches no files{passed}"),
                });
            }
            add_found(matched, &mut seen, &mut sources);
        } else {
            let path = Path::new(arg);
            let meta = std::fs::metadata(path).ok();
            if path.is_dir() {
                let found = walk::folder(path)?;
                // An empty folder would count as 0 tokens and cost $0 with exit 0.
                if found.is_empty() {
                    return Err(Error::NoFiles(arg.clone()));
                }
                add_found(found, &mut seen, &mut sources);
            } else if let Some(kind) = meta.filter(|m| !m.is_file()).map(|m| m.file_type()) {
                // Reading a FIFO blocks until a writer comes; /dev/zero never ends.
                return Err(Error::Invalid {
                    path: arg.clone(),
                    line: None,
                    column: None,
                    message: format!(
                        "{}; burnrate reads regular files, or standard input as `-`",
                        walk::not_regular(&kind)
                    ),
                });
            } else if seen.first_time(path) {
                sources.push(Source {
                    name: arg.clone(),
                    path: Some(path.to_path_buf()),
                    strict: true,
                    skip: None,
                });
            }
        }
    }
    Ok(sources)
}

/// Adds a walk's entries (sorted, so the first path to a file is the one kept whatever order the
/// walk took), leaving out files already seen.
fn add_found(found: Vec<walk::Found>, seen: &mut walk::Seen, sources: &mut Vec<Source>) {
    for f in found {
        let (path, skip) = match f {
            walk::Found::File(p) if seen.first_time(&p) => (p, None),
            walk::Found::File(_) => continue,
            walk::Found::Passed(p, why) => (p, Some(why)),
        };
        sources.push(Source {
            name: path.display().to_string(),
            path: Some(path),
            strict: false,
            skip,
        });
    }
}

/// Reads every argument into memory (for small inputs: workload samples, calibration files);
/// the `tokens` command streams instead.
pub fn collect(args: &[String], stdin: &mut dyn Read) -> Result<(Vec<Input>, Vec<Skipped>)> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for source in expand(args)? {
        if let Some(reason) = source.skip {
            skipped.push(Skipped {
                name: source.name,
                reason,
            });
            continue;
        }
        let Some(path) = &source.path else {
            let bytes = read_bounded(&mut *stdin, "-")?;
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

/// The largest text read whole (workload samples, calibration samples, standard input there):
/// such texts are prompts and outputs, and reading without a limit lets one wrong path take the
/// machine's memory. `burnrate tokens` streams instead and has no such limit.
pub const MAX_WHOLE_BYTES: u64 = 64 << 20;

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_bounded(file, &path.display().to_string())
}

/// Reads `reader` whole, refusing more than [`MAX_WHOLE_BYTES`].
fn read_bounded(reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_WHOLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: PathBuf::from(name),
            source,
        })?;
    if bytes.len() as u64 > MAX_WHOLE_BYTES {
        return Err(Error::Invalid {
            path: name.to_string(),
            line: None,
            column: None,
            message: format!(
                "larger than {} MiB, the most burnrate reads whole for a sample; count large \
                 texts with `burnrate tokens`, which streams",
                MAX_WHOLE_BYTES >> 20
            ),
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_read_stops_past_its_limit() {
        // An endless reader (what `system_file: /dev/zero` was) ends at the limit with an error.
        let err = read_bounded(std::io::repeat(b'a'), "endless").unwrap_err();
        assert_eq!(
            err.to_string(),
            "endless: larger than 64 MiB, the most burnrate reads whole for a sample; count \
             large texts with `burnrate tokens`, which streams"
        );
        assert_eq!(read_bounded(&b"short"[..], "s").unwrap(), b"short");
    }
}
