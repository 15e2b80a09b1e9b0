//! Duplicate keys in a request's JSON body. `serde_json` keeps the last of two equal keys
//! silently (`{"formula": "x", "formula": "y"}` would compute `y`), so the body is walked once
//! first and a key that appears twice in one object is a 400.
//!
//! Invariants: keys are compared after unescaping (`"a"` and `"\u0061"` are the same key); the
//! walk keeps nothing but the keys of the objects it is inside, and nests no deeper than
//! `serde_json`'s recursion limit (128), so a hostile body cannot exhaust the stack. Text that
//! is not JSON passes here: the body's own parser reports it.

use std::cell::RefCell;
use std::collections::HashSet;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};

use super::error::ApiError;

/// One JSON value, walked; `found` receives the first duplicate key.
#[derive(Clone, Copy)]
struct Walk<'a> {
    found: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                *self.found.borrow_mut() = Some(key);
                return Err(A::Error::custom("duplicate key"));
            }
            map.next_value_seed(self)?;
            seen.insert(key);
        }
        Ok(())
    }
}

/// The first key that appears twice in one object of `body`, if `body` is JSON with one.
///
/// ```ignore
/// assert_eq!(first_duplicate(br#"{"a": 1, "b": {"c": 2, "c": 3}}"#), Some("c".to_string()));
/// ```
pub fn first_duplicate(body: &[u8]) -> Option<String> {
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(body);
    let _ = Walk { found: &found }.deserialize(&mut de);
    found.into_inner()
}

/// A 400 when `body` has a key twice in one object.
pub fn reject_duplicates(body: &[u8]) -> Result<(), ApiError> {
    match first_duplicate(body) {
        None => Ok(()),
        Some(key) => Err(ApiError::BadRequest(format!(
            "the body has the key `{key}` twice in one object; send each key once"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_found_at_any_depth() {
        for (body, dup) in [
            (r#"{"formula": "x", "formula": "y"}"#, Some("formula")),
            (
                r#"{"formula": "x", "options": {"at": "1", "at": "2"}}"#,
                Some("at"),
            ),
            (r#"[{"a": 1}, {"b": [{"c": 1, "\u0063": 2}]}]"#, Some("c")),
            (r#"{"a": {"b": 1}, "b": {"a": 1}}"#, None),
            (r#"{"formula": "x", "options": {"at": ["1", "1"]}}"#, None),
            (r#"{"formula": "#, None),
            ("3", None),
        ] {
            assert_eq!(first_duplicate(body.as_bytes()).as_deref(), dup, "{body}");
        }
        assert!(reject_duplicates(br#"{"a": 1, "a": 1}"#).is_err());
        // Nesting past serde_json's limit is an error of the walk, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(first_duplicate(deep.as_bytes()), None);
    }
}
