//! The JSON Schemas in `schemas/` are what the serde types generate, and every example workload
//! and pricing file validates against its schema (and names it for editors).
//!
//! Regenerate the shipped files with `BURNRATE_WRITE_SCHEMAS=1 cargo test --test integration
//! schemas` (or `burnrate schema workload > schemas/workload.schema.json`).
//!
//! The validator below is a small one for the keywords schemars emits (it refuses any other,
//! so a new keyword cannot pass unchecked); a full JSON Schema crate would add dozens of crates
//! to the build for these two files.

use serde_json::Value;

use super::util::burnrate;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn shipped(name: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/schemas/{name}")).unwrap()
}

#[test]
fn the_shipped_schemas_are_what_the_types_generate() {
    for (name, generated) in [
        ("workload.schema.json", burnrate::schema::workload()),
        ("pricing.schema.json", burnrate::schema::pricing()),
    ] {
        if std::env::var_os("BURNRATE_WRITE_SCHEMAS").is_some() {
            std::fs::write(format!("{ROOT}/schemas/{name}"), &generated).unwrap();
        }
        assert!(
            shipped(name) == generated,
            "schemas/{name} is out of date: run `BURNRATE_WRITE_SCHEMAS=1 cargo test --test \
             integration schemas`"
        );
    }
    // `burnrate schema` prints the same.
    let run = burnrate(&["schema", "workload"]);
    assert_eq!((run.code, run.stdout), (0, shipped("workload.schema.json")));
    let run = burnrate(&["schema", "pricing"]);
    assert_eq!((run.code, run.stdout), (0, shipped("pricing.schema.json")));
}

fn schema(name: &str) -> Value {
    serde_json::from_str(&shipped(name)).unwrap()
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

/// The `*.yaml` files of a folder of the repository, with their text.
fn yaml_files(folder: &str) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(format!("{ROOT}/{folder}"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_workload_validates_and_names_its_schema() {
    let schema = schema("workload.schema.json");
    let files = yaml_files("examples");
    assert_eq!(files.len(), 5);
    for (name, text) in files {
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schemas/workload.schema.json\n"),
            "examples/{name} does not name its schema"
        );
        let errors = validate(&schema, &yaml(&text));
        assert!(errors.is_empty(), "examples/{name}: {errors:?}");
    }
}

#[test]
fn every_pricing_file_validates_and_names_its_schema() {
    let schema = schema("pricing.schema.json");
    let files = yaml_files("pricing");
    assert!(!files.is_empty());
    for (name, text) in files {
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schemas/pricing.schema.json\n"),
            "pricing/{name} does not name its schema"
        );
        let errors = validate(&schema, &yaml(&text));
        assert!(errors.is_empty(), "pricing/{name}: {errors:?}");
    }
}

#[test]
fn the_starter_workload_validates() {
    let run = burnrate(&["init", "--budget", "500"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let errors = validate(&schema("workload.schema.json"), &yaml(&run.stdout));
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn the_schema_refuses_what_the_reader_refuses() {
    let schema = schema("workload.schema.json");
    let base = "name: t\nperiod: month\ntasks:\n  - name: a\n    model: haiku\n    \
                requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 1\n    \
                output_tokens: 1\n";
    assert_eq!(validate(&schema, &yaml(base)), Vec::<String>::new());
    for (extra, error) in [
        (
            "    batch_share: 1.5\n",
            "/tasks/0/batch_share: no alternative of anyOf matches",
        ),
        (
            "    batch_share: 120%\n",
            "/tasks/0/batch_share: no alternative of anyOf matches",
        ),
        (
            "    ouput_tokens: 5\n",
            "/tasks/0: unknown field `ouput_tokens`",
        ),
        (
            "    speed: quick\n",
            "/tasks/0/speed: no alternative of oneOf matches",
        ),
        (
            "    cache: { ttl: 2h }\n",
            "/tasks/0/cache: no alternative of anyOf matches",
        ),
        (
            "    cache: { ttl: 5m, prefix_variants: 0 }\n",
            "/tasks/0/cache: no alternative of anyOf matches",
        ),
        (
            "    active_hours: 25\n",
            "/tasks/0/active_hours: no alternative of anyOf matches",
        ),
    ] {
        assert_eq!(
            validate(&schema, &yaml(&format!("{base}{extra}"))),
            [error],
            "{extra}"
        );
        // burnrate refuses each as well.
        let p = super::util::temp_yaml("schema-refused.yaml", &format!("{base}{extra}"));
        assert_ne!(
            burnrate(&["estimate", p.to_str().unwrap()]).code,
            0,
            "{extra}"
        );
    }
    for extra in [
        "    batch_share: 80%\n",
        "    batch_share: \"0.25\"\n",
        "    cache: { ttl: 1h, hit_rate: auto }\n",
        "    cache: { ttl: 5m, hit_rate: 0.8 }\n",
    ] {
        assert_eq!(
            validate(&schema, &yaml(&format!("{base}{extra}"))),
            Vec::<String>::new(),
            "{extra}"
        );
    }
    let missing = validate(&schema, &yaml("name: t\ntasks: []\n"));
    assert_eq!(missing, [": missing `period`"]);
}

/// The errors of `value` against `schema` (the root, for `$ref`s), each `path: message`.
fn validate(root: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, root, value, "", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Value::Object(s) = schema else {
        panic!("{at}: a schema that is not an object: {schema}");
    };
    macro_rules! fail {
        ($($t:tt)*) => { errors.push(format!("{at}: {}", format!($($t)*))) };
    }
    for (key, rule) in s {
        match key.as_str() {
            // Annotations and the ones handled with `properties`.
            "$schema"
            | "$defs"
            | "title"
            | "description"
            | "default"
            | "format"
            | "required"
            | "additionalProperties" => {}
            "$ref" => {
                let name = rule.as_str().unwrap().strip_prefix("#/$defs/").unwrap();
                let target = &root["$defs"][name];
                assert!(!target.is_null(), "no definition {name}");
                check(root, target, value, at, errors);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
                    t => vec![t.as_str().unwrap()],
                };
                if !types.iter().any(|t| has_type(value, t)) {
                    fail!("{value} is not of type {}", types.join(" or "));
                }
            }
            "const" => {
                if value != rule {
                    fail!("{value} is not {rule}");
                }
            }
            "anyOf" | "oneOf" => {
                let matching = rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|alt| {
                        let mut e = Vec::new();
                        check(root, alt, value, at, &mut e);
                        e.is_empty()
                    })
                    .count();
                if matching == 0 || (key == "oneOf" && matching > 1) {
                    fail!("no alternative of {key} matches");
                }
            }
            "minimum" | "maximum" | "exclusiveMinimum" => {
                let (Some(v), Some(bound)) = (value.as_f64(), rule.as_f64()) else {
                    continue;
                };
                match key.as_str() {
                    "minimum" if v < bound => fail!("{value} is below {rule}"),
                    "maximum" if v > bound => fail!("{value} is above {rule}"),
                    "exclusiveMinimum" if v <= bound => fail!("{value} is not above {rule}"),
                    _ => {}
                }
            }
            "pattern" => {
                if let Some(text) = value.as_str() {
                    let re = regex::Regex::new(rule.as_str().unwrap()).unwrap();
                    if !re.is_match(text) {
                        fail!("`{text}` does not match {rule}");
                    }
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        check(root, rule, item, &format!("{at}/{i}"), errors);
                    }
                }
            }
            "properties" => {
                let Some(object) = value.as_object() else {
                    continue;
                };
                let properties = rule.as_object().unwrap();
                for name in s
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let name = name.as_str().unwrap();
                    if !object.contains_key(name) {
                        errors.push(format!("{at}: missing `{name}`"));
                    }
                }
                for (name, v) in object {
                    match properties.get(name) {
                        Some(p) => check(root, p, v, &format!("{at}/{name}"), errors),
                        None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                            errors.push(format!("{at}: unknown field `{name}`"));
                        }
                        None => {}
                    }
                }
            }
            other => panic!("{at}: the test's validator does not know `{other}`"),
        }
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        other => panic!("unknown type {other}"),
    }
}
