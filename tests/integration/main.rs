//! One integration-test binary (faster to link than one per file), with topic modules. Tests run
//! burnrate in-process (`util.rs`); only `process.rs` starts the binary.

mod as_of; // prices through time: dated entries and `--as-of`
mod batch_file; // pricing a Message Batches file
mod cache_advice; // cache break-even and TTL crossover
mod calibrate; // fitting tokenizer factors to true counts
mod cli; // happy paths and exact output of the commands
mod errors; // exact error messages and exit codes
mod estimate_inputs; // nameless, stdin and several workloads; the cost per request
mod forecast; // projections, the budget date, and the band's coverage in a backtest
mod fuzz; // mutated examples and fixtures through every parser: no panic, hang or blow-up
mod golden; // amounts to the cent, computed by hand from the published prices
mod help; // the examples in every `--help` run
mod hostile; // issue 14: hostile input named by file and line
mod init; // the starter workload of `burnrate init`
mod json_shapes; // every command's JSON fields, pinned
mod migrate; // budgeting a migration
mod numbers; // the one number syntax: 10k, 2.5M, 1e6, 80%
mod overrides; // layering of pricing files
mod pricing_table; // the embedded table against the fact sheet
mod process; // the real binary: exit code, stdin, closed stdout
mod properties; // proptest invariants of the billing engine
mod readme; // README examples stay true
mod schemas; // the shipped JSON Schemas match the types, and the examples validate
mod shell; // completions and the man page
mod snapshots; // every output format of estimate and compare, pinned
mod sweep; // sweeps and the SVG chart
mod table_width; // terminal tables fit the terminal
mod to_workload; // usage written as a workload, estimated back to the bill
mod tokens; // the token estimator against a reference tokenizer
mod usage; // repricing usage exports, totals computed by hand
mod usage_cache; // cache diagnostics of observed traffic, dollars computed by hand
mod usage_log_fields; // a team's own response log shape, by mapped fields
mod util;
mod workload_errors; // exact workload validation messages
mod workload_properties; // proptest invariants of workload pricing
mod workloads; // estimate and compare, amounts computed by hand
