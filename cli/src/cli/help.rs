//! `--help` in the reader's language: the command line's description, the subcommands' one-line
//! descriptions, the shared flags (`--lang`, `--json`, `--help`, `--version`, the formula's
//! source and `--vars`), the flags of `eval`, `grad`, `diff` and `schema`, and the headings
//! (`Usage:`, `Commands:`, `Arguments:`, `Options:`), and the flags of every other subcommand
//! (`help-arg-<subcommand>-<flag id>`), each a `help-...` message of the catalog
//! (`i18n/*/common.ftl`).
//!
//! English is clap's own text from the doc comments ([`localize`] changes nothing in English);
//! the English catalog repeats those texts, and a test keeps the two the same and that every
//! visible flag has its text. clap's own words inside a line (`[default: ...]`,
//! `[possible values: ...]`) stay English.

use clap::Command;
use nabla::i18n::Lang;
use nabla::tr_in;

/// `cmd` (built: [`Command::build`]) with its help in `lang`; unchanged for English.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    localize_command(cmd, lang, None)
}

/// One command and its subcommands, recursively; `parent` is the subcommand's name (`None` for
/// `nabla` itself).
fn localize_command(cmd: Command, lang: Lang, name: Option<&str>) -> Command {
    let about = match name {
        None => Some(tr_in!(lang, "help-about")),
        Some(n) => subcommand_about(lang, n),
    };
    let cmd = match about {
        Some(text) => cmd.about(text),
        None => cmd,
    };
    // `Usage: nabla ...`, `用法：nabla ...`: a space after an ASCII colon only.
    let mut usage = tr_in!(lang, "help-heading-usage");
    if usage.ends_with(':') {
        usage.push(' ');
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{{usage}}\n\n{{all-args}}{{after-help}}"
    );
    let (arguments, options) = (
        leak(tr_in!(lang, "help-heading-arguments")),
        leak(tr_in!(lang, "help-heading-options")),
    );
    let sub = name.map(str::to_string);
    cmd.help_template(template)
        .subcommand_help_heading(leak(tr_in!(lang, "help-heading-commands")))
        .mut_args(|arg| {
            let help = arg_help(lang, sub.as_deref(), arg.get_id().as_str());
            let arg = match arg.get_help_heading() {
                Some(_) => arg,
                None if arg.is_positional() => arg.help_heading(arguments),
                None => arg.help_heading(options),
            };
            match help {
                Some(h) => arg.help(h),
                None => arg,
            }
        })
        .mut_subcommands(|sc| {
            let n = sc.get_name().to_string();
            localize_command(sc, lang, Some(&n))
        })
}

/// A heading for clap, which takes `&'static str` headings (without its `string` feature): the
/// command line localizes its help once per process, so the few headings live as long as it.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The one-line description of subcommand `name`, `None` for one the catalog does not describe.
fn subcommand_about(lang: Lang, name: &str) -> Option<String> {
    Some(match name {
        "eval" => tr_in!(lang, "help-eval"),
        "grad" => tr_in!(lang, "help-grad"),
        "diff" => tr_in!(lang, "help-diff"),
        "min" => tr_in!(lang, "help-min"),
        "plot" => tr_in!(lang, "help-plot"),
        "check" => tr_in!(lang, "help-check"),
        "fit" => tr_in!(lang, "help-fit"),
        "trace" => tr_in!(lang, "help-trace"),
        "graph" => tr_in!(lang, "help-graph"),
        "schema" => tr_in!(lang, "help-schema"),
        "serve" => tr_in!(lang, "help-serve"),
        "help" => tr_in!(lang, "help-help"),
        _ => return None,
    })
}

/// The help of the argument `id` of subcommand `sub` (`None`: `nabla` itself); `None` for one
/// the catalog does not describe (it keeps its English help).
fn arg_help(lang: Lang, sub: Option<&str>, id: &str) -> Option<String> {
    Some(match (sub, id) {
        (_, "lang") => tr_in!(lang, "help-arg-lang"),
        (_, "json") => tr_in!(lang, "help-arg-json"),
        (_, "help") => tr_in!(lang, "help-arg-help"),
        (_, "version") => tr_in!(lang, "help-arg-version"),
        (_, "formula") => tr_in!(lang, "help-arg-formula"),
        (_, "file") => tr_in!(lang, "help-arg-file"),
        (_, "vars") => tr_in!(lang, "help-arg-vars"),
        (Some("eval"), "at") => tr_in!(lang, "help-arg-eval-at"),
        (Some("grad"), "at") => tr_in!(lang, "help-arg-grad-at"),
        (Some("grad"), "no_formulas") => tr_in!(lang, "help-arg-no-formulas"),
        (Some("diff"), "wrt") => tr_in!(lang, "help-arg-wrt"),
        (Some("diff"), "hessian") => tr_in!(lang, "help-arg-hessian"),
        (Some("diff"), "latex") => tr_in!(lang, "help-arg-latex"),
        (Some("diff"), "mathml") => tr_in!(lang, "help-arg-mathml"),
        (Some("schema"), "command") => tr_in!(lang, "help-arg-schema-command"),
        // The other subcommands' flags: `help-arg-<subcommand>-<flag id>` where the catalog has
        // one (every visible flag of min, plot, check, fit, trace, graph and serve).
        (Some(sub), id) => {
            let key = format!("help-arg-{sub}-{id}");
            let text = nabla::i18n::tr_in(lang, &key, &[]);
            return (text != key).then_some(text);
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every text the catalog gives, in English, is clap's text from the doc comments: the
    /// catalog does not drift from the code. (`--help` and `--version` are clap's own.)
    #[test]
    fn the_english_catalog_repeats_the_doc_comments() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        check_english(&cmd, None);
    }

    fn check_english(cmd: &Command, name: Option<&str>) {
        let about = match name {
            None => Some(tr_in!(Lang::En, "help-about")),
            Some(n) => subcommand_about(Lang::En, n),
        };
        if let (Some(want), Some(have)) = (about, cmd.get_about()) {
            assert_eq!(have.to_string(), want, "{name:?}");
        }
        // `--help` and `--version` are clap's (`Print help (see more with '--help')` where a
        // longer help exists); zh-TW gives one text.
        for arg in cmd
            .get_arguments()
            .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        {
            let id = arg.get_id().as_str();
            if let (Some(want), Some(have)) = (arg_help(Lang::En, name, id), arg.get_help()) {
                assert_eq!(have.to_string(), want, "{name:?} {id}");
            }
        }
        for sc in cmd.get_subcommands() {
            check_english(sc, Some(sc.get_name()));
        }
    }

    /// Every visible flag of every subcommand has its text in the catalog, so zh-TW `--help`
    /// leaves no English description.
    #[test]
    fn every_visible_flag_has_its_text() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        for sc in cmd.get_subcommands() {
            for arg in sc.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = arg.get_id().as_str();
                if arg.get_help().is_some()
                    && arg_help(Lang::ZhTw, Some(sc.get_name()), id).is_none()
                {
                    missing.push(format!("{} {id}", sc.get_name()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "flags without a catalog text: {missing:?}"
        );
    }

    /// In zh-TW every subcommand and shared flag has its Chinese text, and no English
    /// description of them is left.
    #[test]
    fn zh_tw_help_has_chinese_descriptions() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut cmd = localize(cmd, Lang::ZhTw);
        let help = cmd.render_help().to_string();
        for want in [
            "用法：",
            "命令:",
            "選項:",
            "在一個點求公式的值",
            "梯度",
            "語言",
        ] {
            assert!(help.contains(want), "`{want}` missing:\n{help}");
        }
        for english in [
            "Usage:",
            "Commands:",
            "Options:",
            "Evaluate a formula",
            "Print help",
        ] {
            assert!(!help.contains(english), "`{english}` left:\n{help}");
        }
        let eval = cmd
            .find_subcommand_mut("eval")
            .expect("eval")
            .render_help()
            .to_string();
        for want in ["引數:", "公式", "從檔案讀取公式", "依名稱"] {
            assert!(eval.contains(want), "`{want}` missing:\n{eval}");
        }
    }
}
