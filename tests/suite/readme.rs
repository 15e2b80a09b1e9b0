//! Every ```console block of README.md and README.zh-TW.md is a test: its commands run against the
//! built `nabla`, and what they print must be what the README shows. The READMEs cannot drift from
//! the program.
//!
//! The convention, which README.md follows:
//! - A block is one shell session (`sh`) in a fresh empty temporary directory, with the `nabla`
//!   under test first on `PATH` and `LC_ALL=C` (README.zh-TW.md: `LC_ALL=zh_TW.UTF-8`, the locale
//!   of its readers, so its commands need no `--lang`). Lines starting with `$ ` are commands; every other
//!   line, up to the next command, is the output the command before it prints, standard output and
//!   standard error together in the order printed. A command with no output lines prints nothing.
//! - Files an example needs are made by commands in the same block (`$ printf ... > points.csv`,
//!   `$ awk ... > wave.csv`, or a here-document `$ cat > f.csv <<'EOF'` whose lines up to `EOF`
//!   belong to the command). Shell variables and files last to the end of the block.
//! - A command line ending in `\` continues on the next line, as in the shell.
//! - A command exits 0 unless its (last) line ends with a comment `# exit N`: then it must exit N.
//! - Wildcards in output: `[..]` within a line matches any text on that line (timings such as
//!   `time [..]`); a line that is only `...` matches any number of lines, none included.
//!   Trailing spaces and trailing empty lines are ignored.

use std::path::Path;
use std::process::Command;

/// One `$ ` command of the README, with what it should print and how it should exit.
#[derive(Debug)]
struct Example {
    /// The README line of the `$`.
    line: usize,
    /// The command as the shell gets it (continuation lines and here-documents included).
    command: String,
    /// The output lines shown under it.
    expected: Vec<String>,
    /// The exit code: 0, or the `N` of a trailing `# exit N`.
    status: i32,
}

/// One console block: its opening line and its commands.
#[derive(Debug)]
struct Block {
    line: usize,
    examples: Vec<Example>,
}

const MARK: &str = "@@nabla-readme-exit ";

/// The console blocks of a Markdown text.
fn blocks(markdown: &str) -> Result<Vec<Block>, String> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        let start = i + 1;
        let Some(len) = lines[start..].iter().position(|l| l.trim_end() == "```") else {
            return Err(format!(
                "README.md:{}: the console block is never closed",
                i + 1
            ));
        };
        out.push(parse_block(start, &lines[start..start + len])?);
        i = start + len + 1;
    }
    Ok(out)
}

/// The examples of one block whose first line is README line `start + 1`.
fn parse_block(start: usize, lines: &[&str]) -> Result<Block, String> {
    let mut examples: Vec<Example> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some(first) = line.strip_prefix("$ ") else {
            match examples.last_mut() {
                Some(e) => e.expected.push(line.trim_end().to_string()),
                None => {
                    return Err(format!(
                        "README.md:{}: output before any `$ ` command in a console block",
                        start + i + 1
                    ))
                }
            }
            i += 1;
            continue;
        };
        let at = start + i + 1;
        let mut command = first.to_string();
        while command.trim_end().ends_with('\\') && i + 1 < lines.len() {
            i += 1;
            command.push('\n');
            command.push_str(lines[i]);
        }
        if let Some(end) = heredoc_end(&command) {
            loop {
                i += 1;
                let Some(l) = lines.get(i) else {
                    return Err(format!(
                        "README.md:{at}: the here-document is never closed by `{end}`"
                    ));
                };
                command.push('\n');
                command.push_str(l);
                if l.trim() == end {
                    break;
                }
            }
        }
        let last = command.lines().last().unwrap_or_default();
        let status = match last.rfind("# exit ") {
            Some(k) => {
                let digits: String = last[k + 7..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().map_err(|_| {
                    format!("README.md:{at}: `# exit` must be followed by the exit code")
                })?
            }
            None => 0,
        };
        examples.push(Example {
            line: at,
            command,
            expected: Vec::new(),
            status,
        });
        i += 1;
    }
    Ok(Block {
        line: start,
        examples,
    })
}

/// The word that ends a here-document started on the command's first line (`<<'EOF'` -> `EOF`).
fn heredoc_end(command: &str) -> Option<String> {
    let first = command.lines().next()?;
    let rest = first[first.find("<<")? + 2..]
        .trim_start_matches('-')
        .trim_start();
    let word: String = rest
        .trim_start_matches(['\'', '"'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

/// Whether `line` matches `pattern`, in which each `[..]` stands for any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let pieces: Vec<&str> = pattern.split("[..]").collect();
    if pieces.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !line.starts_with(first) || line.len() < first.len() + last.len() || !line.ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(k) => rest = &rest[k + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Whether the lines `actual` match the `expected` ones, where a line `...` stands for any lines.
fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "..." => {
            (0..=actual.len()).any(|k| lines_match(rest, &actual[k..]))
        }
        Some((e, rest)) => {
            !actual.is_empty() && line_matches(e, actual[0]) && lines_match(rest, &actual[1..])
        }
    }
}

/// Lines without trailing spaces, trailing empty lines dropped.
fn trimmed<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Vec<String> {
    let mut v: Vec<String> = lines
        .into_iter()
        .map(|l| l.as_ref().trim_end().to_string())
        .collect();
    while v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// Runs a block's commands in one shell in `dir`; returns each command's output and exit code.
fn run_block(block: &Block, dir: &Path, locale: &str) -> Result<Vec<(String, i32)>, String> {
    let mut script = String::from("exec 2>&1\n");
    for e in &block.examples {
        script.push_str(&e.command);
        script.push_str(&format!("\nprintf '\\n{MARK}%s@@\\n' \"$?\"\n"));
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_nabla"));
    let bin_dir = bin.parent().ok_or("the binary has no folder")?;
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .map_err(|e| e.to_string())?;
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env("PATH", path)
        .env("LC_ALL", locale)
        .output()
        .map_err(|e| format!("cannot run sh: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut results = Vec::new();
    let mut rest = text.as_str();
    for e in &block.examples {
        let Some(k) = rest.find(&format!("\n{MARK}")) else {
            return Err(format!(
                "README.md:{}: the shell stopped before this command finished; it printed:\n{rest}",
                e.line
            ));
        };
        let output = rest[..k].to_string();
        let after = &rest[k + 1 + MARK.len()..];
        let end = after.find("@@\n").ok_or("a broken exit marker")?;
        let status = after[..end].parse().map_err(|_| "a broken exit code")?;
        results.push((output, status));
        rest = &after[end + 3..];
    }
    Ok(results)
}

#[test]
fn every_console_example_in_the_readme_is_true() {
    check_readme("README.md", "C", 15);
}

#[test]
fn every_console_example_in_the_chinese_readme_is_true() {
    check_readme("README.zh-TW.md", "zh_TW.UTF-8", 8);
}

/// Runs every example of the README `name` (at the repository's top) in `locale`; it must have at
/// least `min_examples`.
fn check_readme(name: &str, locale: &str, min_examples: usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name);
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {name}: {e}"));
    let blocks = blocks(&readme).unwrap_or_else(|e| panic!("{name}: {e}"));
    let count: usize = blocks.iter().map(|b| b.examples.len()).sum();
    assert!(
        count >= min_examples,
        "only {count} examples found in {name}"
    );
    let mut failures = Vec::new();
    for block in &blocks {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "nabla-readme-{}-{}",
            std::process::id(),
            block.line + if locale == "C" { 0 } else { 1_000_000 }
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        let results = run_block(block, &dir, locale).unwrap_or_else(|e| panic!("{name}: {e}"));
        let _ = std::fs::remove_dir_all(&dir);
        for (e, (output, status)) in block.examples.iter().zip(results) {
            let expected = trimmed(&e.expected);
            let actual = trimmed(output.lines());
            let actual_refs: Vec<&str> = actual.iter().map(String::as_str).collect();
            if status != e.status || !lines_match(&expected, &actual_refs) {
                failures.push(format!(
                    "{name}:{}: $ {}\nexpected exit {}, got {status}\n--- README shows:\n{}\n--- nabla prints:\n{}\n",
                    e.line,
                    e.command,
                    e.status,
                    expected.join("\n"),
                    actual.join("\n")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) of {name} are not true:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn wildcards_match_what_they_document() {
    assert!(line_matches("time         [..]", "time         15.8µs"));
    assert!(line_matches("a [..] c [..]", "a b c d"));
    assert!(!line_matches("a [..] c", "a b d"));
    assert!(!line_matches("ab[..]ba", "aba"));
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(lines_match(&e(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(lines_match(&e(&["a", "  ...", "b"]), &["a", "b"]));
    assert!(!lines_match(&e(&["a", "...", "d"]), &["a", "b"]));
    assert!(!lines_match(&e(&["a"]), &["a", "b"]));
}

#[test]
fn blocks_read_continuations_heredocs_and_exit_codes() {
    let md = "text\n```console\n$ printf 'x\\n' \\\n    > a.csv\n$ cat > b.csv <<'EOF'\nx,y\nEOF\n$ nabla eval 'x' # exit 2\nerror: a\n```\n";
    let b = blocks(md).unwrap_or_else(|e| panic!("{e}"));
    let ex = &b[0].examples;
    assert_eq!(ex.len(), 3);
    assert_eq!(ex[0].command, "printf 'x\\n' \\\n    > a.csv");
    assert_eq!(ex[1].command, "cat > b.csv <<'EOF'\nx,y\nEOF");
    assert!(ex[1].expected.is_empty());
    assert_eq!((ex[2].status, ex[2].expected.len(), ex[2].line), (2, 1, 8));
    assert!(blocks("```console\nstray\n```\n").is_err());
}
