//! Throughput of burnrate's Claude counter against the cl100k path, in one process so machine
//! noise hits both: `cargo run --release --example claude_bench -- DIR [RUNS] [JOBS] [FAMILIES]`.
//! Each run counts every file under DIR (one message per file) with `tokens::count_with` (the
//! `burnrate tokens` path) in cl100k and in each Claude family; prints each run and the medians.
//! FAMILIES is a comma list of `cl100k`, `v3`, `v4.7` (default all three).

use std::time::Instant;

use burnrate::tokens::claude::{Family, counter};
use burnrate::tokens::method::{ClaudeCount, Counter};
use burnrate::tokens::{count_with, expand, progress::Silent, stream::CHUNK_BYTES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .ok_or("usage: claude_bench DIR [RUNS] [JOBS] [FAMILIES]")?;
    let runs: usize = args.get(1).map_or(Ok(5), |s| s.parse())?;
    let jobs: usize = args.get(2).map_or(Ok(2), |s| s.parse())?;
    let families = args.get(3).map_or("cl100k,v3,v4.7", String::as_str);
    let sources = expand(std::slice::from_ref(dir))?;
    let paths: Vec<_> = sources.iter().filter_map(|s| s.path.clone()).collect();
    let bytes: u64 = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    println!(
        "{} files, {bytes} bytes, {jobs} threads, {runs} runs",
        paths.len()
    );

    for name in ["v3", "v4.7"] {
        let started = Instant::now();
        let c = counter(Family::from_name(name).ok_or("family")?);
        println!(
            "{name} load: {:.1} ms (frame {})",
            started.elapsed().as_secs_f64() * 1e3,
            c.frame()
        );
    }
    let mut times: Vec<(String, Vec<f64>, u64)> = Vec::new();
    for run in 0..runs {
        for name in families.split(',') {
            let started = Instant::now();
            // The `burnrate tokens` path for every counter: one reader, chunks cut where
            // counts add up, a pool of `jobs` threads.
            let which = if name == "cl100k" {
                Counter::Cl100k
            } else {
                Counter::Claude(ClaudeCount {
                    family: Family::from_name(name).ok_or("unknown family")?,
                    trailing_whitespace_free: false,
                })
            };
            let (counted, _) = count_with(
                &[which],
                &sources,
                &mut std::io::empty(),
                CHUNK_BYTES,
                jobs,
                &Silent,
            )?;
            let tokens: u64 = counted.iter().map(|c| c.tokens[0]).sum();
            let secs = started.elapsed().as_secs_f64();
            println!(
                "run {run} {name:7} {tokens:>12} tokens {secs:7.3} s {:7.1} MB/s",
                bytes as f64 / secs / 1e6
            );
            match times.iter_mut().find(|t| t.0 == name) {
                Some(t) => t.1.push(secs),
                None => times.push((name.to_owned(), vec![secs], tokens)),
            }
        }
    }
    println!("medians:");
    let base = times.iter().find(|t| t.0 == "cl100k").map(|t| median(&t.1));
    for (name, secs, tokens) in &times {
        let m = median(secs);
        let vs = base.map_or(String::new(), |b| format!("  {:.2}x cl100k's speed", b / m));
        println!(
            "  {name:7} {tokens:>12} tokens  {m:7.3} s  {:7.1} MB/s{vs}",
            bytes as f64 / m / 1e6
        );
    }
    Ok(())
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
