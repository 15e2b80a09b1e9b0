//! The language of the words in nabla's answers for Python (`nabla.set_language`,
//! `nabla.language`): the library's process-wide language ([`nabla::i18n`]), set at import from
//! `LC_ALL`, `LC_MESSAGES` or `LANG` as the command line does. Answers' prose (verdicts, stop
//! reasons, diagnoses, notes) and error messages follow it; dictionary keys and enumerated values
//! stay English.

use nabla::i18n::{Arg, Lang};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Sets the language of nabla's words for this process: `"en"` or `"zh-TW"` (locale forms such
/// as `"zh_TW.UTF-8"` work too).
///
/// >>> import nabla
/// >>> nabla.set_language("zh-TW"); nabla.language()
/// 'zh-TW'
/// >>> nabla.set_language("en")
#[pyfunction]
pub fn set_language(lang: &str) -> PyResult<()> {
    let lang: Lang = lang
        .parse()
        .map_err(|e: nabla::i18n::LangError| PyValueError::new_err(e.to_string()))?;
    nabla::i18n::set_lang(lang);
    Ok(())
}

/// The language of nabla's words now: `"en"` or `"zh-TW"`.
#[pyfunction]
pub fn language() -> &'static str {
    nabla::i18n::lang().code()
}

/// Chooses the language from the environment, once, when the module is imported.
pub fn init_from_env() {
    nabla::i18n::set_lang(Lang::from_env());
}

/// Message `id` of nabla's catalogs in the current language, its variables given as keyword
/// arguments (text, or integers for plural forms): the words of the notebook displays.
///
/// >>> import nabla._nabla as n
/// >>> n.message("trace-col-value")
/// 'value'
#[pyfunction]
#[pyo3(signature = (id, **args))]
pub fn message(id: &str, args: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
    let mut owned: Vec<(String, Arg<'static>)> = Vec::new();
    if let Some(args) = args {
        for (k, v) in args.iter() {
            let name: String = k.extract()?;
            let value = if let Ok(n) = v.extract::<i64>() {
                Arg::Int(n)
            } else {
                Arg::Str(v.str()?.to_string().into())
            };
            owned.push((name, value));
        }
    }
    let borrowed: Vec<(&str, Arg<'_>)> =
        owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    Ok(nabla::i18n::tr(id, &borrowed))
}
