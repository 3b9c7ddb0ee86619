//! The token estimator: counts text with a public encoding (tiktoken's `cl100k_base`) and
//! converts the count to Claude tokens with the tokenizer family's factors from the pricing
//! table, as a typical figure and a low–high range. Claude's tokenizer is not public, so every
//! figure here is an estimate and is labelled as one.
//!
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
