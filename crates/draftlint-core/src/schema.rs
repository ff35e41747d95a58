//! JSON Schemas for the files users write: rule files, `classes.toml`,
//! `pack.toml` and `draftlint.toml`, in `schemas/`. Editors read them
//! (taplo and Even Better TOML through a `#:schema` line) to complete keys
//! and check values as you type; `draftlint schema` prints them, and the
//! language server documents a rule file's keys from them.
//!
//! They are generated from the types the files are read into, with their
//! doc comments as descriptions, by the test below; it fails when a
//! committed schema is out of date (`UPDATE_SNAPSHOTS=1 cargo test schema`
//! writes them anew). The derive is for tests only, so the binary carries
//! no schema code, only the schemas.

use std::sync::OnceLock;

use serde_json::Value;

/// The schema of a rule file.
pub const RULE: &str = asset!("schemas/rule.schema.json");
/// The schema of `classes.toml`.
pub const CLASSES: &str = asset!("schemas/classes.schema.json");
/// The schema of `pack.toml`.
pub const PACK: &str = asset!("schemas/pack.schema.json");
/// The schema of `draftlint.toml`.
pub const CONFIG: &str = asset!("schemas/draftlint.schema.json");

/// A key a rule file may have where it stands: its name and description,
/// and the values it takes when they are a fixed list.
pub struct Key {
    /// The key's name.
    pub name: String,
    /// Its description in the schema.
    pub description: String,
    /// The values it takes, when they are a fixed list (else none).
    pub values: Vec<String>,
}

/// The keys of a rule file at the top (`table` is `None`) or inside an
/// array of tables (`[[avoid]]`, `[[example]]`), in the schema's order.
pub fn rule_keys(table: Option<&str>) -> Vec<Key> {
    static SCHEMA: OnceLock<Option<Value>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| serde_json::from_str(RULE).ok())
        .as_ref()
        .map_or_else(Vec::new, |schema| keys(schema, table))
}

/// The keys of `draftlint.toml` at the top (`builtin`, `rules`, ...); with
/// `table` `Some("rules")`, those of a rule's table of settings (`level`,
/// `max`, ...).
pub fn config_keys(table: Option<&str>) -> Vec<Key> {
    static SCHEMA: OnceLock<Option<Value>> = OnceLock::new();
    let Some(schema) = SCHEMA
        .get_or_init(|| serde_json::from_str(CONFIG).ok())
        .as_ref()
    else {
        return Vec::new();
    };
    match table {
        None => keys(schema, None),
        Some(_) => keys(schema, Some("Params")),
    }
}

/// The values a level takes in `draftlint.toml`: `off` and the levels.
pub fn config_levels() -> Vec<String> {
    config_keys(Some("rules"))
        .into_iter()
        .find(|k| k.name == "level")
        .map(|k| k.values)
        .unwrap_or_default()
}

/// The keys `schema` describes at its top, or in the table `table` (a
/// property or a definition of that name).
fn keys(schema: &Value, table: Option<&str>) -> Vec<Key> {
    let resolve = |v: &Value| -> Value {
        let reference = v["$ref"]
            .as_str()
            .or_else(|| v["allOf"][0]["$ref"].as_str())
            .or_else(|| v["items"]["$ref"].as_str());
        match reference.and_then(|r| r.strip_prefix("#/definitions/")) {
            Some(name) => schema["definitions"][name].clone(),
            None => v.clone(),
        }
    };
    let object = match table {
        None => schema.clone(),
        Some(table) if schema["properties"][table].is_object() => {
            resolve(&schema["properties"][table])
        }
        Some(table) => schema["definitions"][table].clone(),
    };
    let Some(properties) = object["properties"].as_object() else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, v)| {
            let target = resolve(v);
            let values = target["enum"]
                .as_array()
                .cloned()
                .or_else(|| {
                    target["oneOf"]
                        .as_array()
                        .map(|all| all.iter().map(|o| o["const"].clone()).collect())
                })
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect();
            Key {
                name: name.clone(),
                description: v["description"].as_str().unwrap_or_default().to_string(),
                values,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use schemars::{JsonSchema, generate::SchemaSettings};
    use serde_json::Value;

    /// A `classes.toml`: word classes by name; each entry is a word pattern
    /// (`call~`, `get~ back to`), and `@name` in a pattern matches any.
    #[derive(JsonSchema)]
    #[schemars(title = "draftlint classes.toml")]
    #[allow(dead_code)]
    struct Classes(BTreeMap<String, Vec<String>>);

    /// The schema of `T` as committed: draft-07, which taplo reads.
    fn schema<T: JsonSchema>() -> String {
        let schema = SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<T>();
        let mut value = schema.to_value();
        no_null(&mut value);
        // What the file is comes first, for a reader of the schema.
        let mut ordered = serde_json::Map::new();
        if let Value::Object(mut map) = value {
            for key in ["$schema", "title", "description"] {
                if let Some(v) = map.shift_remove(key) {
                    ordered.insert(key.into(), v);
                }
            }
            ordered.extend(map);
        }
        let mut text = serde_json::to_string_pretty(&ordered).unwrap_or_default();
        text.push('\n');
        text
    }

    /// TOML has no null: an optional key is one that may be left out, not
    /// one that may be null, so `null` goes from every type.
    fn no_null(value: &mut Value) {
        let Value::Object(map) = value else {
            if let Value::Array(items) = value {
                items.iter_mut().for_each(no_null);
            }
            return;
        };
        if let Some(Value::Array(types)) = map.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                let only = types.remove(0);
                map.insert("type".into(), only);
            }
        }
        if let Some(Value::Array(any)) = map.get_mut("anyOf") {
            any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
            if any.len() == 1
                && let Some(Value::Object(only)) = any.pop()
            {
                map.shift_remove("anyOf");
                map.extend(only);
            }
        }
        map.values_mut().for_each(no_null);
    }

    #[test]
    fn committed_schemas_are_current() {
        let dir = PathBuf::from(env!("DRAFTLINT_ASSETS")).join("schemas");
        let schemas = [
            ("rule.schema.json", schema::<crate::rule::kind::RuleFile>()),
            ("classes.schema.json", schema::<Classes>()),
            ("pack.schema.json", schema::<crate::rule::pack::Pack>()),
            (
                "draftlint.schema.json",
                schema::<crate::config::RawConfig>(),
            ),
        ];
        let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
        for (name, text) in schemas {
            let path = dir.join(name);
            if update {
                std::fs::create_dir_all(&dir).expect("schemas/ can be made");
                std::fs::write(&path, &text).expect("the schema can be written");
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == text,
                "{name} is out of date: rerun with UPDATE_SNAPSHOTS=1"
            );
        }
    }
}
