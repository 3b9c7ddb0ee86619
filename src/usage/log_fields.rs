//! Where a team's own response log keeps each request's time, model, usage and id: dotted
//! paths into each line's JSON object, defaulting to the Messages API's own field names.

use std::fmt;

use serde_json::Value;

/// A path into a JSON object, one key per step (`meta.model` is `["meta", "model"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(Vec<String>);

impl FieldPath {
    /// A dotted path (`resp.usage`); every step must be a non-empty key.
    pub fn parse(dotted: &str) -> Result<FieldPath, String> {
        let steps: Vec<String> = dotted.split('.').map(str::to_string).collect();
        if steps.iter().any(|s| s.trim().is_empty()) {
            return Err(format!(
                "`{dotted}` is not a field path; expected keys joined by dots, such as `meta.model`"
            ));
        }
        Ok(FieldPath(steps))
    }

    fn of(key: &str) -> FieldPath {
        FieldPath(vec![key.to_string()])
    }

    /// The value at this path in `v`, if every step is there.
    pub fn get<'a>(&self, v: &'a Value) -> Option<&'a Value> {
        self.0.iter().try_fold(v, |v, k| v.get(k))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// The fields a response log's lines are read by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogField {
    /// The request's time (RFC 3339 with a zone).
    Timestamp,
    /// The model id.
    Model,
    /// The API's `usage` object.
    Usage,
    /// The message id, which names a request logged twice.
    Id,
}

impl LogField {
    /// Every field, in the order they are named.
    pub const ALL: [LogField; 4] = [
        LogField::Timestamp,
        LogField::Model,
        LogField::Usage,
        LogField::Id,
    ];

    /// Its name (`timestamp`, `model`, `usage`, `id`).
    pub fn name(&self) -> &'static str {
        match self {
            LogField::Timestamp => "timestamp",
            LogField::Model => "model",
            LogField::Usage => "usage",
            LogField::Id => "id",
        }
    }

    /// The field of that name.
    pub fn from_name(name: &str) -> Option<LogField> {
        LogField::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Where a response log keeps each field. The default is the Messages API's own shape: `model`,
/// `usage`, `id`, and the first of `timestamp`, `created_at` or `time` (a line without any is
/// priced as of the undated day, said in a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFields {
    /// `None`: the first of the usual names, if any; a path: required on every line.
    pub timestamp: Option<FieldPath>,
    /// The model id.
    pub model: FieldPath,
    /// The `usage` object.
    pub usage: FieldPath,
    /// The message id.
    pub id: FieldPath,
}

impl Default for LogFields {
    fn default() -> Self {
        LogFields {
            timestamp: None,
            model: FieldPath::of("model"),
            usage: FieldPath::of("usage"),
            id: FieldPath::of("id"),
        }
    }
}

impl LogFields {
    /// Reads `field` at `path` from now on.
    pub fn set(&mut self, field: LogField, path: FieldPath) {
        match field {
            LogField::Timestamp => self.timestamp = Some(path),
            LogField::Model => self.model = path,
            LogField::Usage => self.usage = path,
            LogField::Id => self.id = path,
        }
    }

    /// Whether any field is mapped away from the Messages API's names.
    pub fn is_custom(&self) -> bool {
        *self != LogFields::default()
    }

    /// The path `field` is read at, and whether it is mapped away from the default (so an
    /// error about `meta.m` can say it was read as the model).
    pub fn path_of(&self, field: LogField) -> (String, bool) {
        let default = LogFields::default();
        match field {
            LogField::Timestamp => match &self.timestamp {
                Some(p) => (p.to_string(), true),
                None => ("timestamp".to_string(), false),
            },
            LogField::Model => (self.model.to_string(), self.model != default.model),
            LogField::Usage => (self.usage.to_string(), self.usage != default.usage),
            LogField::Id => (self.id.to_string(), self.id != default.id),
        }
    }

    /// "no `meta.m` (a string; mapped as the model field)": a line without `field`, which
    /// should have been `what`.
    pub fn missing(&self, field: LogField, what: &str) -> String {
        match self.path_of(field.clone()) {
            (path, true) => format!("no `{path}` ({what}; mapped as the {} field)", field.name()),
            (path, false) => format!("no `{path}` ({what})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_paths_reach_into_nested_objects() {
        let v: Value = serde_json::json!({"meta": {"model": "m"}});
        let p = FieldPath::parse("meta.model").unwrap();
        assert_eq!(p.get(&v), Some(&Value::from("m")));
        assert_eq!(FieldPath::parse("meta.x").unwrap().get(&v), None);
        assert!(FieldPath::parse("meta..model").is_err());
        assert!(FieldPath::parse("").is_err());
    }

    #[test]
    fn a_mapped_field_says_what_it_was_read_as() {
        let mut f = LogFields::default();
        assert!(!f.is_custom());
        assert_eq!(
            f.missing(LogField::Model, "a string"),
            "no `model` (a string)"
        );
        f.set(LogField::Model, FieldPath::parse("meta.m").unwrap());
        assert!(f.is_custom());
        assert_eq!(
            f.missing(LogField::Model, "a string"),
            "no `meta.m` (a string; mapped as the model field)"
        );
    }
}
