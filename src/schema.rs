//! JSON Schemas of the workload and pricing files, generated from the serde types that read
//! them (schemars reads their serde attributes: renames, defaults, `deny_unknown_fields`), so
//! an editor validates and completes a file by the same rules `burnrate` applies.
//!
//! Types with a hand-written deserializer get a hand-written schema here, stating what that
//! deserializer accepts: a decimal is a YAML number or a decimal string, a share also a
//! percentage (`"25%"`). A schema cannot state every rule (a share's bounds inside a string,
//! whether a date exists, rules across fields): those stay with the reader, which names the
//! file, line and field. The shipped `schemas/*.schema.json` are checked against these by a
//! test.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::pricing::schema::{Date, PricingFile, Released, ToolTokens};
use crate::quantity::{Count, Factor, Fraction, Price};
use crate::workload::Workload;
use crate::workload::schema::{HitRateSpec, Hours, Variants};

/// A decimal of zero or more written as a string (`"0.0000001"`): digits, one optional point.
const DECIMAL_STRING: &str = r"^\s*([0-9]+\.?[0-9]*|\.[0-9]+)\s*$";
/// A share written as a string: a decimal in 0..1, or a percentage in 0%..100%.
const SHARE_STRING: &str =
    r"^\s*((0(\.[0-9]*)?|\.[0-9]+|1(\.0*)?)|(100(\.0*)?|[0-9]{1,2}(\.[0-9]*)?)\s*%)\s*$";

/// The workload file's schema, as pretty JSON with a final newline.
pub fn workload() -> String {
    render(schemars::schema_for!(Workload))
}

/// The pricing file's schema, as pretty JSON with a final newline.
pub fn pricing() -> String {
    render(schemars::schema_for!(PricingFile))
}

fn render(schema: Schema) -> String {
    // A `serde_json::Value` always serializes.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A number of zero or more, or the same as a decimal string.
fn non_negative(description: &str) -> Schema {
    json_schema!({
        "description": description,
        "anyOf": [
            { "type": "number", "minimum": 0 },
            { "type": "string", "pattern": DECIMAL_STRING }
        ]
    })
}

macro_rules! named {
    ($name:literal) => {
        fn schema_name() -> Cow<'static, str> {
            Cow::Borrowed($name)
        }
    };
}

impl JsonSchema for Price {
    named!("Price");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        non_negative("A price in USD: zero or more, a number or a decimal string.")
    }
}

impl JsonSchema for Count {
    named!("Count");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        non_negative(
            "A count (tokens, requests, searches): zero or more; averages may be fractional.",
        )
    }
}

impl JsonSchema for Factor {
    named!("Factor");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A multiplier: greater than zero, a number or a decimal string.",
            "anyOf": [
                { "type": "number", "exclusiveMinimum": 0 },
                { "type": "string", "pattern": DECIMAL_STRING }
            ]
        })
    }
}

impl JsonSchema for Fraction {
    named!("Share");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A share between 0 and 1, or a percentage: 0.25 or 25%.",
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 1 },
                { "type": "string", "pattern": SHARE_STRING }
            ]
        })
    }
}

impl JsonSchema for HitRateSpec {
    named!("HitRate");
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "`auto` (derived from the traffic) or a share of requests that hit the cache.",
            "anyOf": [
                { "const": "auto" },
                generator.subschema_for::<Fraction>()
            ]
        })
    }
}

impl JsonSchema for Variants {
    named!("PrefixVariants");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Distinct cached prefixes sharing the traffic: at least 1.",
            "type": "integer",
            "minimum": 1
        })
    }
}

impl JsonSchema for Hours {
    named!("Hours");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Hours a day the traffic is spread over: more than 0, at most 24.",
            "anyOf": [
                { "type": "number", "exclusiveMinimum": 0, "maximum": 24 },
                { "type": "string", "pattern": DECIMAL_STRING }
            ]
        })
    }
}

impl JsonSchema for Date {
    named!("Date");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, YYYY-MM-DD.",
            "type": "string",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl JsonSchema for Released {
    named!("Released");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A release date, YYYY-MM-DD or YYYY-MM.",
            "type": "string",
            "pattern": r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"
        })
    }
}

impl JsonSchema for ToolTokens {
    named!("ToolTokens");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Extra input tokens, or `unsupported` where the API refuses the tool choice.",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "const": "unsupported" }
            ]
        })
    }
}
