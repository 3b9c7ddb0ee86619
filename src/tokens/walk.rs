//! Finding the files under a folder or matching a glob, each real file once.
//!
//! Symbolic links are followed, so a corpus may link to files kept elsewhere, but a link that
//! leads back to a folder being walked (a loop) is reported and not entered: `walkdir` compares
//! each folder with its ancestors, so a folder holding two links to itself ends instead of
//! growing without bound. A file reached twice (through a link, a hard link or two arguments) is
//! counted once, at the first path in sorted order (and argument order). Entries that are neither regular files nor
//! folders (FIFOs, devices, sockets) and broken links are reported and passed over: reading a
//! FIFO found in a corpus could block for ever. Walks return every path they reach; [`Seen`]
//! drops the second path to a file.
//!
//! Globs are matched by `glob::Pattern` on the paths this walk finds below the pattern's literal
//! base, rather than by `glob::glob`, whose `**` follows links into loops.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// One entry found by a walk: a file to read, or one passed over with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular file (or a link to one), not reached before.
    File(PathBuf),
    /// Something that is not read, with the reason (`a symbolic link loop…`).
    Passed(PathBuf, String),
}

impl Found {
    /// The path, as the walk reached it.
    pub fn path(&self) -> &Path {
        match self {
            Found::File(p) | Found::Passed(p, _) => p,
        }
    }
}

/// The identity of a file on disk, the same for every path that reaches it.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

/// Files already found, across all the arguments of one command.
#[derive(Debug, Default)]
pub struct Seen(HashSet<FileId>);

impl Seen {
    /// Records the file at `path`; false if it was seen before. A file whose identity cannot be
    /// read is taken as new (reading it will report the problem).
    pub fn first_time(&mut self, path: &Path) -> bool {
        file_id(path).is_none_or(|id| self.0.insert(id))
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<FileId> {
    std::fs::canonicalize(path).ok()
}

/// Every file under `dir`, sorted by path, hidden entries (names starting with `.`) left out.
pub fn folder(dir: &Path) -> Result<Vec<Found>> {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    gather(walker, dir, usize::MAX, |_| true)
}

/// The files matching `pattern`, sorted.
///
/// `*`, `?` and `[…]` stay within one path component and `**` spans any number, as in
/// `glob::glob`; unlike folders, names starting with `.` are matched too.
pub fn glob(pattern: &str) -> Result<Vec<Found>> {
    let invalid = |e: glob::PatternError| Error::BadGlob {
        pattern: pattern.to_string(),
        reason: e.to_string(),
    };
    // Validate the whole pattern first, so an error names what the user wrote.
    glob::Pattern::new(pattern).map_err(invalid)?;
    let (base, rest) = split_glob(pattern);
    let matcher = glob::Pattern::new(&rest).map_err(invalid)?;
    let root = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &base
    };
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let depth = if rest.split('/').any(|c| c == "**") {
        usize::MAX
    } else {
        rest.split('/').count()
    };
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1)
        .max_depth(depth);
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    let found = gather(walker.into_iter(), root, depth, |relative| {
        matcher.matches_path_with(relative, options)
    })?;
    // Paths are shown as the pattern spelt its base: `*.txt` finds `a.txt`, not `./a.txt`.
    Ok(found
        .into_iter()
        .map(|f| {
            let shown = |p: PathBuf| match p.strip_prefix(root) {
                Ok(rel) => base.join(rel),
                Err(_) => p,
            };
            match f {
                Found::File(p) => Found::File(shown(p)),
                Found::Passed(p, why) => Found::Passed(shown(p), why),
            }
        })
        .collect())
}

/// Splits a glob into its leading components without wildcards and the rest, joined by `/`.
fn split_glob(pattern: &str) -> (PathBuf, String) {
    let mut base = PathBuf::new();
    let mut rest = Vec::new();
    for c in Path::new(pattern).components() {
        let text = c.as_os_str().to_string_lossy();
        if rest.is_empty() && !text.contains(['*', '?', '[']) {
            base.push(c);
        } else {
            rest.push(match c {
                Component::Normal(_) => text.into_owned(),
                other => other.as_os_str().to_string_lossy().into_owned(),
            });
        }
    }
    (base, rest.join("/"))
}

/// Runs a walk from `root` that goes `depth` levels down, keeping the regular files whose path
/// relative to `root` passes `keep`, sorted by path.
fn gather(
    walker: impl Iterator<Item = walkdir::Result<walkdir::DirEntry>>,
    root: &Path,
    depth: usize,
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<Found>> {
    let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut found = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if let Some(passed) = passed_over(&e) {
                    // A loop matters only where the walk would have gone into it.
                    let relevant = if e.loop_ancestor().is_some() {
                        e.depth() < depth
                    } else {
                        keep(&relative(passed.path()))
                    };
                    if relevant {
                        found.push(passed);
                    }
                    continue;
                }
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                return Err(match e.into_io_error() {
                    Some(source) => Error::Io { path, source },
                    None => Error::Invalid {
                        path: path.display().to_string(),
                        line: None,
                        column: None,
                        message: "cannot walk this folder".into(),
                    },
                });
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !keep(&relative(entry.path())) {
            continue;
        }
        let path = entry.into_path();
        if kind.is_file() {
            found.push(Found::File(path));
        } else {
            let why = format!("{}; only regular files are counted", not_regular(&kind));
            found.push(Found::Passed(path, why));
        }
    }
    found.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(found)
}

/// A walk error that means "pass this entry over" (a loop, a broken link), as a [`Found`].
fn passed_over(e: &walkdir::Error) -> Option<Found> {
    let path = e.path()?.to_path_buf();
    if let Some(ancestor) = e.loop_ancestor() {
        let why = format!(
            "a symbolic link loop: it leads back to `{}`, which is not walked again",
            ancestor.display()
        );
        return Some(Found::Passed(path, why));
    }
    let broken = e
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    broken.then(|| {
        let target = std::fs::read_link(&path)
            .map(|t| format!(" (to `{}`)", t.display()))
            .unwrap_or_default();
        Found::Passed(path, format!("a broken symbolic link{target}"))
    })
}

/// What a file that is not a regular one is, in words.
#[cfg(unix)]
pub(super) fn not_regular(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe), not a regular file"
    } else if kind.is_socket() {
        "a socket, not a regular file"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device, not a regular file"
    } else {
        "not a regular file"
    }
}

/// What a file that is not a regular one is, in words.
#[cfg(not(unix))]
pub(super) fn not_regular(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glob_splits_at_its_first_wildcard_component() {
        assert_eq!(
            split_glob("tests/fixtures/text/*.txt"),
            (PathBuf::from("tests/fixtures/text"), "*.txt".to_string())
        );
        assert_eq!(split_glob("*.txt"), (PathBuf::new(), "*.txt".to_string()));
        assert_eq!(
            split_glob("/srv/a*/b/**/c?.md"),
            (PathBuf::from("/srv"), "a*/b/**/c?.md".to_string())
        );
        assert_eq!(
            split_glob("docs/[ab]/x"),
            (PathBuf::from("docs"), "[ab]/x".to_string())
        );
    }
}
