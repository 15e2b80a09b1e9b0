//! The catalogs' invariants (see the module's doc): both languages have the same messages with
//! the same variables, every id the sources use exists, the catalogs parse, and the zh-TW catalog
//! avoids the forms the glossary rejects.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

use super::*;

/// id -> (attribute names, variable names) of every message of one language.
fn shapes(lang: Lang) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let mut out = BTreeMap::new();
    for source in sources(lang) {
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, e)| panic!("{lang}: catalog does not parse: {e:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                let mut attrs = BTreeSet::new();
                for a in &m.attributes {
                    attrs.insert(a.id.name.to_string());
                    pattern_vars(&a.value, &mut vars);
                }
                let id = m.id.name.to_string();
                assert!(
                    out.insert(id.clone(), (attrs, vars)).is_none(),
                    "{lang}: message `{id}` is defined twice"
                );
            }
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. }
        | ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
            for a in &arguments.named {
                inline_vars(&a.value, vars);
            }
        }
        _ => {}
    }
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_variables() {
    let en = shapes(Lang::En);
    let zh = shapes(Lang::ZhTw);
    let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "messages only in English: {only_en:?}");
    assert!(only_zh.is_empty(), "messages only in zh-TW: {only_zh:?}");
    for (id, shape) in &en {
        assert_eq!(
            Some(shape),
            zh.get(id),
            "message `{id}`: attributes and variables differ between en and zh-TW"
        );
    }
    assert!(en.contains_key("lang-name"));
}

#[test]
fn every_message_renders_without_errors_given_its_variables() {
    for lang in Lang::ALL {
        let bundle = bundle(lang);
        for (id, (_, vars)) in shapes(lang) {
            let mut args = FluentArgs::new();
            for v in &vars {
                args.set(v.as_str(), FluentValue::from("7"));
            }
            let message = bundle
                .get_message(&id)
                .expect("parsed message is in the bundle");
            let mut errors = Vec::new();
            if let Some(p) = message.value() {
                let text = bundle.format_pattern(p, Some(&args), &mut errors);
                assert!(!text.contains('\u{2068}'), "{lang} `{id}`: isolation marks");
            }
            assert!(errors.is_empty(), "{lang} `{id}`: {errors:?}");
        }
    }
}

/// The repository's root (the library is at the top).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, exts, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            out.push(path);
        }
    }
}

/// The literal ids after `marker` in `text` (`tr!("id"`, `tr_in!(lang, "id"`, `t("id"`).
fn ids_after(text: &str, marker: &str, skip_first_arg: bool) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        // `t(` must be a call of `t` itself, not of `split(` or `set(`.
        let word_before = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '$');
        rest = &rest[at + marker.len()..];
        if word_before {
            continue;
        }
        let mut arg = rest.trim_start();
        if skip_first_arg {
            match arg.find(',') {
                Some(comma) => arg = arg[comma + 1..].trim_start(),
                None => continue,
            }
        }
        if let Some(body) = arg.strip_prefix('"') {
            if let Some(end) = body.find('"') {
                let id = &body[..end];
                if !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids
}

#[test]
fn every_id_the_sources_use_is_in_the_catalogs() {
    let en = shapes(Lang::En);
    let mut files = Vec::new();
    for dir in ["src", "cli/src", "python/src"] {
        files_under(&root().join(dir), &["rs"], &mut files);
    }
    let mut js = Vec::new();
    files_under(&root().join("web"), &["js", "html"], &mut js);
    let mut py = Vec::new();
    files_under(&root().join("python/nabla"), &["py"], &mut py);
    let mut used = 0;
    let mut missing = Vec::new();
    for file in files.iter().chain(&js).chain(&py) {
        if file.ends_with("i18n/tests.rs") || file.ends_with("i18n/mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let mut ids = Vec::new();
        if file.extension().is_some_and(|e| e == "rs") {
            ids.extend(ids_after(&text, "tr!(", false));
            ids.extend(ids_after(&text, "tr_in!(", true));
        } else if file.extension().is_some_and(|e| e == "py") {
            ids.extend(ids_after(&text, "_t(", false));
        } else {
            ids.extend(ids_after(&text, "t(", false));
            ids.extend(ids_after(&text, "data-i18n=", false));
        }
        for id in ids {
            used += 1;
            if !en.contains_key(&id) {
                missing.push(format!("{}: {id}", file.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "ids used but not in the catalogs: {missing:#?}"
    );
    assert!(
        used > 0,
        "no message ids found in the sources: the scan is broken"
    );
}

#[test]
fn the_zh_tw_catalog_uses_the_glossary_not_the_forms_it_rejects() {
    let glossary = std::fs::read_to_string(root().join("i18n/glossary.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = glossary
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.len() > 40, "glossary too short");
    let preferred: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    for needed in [
        "梯度",
        "偏導數",
        "梯度下降法",
        "學習率",
        "動量",
        "衰減",
        "損失函數",
    ] {
        assert!(preferred.contains(&needed), "glossary lacks {needed}");
    }
    let text: String = sources(Lang::ZhTw).concat();
    let mut found = Vec::new();
    for row in &rows {
        assert!(
            row.len() >= 3,
            "glossary row {row:?} needs english, zh-TW, source"
        );
        for avoid in row
            .get(3)
            .unwrap_or(&"")
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            // A rejected form inside a preferred term (算法 in 演算法) is not a use of it.
            let mut t = text.clone();
            for p in preferred.iter().filter(|p| p.contains(avoid)) {
                t = t.replace(p, "");
            }
            if t.contains(avoid) {
                found.push(format!("{avoid} (use {})", row[1]));
            }
        }
    }
    assert!(
        found.is_empty(),
        "zh-TW catalog uses rejected forms: {found:?}"
    );
}

#[test]
fn page_messages_keep_placeholders_for_the_page_to_fill() {
    let en = messages_with_prefix(Lang::En, "lang-");
    assert_eq!(en, [("lang-name".to_string(), "English".to_string())]);
}
