//! Words in the reader's language: the message catalogs (`i18n/en/*.ftl`, `i18n/zh-TW/*.ftl`,
//! Project Fluent syntax, compiled into the library) and the language every front end renders in.
//!
//! Every sentence a person reads (text output, errors and hints, verdicts, stop reasons, plot
//! titles and legends, the page and its lessons) is a message of the catalogs, looked up by id
//! with [`tr!`] (the current language) or [`tr_in!`] (a given one). JSON keys and enumerated
//! values are not messages: they stay English, so scripts do not break when the language changes.
//!
//! Invariants, each checked by a test (`src/i18n/tests.rs`):
//! - both languages define the same message ids and attributes, and each message uses the same
//!   variables in both (a message that exists in one language only fails the build's tests);
//! - every id the sources pass to [`tr!`]/[`tr_in!`] (and the page's `t("...")`, the Python displays' `_t("...")`) exists;
//! - the catalogs parse without errors and the zh-TW catalog uses none of the mainland forms that
//!   `i18n/glossary.tsv` lists to avoid (the glossary holds the book's words and the standard
//!   Taiwanese terms for what the seeds do not name).
//!
//! Numbers are formatted by the caller ([`fmt_number`](crate::fmt_number) and friends) and passed
//! as text; integer arguments ([`Arg::Int`]) only select plural forms. Placeables are not wrapped
//! in Unicode isolation marks (terminals would show them).
//!
//! The current language is process-wide ([`set_lang`], default English), like a C locale: the
//! command line sets it once from `--lang` or the environment ([`Lang::from_env`]); a server
//! renders each request with [`tr_in!`] in the request's language.

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unicode_width::UnicodeWidthStr;

/// A language nabla speaks.
///
/// ```
/// use nabla::i18n::Lang;
/// assert_eq!("zh-TW".parse::<Lang>().unwrap(), Lang::ZhTw);
/// assert_eq!(Lang::from_locale("zh_TW.UTF-8"), Some(Lang::ZhTw));
/// assert_eq!(Lang::from_locale("C"), Some(Lang::En));
/// assert_eq!(Lang::ZhTw.code(), "zh-TW");
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    /// English (the default, and the fallback for a message a catalog lacks).
    #[default]
    #[serde(rename = "en")]
    En,
    /// Traditional Chinese as written in Taiwan, the language of the seeds' readers.
    #[serde(rename = "zh-TW")]
    ZhTw,
}

/// The error of parsing a language name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`; use `en` or `zh-TW`")]
pub struct LangError(pub String);

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhTw];

    /// The BCP 47 tag: `en` or `zh-TW`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhTw => "zh-TW",
        }
    }

    /// The language of a POSIX locale (`zh_TW.UTF-8`, `en_US`, `C`) or a BCP 47 tag (`zh-Hant`,
    /// `zh-TW`, `en-GB`); `None` for a language nabla does not speak. Chinese in Traditional
    /// characters (Taiwan, Hong Kong, Macau, `Hant`) is zh-TW; `C` and `POSIX` are English.
    ///
    /// ```
    /// use nabla::i18n::Lang;
    /// assert_eq!(Lang::from_locale("zh-Hant-HK"), Some(Lang::ZhTw));
    /// assert_eq!(Lang::from_locale("zh_CN.UTF-8"), None);
    /// assert_eq!(Lang::from_locale("fr_FR"), None);
    /// ```
    pub fn from_locale(locale: &str) -> Option<Lang> {
        // `zh_TW.UTF-8@euro` -> `zh-tw`
        let base = locale.split(['.', '@']).next().unwrap_or("").trim();
        let tag = base.replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        match parts.next()? {
            "c" | "posix" | "en" => Some(Lang::En),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "tw" | "hk" | "mo" | "hant"));
                traditional.then_some(Lang::ZhTw)
            }
            _ => None,
        }
    }

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set and not empty decides (as POSIX orders them); English when it names a language
    /// nabla does not speak, or when none is set.
    pub fn from_env() -> Lang {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    ///
    /// ```
    /// use nabla::i18n::Lang;
    /// let env = |n: &str| (n == "LANG").then(|| "zh_TW.UTF-8".to_string());
    /// assert_eq!(Lang::from_vars(env), Lang::ZhTw);
    /// let env = |n: &str| match n { "LC_ALL" => Some("C".into()), _ => Some("zh_TW".into()) };
    /// assert_eq!(Lang::from_vars(env), Lang::En);
    /// ```
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name).filter(|v| !v.is_empty()))
            .map(|v| Lang::from_locale(&v).unwrap_or(Lang::En))
            .next()
            .unwrap_or(Lang::En)
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::ZhTw => 1,
        }
    }
}

impl FromStr for Lang {
    type Err = LangError;

    /// `en` or `zh-TW` (any case, `_` for `-`, and the locale forms [`Lang::from_locale`] reads).
    fn from_str(s: &str) -> Result<Lang, LangError> {
        Lang::from_locale(s).ok_or_else(|| LangError(s.to_string()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The process-wide language: 0 English, 1 zh-TW.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language [`tr!`] renders in, for the whole process.
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang.index() as u8, Ordering::Relaxed);
}

/// The language [`tr!`] renders in (English unless [`set_lang`] chose another).
pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::ZhTw,
        _ => Lang::En,
    }
}

/// A message argument: text (numbers are formatted by the caller) or an integer count, which
/// plural selectors read.
#[derive(Clone, Debug)]
pub enum Arg<'a> {
    /// Text, inserted as it is.
    Str(Cow<'a, str>),
    /// A count, for `[one]`/`*[other]` selectors; printed in plain digits.
    Int(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(Cow::Owned(s))
    }
}
macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(usize, u64, u32, i64, i32);

/// The catalogs' files, one per area, in the same order for every language.
macro_rules! catalog_files {
    ($dir:literal) => {
        [
            include_str!(concat!("../../i18n/", $dir, "/common.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/errors.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/eval.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/min.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/check.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/fit.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/trace.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/plot.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/page.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/lessons.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/python.ftl")),
            include_str!(concat!("../../i18n/", $dir, "/book.ftl")),
        ]
    };
}

/// The Fluent sources of a language's catalog, file by file (for tests and tools).
pub fn sources(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::En => catalog_files!("en"),
        Lang::ZhTw => catalog_files!("zh-TW"),
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    BUNDLES[lang.index()].get_or_init(|| {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        for source in sources(lang) {
            // A syntax error drops only the entry it is in (the test suite rejects any).
            let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
            // A duplicate id keeps the first definition (the test suite rejects duplicates).
            let _ = bundle.add_resource(resource);
        }
        bundle
    })
}

/// Message `id` in `lang` with `args`; English where `lang`'s catalog lacks it, and the id
/// itself where no catalog has it (the test suite keeps both from happening).
///
/// ```
/// use nabla::i18n::{tr_in, Arg, Lang};
/// assert_eq!(tr_in(Lang::En, "lang-name", &[]), "English");
/// assert_eq!(tr_in(Lang::ZhTw, "lang-name", &[]), "繁體中文");
/// assert_eq!(tr_in(Lang::En, "no-such-message", &[]), "no-such-message");
/// ```
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fargs = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Str(s) => FluentValue::from(s.as_ref()),
            Arg::Int(n) => FluentValue::from(*n),
        };
        fargs.set(*name, value);
    }
    for l in [lang, Lang::En] {
        let bundle = bundle(l);
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fargs), &mut errors)
                .into_owned();
        }
    }
    id.to_string()
}

/// [`tr_in`] in the current language ([`lang`]).
pub fn tr(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    tr_in(lang(), id, args)
}

/// A message in the current language: `tr!("id")` or `tr!("id", name = value, ...)`; values are
/// anything [`Arg`] converts from (text, or an integer count).
///
/// ```
/// use nabla::tr;
/// assert_eq!(tr!("lang-name"), "English");
/// ```
#[macro_export]
macro_rules! tr {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::tr($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),*])
    };
}

/// A message in a given language: `tr_in!(lang, "id", name = value, ...)`.
///
/// ```
/// use nabla::{i18n::Lang, tr_in};
/// assert_eq!(tr_in!(Lang::ZhTw, "lang-name"), "繁體中文");
/// ```
#[macro_export]
macro_rules! tr_in {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::tr_in($lang, $id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),*])
    };
}

/// Every message of `lang` whose id starts with `prefix`, with its variables left as `{$name}`
/// placeholders (for a front end that fills them itself, such as the page). Messages with
/// selectors render their default variant.
pub fn messages_with_prefix(lang: Lang, prefix: &str) -> Vec<(String, String)> {
    let bundle = bundle(lang);
    let mut out = Vec::new();
    for source in sources(lang) {
        for id in message_ids(source) {
            if !id.starts_with(prefix) {
                continue;
            }
            if let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle
                    .format_pattern(pattern, None, &mut errors)
                    .into_owned();
                out.push((id, text));
            }
        }
    }
    out
}

/// The ids of the messages (not terms) defined in one Fluent source, in order.
pub fn message_ids(source: &str) -> Vec<String> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The width of `s` in terminal columns (a CJK character takes two).
///
/// ```
/// assert_eq!(nabla::i18n::width("方法"), 4);
/// assert_eq!(nabla::i18n::width("method"), 6);
/// ```
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` padded with spaces to `columns` terminal columns (unchanged when it is as wide already),
/// for aligned labels in any language.
///
/// ```
/// assert_eq!(nabla::i18n::pad("方法", 6), "方法  ");
/// assert_eq!(nabla::i18n::pad("x", 3), "x  ");
/// ```
pub fn pad(s: &str, columns: usize) -> String {
    let w = width(s);
    let mut out = String::with_capacity(s.len() + columns.saturating_sub(w));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(w)));
    out
}
