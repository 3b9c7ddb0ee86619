//! Token counts of real text: in Claude's own vocabulary, reconstructed offline (`claude/`),
//! for every tokenizer the pricing table gives a reconstruction; otherwise tiktoken's
//! `cl100k_base` count converted with the tokenizer family's factors, as a typical figure and a
//! low–high range, labelled as an estimate. `method.rs` picks between them per model.
//!
//! - `method.rs`: how a model's tokens are counted, and the counters a reader runs;
//! - `claude/`: the reconstructed vocabularies;
//! - `compare.rs`: the same texts counted for several models;
//! - `calibrate.rs`: factors fitted to true counts, or the vocabulary's residual;
//! - `batch_file/`: a Message Batches file priced line by line;
//! - `count.rs`: the base encoding (loaded once, and only when a command needs it);
//! - `content.rs`: the content type of a text, which picks the factor;
//! - `inputs.rs`: paths, folders, globs and stdin into a list of texts;
//! - `stream.rs` and `parallel.rs`: counting large inputs on several threads in bounded memory;
//! - `walk.rs`: the files under a folder or matching a glob, each once, loops not followed;
//! - `estimate.rs`: counts and factors into Claude tokens and input cost.

pub mod batch_file;
pub mod calibrate;
pub mod chunks;
pub mod claude;
pub mod compare;
pub mod content;
pub mod count;
pub mod estimate;
pub mod inputs;
pub mod method;
pub mod parallel;
pub mod progress;
pub mod stream;
pub mod walk;

pub use content::Content;
pub use estimate::{Chosen, Fallback, FileEstimate, MethodKind, Range, TokenEstimate, estimate};
pub use inputs::{Input, Skipped, Source, collect, expand};
pub use stream::{Counted, count_with};
