//! The language of the words in nabla's answers for Python (`nabla.set_language`,
//! `nabla.language`): the library's process-wide language ([`nabla::i18n`]), set at import from
//! `LC_ALL`, `LC_MESSAGES` or `LANG` as the command line does. Answers' prose (verdicts, stop
//! reasons, diagnoses, notes) and error messages follow it; dictionary keys and enumerated values
//! stay English.

use nabla::i18n::Lang;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

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
