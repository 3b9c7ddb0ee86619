//! The examples each subcommand's `--help` ends with: real command lines, run from the
//! repository's root against the files in `examples/`. A test runs every one of them (text
//! after `#` is a comment, `> FILE` a redirect of standard output), so they cannot rot.

pub(super) const MAIN: &str = "\
Examples:
  burnrate init > workload.yaml                      # a starter workload to edit
  burnrate estimate examples/support-triage.yaml     # the month's bill
  burnrate compare examples/support-triage.yaml      # on Haiku, Sonnet and Opus, batched or cached";

pub(super) const QUOTE: &str = "\
Examples:
  burnrate quote -m sonnet --input 2000 --output 500 --requests 10000
  burnrate quote -m haiku --input 1000 --cache-read 50000 --output 300 --batch
  burnrate quote -m claude-opus-4-6 --input 250000 --output 1000 --as-of 2026-03-01";

pub(super) const MODELS: &str = "\
Examples:
  burnrate models
  burnrate models sonnet                             # one model in full
  burnrate models --format json";

pub(super) const ESTIMATE: &str = "\
Examples:
  burnrate estimate examples/support-triage.yaml examples/research-agent.yaml   # each, then the sum
  burnrate estimate examples/research-agent.yaml --period week --format markdown
  burnrate estimate examples/support-triage.yaml --fail-over-budget   # exit 3 over budget_usd";

pub(super) const COMPARE: &str = "\
Examples:
  burnrate compare examples/support-triage.yaml
  burnrate compare examples/contract-review.yaml --models haiku,sonnet --format csv";

pub(super) const TOKENS: &str = "\
Examples:
  burnrate tokens examples/email-replies/system.txt
  burnrate tokens examples/email-replies -m haiku    # a folder, walked
  burnrate tokens \"examples/email-replies/questions/*.txt\" --format json";

pub(super) const BATCH_FILE: &str = "\
Examples:
  burnrate batch-file examples/batch-requests.jsonl --output-tokens 60
  burnrate batch-file examples/batch-requests.jsonl --output-ratio 0.5 --format json";

pub(super) const CALIBRATE: &str = "\
Examples:
  burnrate calibrate examples/calibration/counts.csv -m claude-haiku-4-5
  burnrate calibrate examples/calibration/counts.csv -m claude-haiku-4-5 --cl100k-factor > factors.yaml
  burnrate calibrate examples/calibration/counts.csv -m claude-opus-4-7 --frame 11 --content prose
(the counts in examples/calibration/ are illustrative; yours come from `usage.input_tokens` or
the count_tokens endpoint)";

pub(super) const MIGRATE: &str = "\
Examples:
  burnrate migrate examples/support-triage.yaml --to-model haiku
  burnrate migrate examples/contract-review.yaml --batch-share 0.5 --cache-ttl 1h
  burnrate migrate examples/support-triage.yaml --task \"classify tickets\" --cache-ttl none";

pub(super) const CACHE: &str = "\
Examples:
  burnrate cache examples/contract-review.yaml
  burnrate cache examples/support-triage.yaml --format json";

pub(super) const SWEEP: &str = "\
Examples:
  burnrate sweep examples/support-triage.yaml --vary requests_per_day=1000..100000 --log
  burnrate sweep examples/contract-review.yaml --vary hit_rate=0..1 --models haiku,sonnet
  burnrate sweep examples/nightly-classification.yaml --vary batch_share=0..1 --points 5";

pub(super) const USAGE: &str = "\
Examples:
  burnrate usage examples/usage/usage-report.json
  burnrate usage examples/usage/usage-report.json --by week --group model
  burnrate usage examples/usage/console-usage.csv --format focus";

pub(super) const FORECAST: &str = "\
Examples:
  burnrate forecast examples/usage/usage-report.json
  burnrate forecast examples/usage/usage-report.json --budget 1200 --format json";

pub(super) const INIT: &str = "\
Examples:
  burnrate init > workload.yaml
  burnrate init --model opus --cheap-model haiku --budget 500 --period week
  burnrate init --name \"Support bot\" --requests-per-day 20000 --schema ../schemas/workload.schema.json
(with FILE, an existing file is kept unless `--force`)";

pub(super) const COMPLETIONS: &str = "\
Examples:
  burnrate completions bash > ~/.local/share/bash-completion/completions/burnrate
  burnrate completions zsh > ~/.zfunc/_burnrate       # with fpath+=~/.zfunc before compinit
  burnrate completions fish > ~/.config/fish/completions/burnrate.fish";

pub(super) const MAN: &str = "\
Examples:
  burnrate man > burnrate.1                          # then: man ./burnrate.1
  burnrate man estimate > burnrate-estimate.1";

pub(super) const SCHEMA: &str = "\
Examples:
  burnrate schema workload > workload.schema.json   # named by `init`'s starter file
  burnrate schema pricing > pricing.schema.json";
