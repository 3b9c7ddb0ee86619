//! The reference for `benches/usage.sh`: every line of a file parsed by serde_json (validated,
//! nothing kept), on one thread: `cargo run --release --example json_reference -- FILE`.

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: json_reference FILE")?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let (mut line, mut values) = (Vec::new(), 0u64);
    while reader.read_until(b'\n', &mut line)? > 0 {
        serde_json::from_slice::<serde::de::IgnoredAny>(&line)?;
        values += 1;
        line.clear();
    }
    println!("{values} values");
    Ok(())
}
