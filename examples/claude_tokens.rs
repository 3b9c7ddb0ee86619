//! Counts texts with burnrate's Claude counter, for the differential script
//! (`scripts/claude-differential.py`): reads a JSON array of strings on stdin, writes a JSON
//! array of `[v3, v4.7, v4.8]` content counts.

use std::io::Read;

use burnrate::tokens::claude::{Family, content_tokens};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let texts: Vec<String> = serde_json::from_str(&input)?;
    let counts: Vec<[u64; 3]> = texts
        .iter()
        .map(|t| [Family::V3, Family::V4_7, Family::V4_8].map(|f| content_tokens(f, t)))
        .collect();
    println!("{}", serde_json::to_string(&counts)?);
    Ok(())
}
