//! Fitting a formula to data: `w*x + b` against the columns of a CSV file, with mini-batches and
//! any optimizer of the suite.
//!
//! The model's variables split into **parameters** (named by the caller, learned) and **data
//! variables** (bound to the data's columns by header name). The per-sample loss is `(pred -
//! target)^2` or any formula in `pred` and `target`; it is composed with the model in the model's
//! own graph (`pred` becomes the model's root, `target` the target column's variable) by one
//! forward sweep over the loss's arena, then differentiated once with respect to the parameters.
//! One [`Tape`] computes `[loss, dloss/dparam...]` for one row from the inputs `[params..., data
//! columns...]`; a batch's gradient is the mean of the rows' gradients, accumulated row by row in
//! a fixed buffer. No graph is built per batch and evaluation allocates nothing.
//!
//! # Invariants
//!
//! * **Data is checked before training.** A [`Dataset`] is read once, as `f64`, row-major; its
//!   size is the only memory proportional to the data (plus one row permutation for shuffling),
//!   and nothing grows with the epochs except the list of epoch losses. Every problem with the
//!   file (empty, header only, unnamed or duplicate column names, ragged rows, cells that are not
//!   finite numbers in a column the model uses, a column the model needs but the header lacks) is
//!   a [`FitError`] naming the file, the line and the column, raised before the first step.
//! * **Runs repeat exactly.** Shuffling uses `fastrand` seeded with [`FitConfig::seed`]; batches
//!   are summed in permutation order, so the same seed gives bit-identical parameters.
//! * **Never a NaN answer.** A loss or gradient that stops being finite ends training with
//!   [`FitError::Diverged`], which carries the last finite parameters; a start where the loss is
//!   not finite is [`FitError::NonFiniteStart`], naming the first offending line.
//! * **Mini-batch steps use the update rules directly** ([`crate::optim::UpdateRule`] with the
//!   method's learning-rate decay `lr / (1 + decay * i)`, `i` counting iterations over all
//!   epochs). The line-search and derivative-free methods (`lbfgs`, `gd-armijo`, `newton`,
//!   `nelder-mead`) need a fixed objective, so they run on the full batch only, one step per
//!   epoch, through [`crate::optim::Optimizer`]; they stop early when the gradient's largest
//!   component is at most [`FitConfig::tol`] or their line search cannot make progress.
//!
//! Iterations per epoch are `ceil(rows / batch)` with a smaller last batch, as in Keras: 50,000
//! rows in batches of 128 are 391 iterations.

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use serde::{Serialize, Serializer};

use crate::display::fmt_number;
use crate::error::ParseError;
use crate::grad::{gradient, hessian};
use crate::graph::{Graph, Node, NodeId, VarId};
use crate::optim::{
    max_norm, FirstOrder, Iterate, Method, MethodKind, Objective, OptimError, Optimizer,
    StepStatus, UpdateRule,
};
use crate::parse::parse_into;
use crate::tape::{Tape, Workspace};

// ---------------------------------------------------------------------------------------------
// Errors

/// Everything that can go wrong reading data or fitting: each names what is wrong, where (file,
/// line, column) and how to fix it.
///
/// ```
/// let data = nabla::Dataset::from_csv_reader("pts.csv", "x,y\n1,2\n3,abc\n".as_bytes()).unwrap();
/// let err = nabla::fit("w*x", &data, &nabla::FitConfig::new(&["w"])).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "`pts.csv` line 3, column `y`: `abc` is not a number; write a decimal number such as 1.5 or -2e-3"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    /// The file could not be opened or read.
    #[error("cannot read `{file}`: {source}; check the path given to --data")]
    Io {
        /// The file.
        file: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A line that is not valid UTF-8.
    #[error("`{file}` line {line} is not valid UTF-8 text; save the file as UTF-8")]
    NotUtf8 {
        /// The file.
        file: String,
        /// The 1-based line.
        line: u64,
    },
    /// Text the CSV reader cannot read.
    #[error("`{file}` line {line}: {source}; check that the file is comma-separated text")]
    Csv {
        /// The file.
        file: String,
        /// The 1-based line.
        line: u64,
        /// The reader's error.
        #[source]
        source: csv::Error,
    },
    /// The file has no header.
    #[error("`{file}` is empty; its first line must be a header naming the columns, e.g. `x,y`")]
    Empty {
        /// The file.
        file: String,
    },
    /// The file has a header and no data.
    #[error("`{file}` has a header but no data rows; add one line of numbers per sample below the header")]
    NoRows {
        /// The file.
        file: String,
    },
    /// A header field that is empty.
    #[error("`{file}` line {line}: column {position} of the header has no name; name every column (or remove a trailing comma)")]
    UnnamedColumn {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The 1-based position of the column.
        position: usize,
    },
    /// Two columns with one name.
    #[error("`{file}` line {line}: the column name `{column}` appears twice (columns {first} and {second}); rename one of them")]
    DuplicateColumn {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The name.
        column: String,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the second occurrence.
        second: usize,
    },
    /// A row with more or fewer fields than the header.
    #[error("`{file}` line {line} has {found} fields but the header has {expected}: {}; give every row one value per column", ragged_detail(.column, *.expected))]
    RaggedRow {
        /// The file.
        file: String,
        /// The row's line.
        line: u64,
        /// Number of columns of the header.
        expected: usize,
        /// Number of fields on the line.
        found: usize,
        /// For a short row, the first column it leaves out; `None` for a long row.
        column: Option<String>,
    },
    /// In-memory columns of different lengths.
    #[error("`{file}`: column `{column}` has {found} values but the first column has {expected}; give every column one value per row")]
    ColumnLength {
        /// The data set's name.
        file: String,
        /// The column.
        column: String,
        /// Rows of the first column.
        expected: usize,
        /// Rows of this column.
        found: usize,
    },
    /// A cell of a used column that is not a finite number.
    #[error("`{file}` line {line}, column `{column}`: {}", cell_problem(.text))]
    NotANumber {
        /// The file.
        file: String,
        /// The cell's line.
        line: u64,
        /// The cell's column.
        column: String,
        /// The cell's text.
        text: String,
    },
    /// A data variable of the model with no column.
    #[error("`{file}` line {line}: no column `{column}`, which the formula uses as data (the header has {header}); rename a column to `{column}`, or list `{column}` in --params to learn it")]
    MissingColumn {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The variable without a column.
        column: String,
        /// The header's names, comma-separated.
        header: String,
    },
    /// The target column is not in the header.
    #[error("`{file}` line {line}: no target column `{column}` (the header has {header}); name the column to fit with --target")]
    MissingTarget {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The target's name.
        column: String,
        /// The header's names, comma-separated.
        header: String,
    },
    /// No parameters were named.
    #[error("no parameters to learn; name them with --params, e.g. --params w,b")]
    NoParams,
    /// A parameter named twice.
    #[error("the parameter `{name}` is listed twice; list each parameter once")]
    DuplicateParam {
        /// The name.
        name: String,
    },
    /// A parameter the model does not use.
    #[error("the parameter `{name}` does not appear in the formula (its variables are: {vars}); remove it from --params or fix its spelling")]
    UnknownParam {
        /// The name.
        name: String,
        /// The model's variables, comma-separated.
        vars: String,
    },
    /// A start value for a name that is not a parameter.
    #[error("`{name}` has a start value but is not a parameter (the parameters are: {params}); fix the name in --init")]
    UnknownInit {
        /// The name.
        name: String,
        /// The parameters, comma-separated.
        params: String,
    },
    /// A start value that is NaN or infinite.
    #[error("the start value of `{name}` is not a finite number; give a number such as {name}=1")]
    NonFiniteInit {
        /// The parameter.
        name: String,
    },
    /// The target column is also a parameter.
    #[error("the target `{name}` is also a parameter; choose another column with --target or rename the parameter")]
    TargetIsParam {
        /// The name.
        name: String,
    },
    /// The model formula does not parse.
    #[error("{0}")]
    Model(ParseError),
    /// The loss formula does not parse.
    #[error("{0}")]
    Loss(ParseError),
    /// A loss formula that does not depend on the prediction.
    #[error("the loss `{loss}` does not use `pred`; write it in terms of the prediction `pred` and the target `target`, e.g. `(pred - target)^2`")]
    LossWithoutPred {
        /// The loss as given.
        loss: String,
    },
    /// A batch size that is not a positive number or `all`.
    #[error("invalid batch size `{text}`; give a number of rows of at least 1 (1 for stochastic steps) or `all` for the full data")]
    InvalidBatch {
        /// The text given.
        text: String,
    },
    /// A line-search method asked to take mini-batch steps.
    #[error("method `{method}` takes full-batch steps with a line search; use --batch all, or a first-order method such as --method adam for mini-batches")]
    NeedsFullBatch {
        /// The method's name.
        method: &'static str,
    },
    /// An error of the engine (compiling the loss).
    #[error(transparent)]
    Engine(#[from] crate::error::Error),
    /// An invalid method setting.
    #[error(transparent)]
    Method(#[from] OptimError),
    /// The loss or its gradient is not finite at the start.
    #[error("the {what} is {} at the start ({}) on `{file}` line {line}; choose start values inside the formula's domain with --init", describe(*.value), assignments(.names, .values))]
    NonFiniteStart {
        /// `loss` or `gradient of the loss`.
        what: &'static str,
        /// The offending value.
        value: f64,
        /// The data set's name.
        file: String,
        /// The line of the first row where it happens.
        line: u64,
        /// Parameter names.
        names: Vec<String>,
        /// Start values.
        values: Vec<f64>,
    },
    /// The loss or gradient stopped being finite during training.
    #[error("training diverged at epoch {epoch}, iteration {iteration}: the {what} became {}; use a smaller learning rate, e.g. --lr {} (last finite parameters: {})", describe(*.value), fmt_number(*.suggested_lr), assignments(.names, .last))]
    Diverged {
        /// 1-based epoch.
        epoch: usize,
        /// 1-based iteration, counted over all epochs.
        iteration: usize,
        /// What became non-finite.
        what: &'static str,
        /// The non-finite value.
        value: f64,
        /// A tenth of the learning rate used.
        suggested_lr: f64,
        /// Parameter names.
        names: Vec<String>,
        /// The last finite parameters.
        last: Vec<f64>,
    },
}

fn ragged_detail(column: &Option<String>, expected: usize) -> String {
    match column {
        Some(c) => format!("column `{c}` is missing"),
        None => format!("field {} has no column", expected + 1),
    }
}

fn cell_problem(text: &str) -> String {
    if text.is_empty() {
        "the cell is empty; every cell of a used column needs a number".to_string()
    } else if text.parse::<f64>().is_ok() {
        format!("`{text}` is not a finite number; write a finite value such as 1.5")
    } else {
        format!("`{text}` is not a number; write a decimal number such as 1.5 or -2e-3")
    }
}

fn describe(v: f64) -> String {
    if v.is_nan() {
        "NaN (not a number)".to_string()
    } else {
        format!("{v} (an overflow)")
    }
}

fn assignments(names: &[String], values: &[f64]) -> String {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n} = {}", fmt_number(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// Data

/// The first cell of a column that is not a finite number.
#[derive(Clone, Debug)]
struct BadCell {
    line: u64,
    text: String,
}

/// Rows of named numeric columns, stored once as row-major `f64`.
///
/// Cells that are not finite numbers are allowed in columns a fit does not use (a `name` column,
/// say); the first such cell of each column is remembered and reported, with its line, when a fit
/// needs that column.
///
/// ```
/// let d = nabla::Dataset::from_csv_reader("pts.csv", "x,y\n-1,-3\n0,0\n1,1\n".as_bytes()).unwrap();
/// assert_eq!((d.rows(), d.columns()), (3, &["x".to_string(), "y".to_string()][..]));
/// assert_eq!(d.row(0), [-1.0, -3.0]);
/// ```
#[derive(Clone, Debug)]
pub struct Dataset {
    name: String,
    columns: Vec<String>,
    header_line: u64,
    values: Vec<f64>,
    lines: Vec<u64>,
    bad: Vec<Option<BadCell>>,
}

impl Dataset {
    /// Reads a comma-separated file whose first line names the columns. Blank lines are skipped;
    /// fields are trimmed; quoting follows RFC 4180.
    pub fn read_csv(path: impl AsRef<Path>) -> Result<Dataset, FitError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let f = std::fs::File::open(path).map_err(|source| FitError::Io {
            file: file.clone(),
            source,
        })?;
        Dataset::from_csv_reader(&file, f)
    }

    /// Reads comma-separated text from any reader; `name` is used in messages. The text is held
    /// in memory while it is parsed (so line numbers stay exact across skipped blank lines), then
    /// dropped; the data set keeps only the numbers.
    ///
    /// ```
    /// let err = nabla::Dataset::from_csv_reader("d.csv", "x,y\n1,2\n3\n".as_bytes()).unwrap_err();
    /// assert!(err.to_string().starts_with("`d.csv` line 3 has 1 fields but the header has 2: column `y` is missing"));
    /// ```
    pub fn from_csv_reader<R: Read>(name: &str, mut reader: R) -> Result<Dataset, FitError> {
        let file = name.to_string();
        let mut text = Vec::new();
        reader
            .read_to_end(&mut text)
            .map_err(|source| FitError::Io {
                file: file.clone(),
                source,
            })?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(&text[..]);
        let mut record = csv::StringRecord::new();
        let read = |rdr: &mut csv::Reader<&[u8]>, rec: &mut csv::StringRecord| loop {
            match rdr.read_record(rec) {
                Ok(false) => return Ok(false),
                // A line of spaces is a blank line too.
                Ok(true) if rec.len() == 1 && rec[0].is_empty() => continue,
                Ok(true) => return Ok(true),
                Err(e) => return Err(csv_error(&file, e)),
            }
        };
        // The reader dates a record from where it started looking, before the blank lines it
        // skips; count those to get the line the record is on.
        let line_of = |rec: &csv::StringRecord| -> u64 {
            let Some(pos) = rec.position() else { return 0 };
            let start = usize::try_from(pos.byte())
                .unwrap_or(usize::MAX)
                .min(text.len());
            let blank = text[start..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|b| **b == b'\n')
                .count();
            pos.line() + blank as u64
        };
        if !read(&mut rdr, &mut record)? {
            return Err(FitError::Empty { file });
        }
        let header_line = line_of(&record);
        let mut columns: Vec<String> = Vec::with_capacity(record.len());
        for (k, c) in record.iter().enumerate() {
            if c.is_empty() {
                return Err(FitError::UnnamedColumn {
                    file,
                    line: header_line,
                    position: k + 1,
                });
            }
            if let Some(first) = columns.iter().position(|p| p == c) {
                return Err(FitError::DuplicateColumn {
                    file,
                    line: header_line,
                    column: c.to_string(),
                    first: first + 1,
                    second: k + 1,
                });
            }
            columns.push(c.to_string());
        }
        let nc = columns.len();
        let mut values = Vec::new();
        let mut lines = Vec::new();
        let mut bad: Vec<Option<BadCell>> = vec![None; nc];
        while read(&mut rdr, &mut record)? {
            let line = line_of(&record);
            if record.len() != nc {
                return Err(FitError::RaggedRow {
                    file,
                    line,
                    expected: nc,
                    found: record.len(),
                    column: columns.get(record.len()).cloned(),
                });
            }
            for (k, cell) in record.iter().enumerate() {
                let v = match cell.parse::<f64>() {
                    Ok(v) if v.is_finite() => v,
                    _ => {
                        if bad[k].is_none() {
                            bad[k] = Some(BadCell {
                                line,
                                text: cell.to_string(),
                            });
                        }
                        f64::NAN
                    }
                };
                values.push(v);
            }
            lines.push(line);
        }
        if lines.is_empty() {
            return Err(FitError::NoRows { file });
        }
        Ok(Dataset {
            name: file,
            columns,
            header_line,
            values,
            lines,
            bad,
        })
    }

    /// Columns given in memory, as if read from a file named `name` with a header line and one
    /// line per row. Values that are not finite count as bad cells.
    ///
    /// ```
    /// let d = nabla::Dataset::from_columns("mem", &[("x", vec![1.0, 2.0]), ("y", vec![3.0, 5.0])]).unwrap();
    /// assert_eq!(d.row(1), [2.0, 5.0]);
    /// ```
    pub fn from_columns(name: &str, columns: &[(&str, Vec<f64>)]) -> Result<Dataset, FitError> {
        let file = name.to_string();
        let rows = columns.first().map_or(0, |c| c.1.len());
        let mut names: Vec<String> = Vec::with_capacity(columns.len());
        for (k, (c, v)) in columns.iter().enumerate() {
            if c.trim().is_empty() {
                return Err(FitError::UnnamedColumn {
                    file,
                    line: 1,
                    position: k + 1,
                });
            }
            if let Some(first) = names.iter().position(|p| p == c) {
                return Err(FitError::DuplicateColumn {
                    file,
                    line: 1,
                    column: c.to_string(),
                    first: first + 1,
                    second: k + 1,
                });
            }
            if v.len() != rows {
                return Err(FitError::ColumnLength {
                    file,
                    column: c.to_string(),
                    expected: rows,
                    found: v.len(),
                });
            }
            names.push(c.to_string());
        }
        if names.is_empty() {
            return Err(FitError::Empty { file });
        }
        if rows == 0 {
            return Err(FitError::NoRows { file });
        }
        let mut values = Vec::with_capacity(rows * names.len());
        let mut bad: Vec<Option<BadCell>> = vec![None; names.len()];
        for r in 0..rows {
            for (k, (_, col)) in columns.iter().enumerate() {
                let v = col[r];
                if !v.is_finite() && bad[k].is_none() {
                    bad[k] = Some(BadCell {
                        line: r as u64 + 2,
                        text: v.to_string(),
                    });
                }
                values.push(v);
            }
        }
        Ok(Dataset {
            name: file,
            columns: names,
            header_line: 1,
            values,
            lines: (2..rows as u64 + 2).collect(),
            bad,
        })
    }

    /// The name used in messages (the file's path).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column names, in file order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of data rows.
    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    /// The values of row `r` (0-based), one per column; a cell that is not a finite number is NaN.
    ///
    /// # Panics
    ///
    /// If `r >= rows()`.
    pub fn row(&self, r: usize) -> &[f64] {
        let nc = self.columns.len();
        &self.values[r * nc..(r + 1) * nc]
    }

    /// The line of the source on which row `r` (0-based) starts.
    pub fn line_of_row(&self, r: usize) -> Option<u64> {
        self.lines.get(r).copied()
    }

    fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    fn header_text(&self) -> String {
        self.columns
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The error for a used column with a bad cell, if it has one.
    fn check_column(&self, k: usize) -> Result<(), FitError> {
        match &self.bad[k] {
            Some(b) => Err(FitError::NotANumber {
                file: self.name.clone(),
                line: b.line,
                column: self.columns[k].clone(),
                text: b.text.clone(),
            }),
            None => Ok(()),
        }
    }
}

fn csv_error(file: &str, e: csv::Error) -> FitError {
    let line = e.position().map_or(0, csv::Position::line);
    let file = file.to_string();
    match e.kind() {
        csv::ErrorKind::Io(_) => match e.into_kind() {
            csv::ErrorKind::Io(source) => FitError::Io { file, source },
            _ => FitError::NotUtf8 { file, line },
        },
        csv::ErrorKind::Utf8 { .. } => FitError::NotUtf8 { file, line },
        _ => FitError::Csv {
            file,
            line,
            source: e,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

/// How many rows each step sees.
///
/// ```
/// use nabla::Batch;
/// assert_eq!("32".parse::<Batch>().unwrap(), Batch::Size(32));
/// assert_eq!("all".parse::<Batch>().unwrap(), Batch::All);
/// assert!("0".parse::<Batch>().is_err());
/// assert_eq!(Batch::Size(128).iterations(50_000), 391);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Batch {
    /// Mini-batches of this many rows (1 is stochastic gradient descent); the last batch of an
    /// epoch may be smaller.
    Size(usize),
    /// The whole data set in every step.
    All,
}

impl Batch {
    /// Rows per step for a data set of `rows` rows (never more than `rows`, at least 1).
    ///
    /// ```
    /// assert_eq!(nabla::Batch::Size(500).size(100), 100);
    /// ```
    pub fn size(self, rows: usize) -> usize {
        match self {
            Batch::Size(n) => n.min(rows).max(1),
            Batch::All => rows.max(1),
        }
    }

    /// Steps per epoch: `ceil(rows / size)`.
    ///
    /// ```
    /// assert_eq!(nabla::Batch::All.iterations(10), 1);
    /// ```
    pub fn iterations(self, rows: usize) -> usize {
        rows.div_ceil(self.size(rows))
    }
}

impl FromStr for Batch {
    type Err = FitError;
    fn from_str(s: &str) -> Result<Batch, FitError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("all") || t.eq_ignore_ascii_case("full") {
            return Ok(Batch::All);
        }
        match t.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Batch::Size(n)),
            _ => Err(FitError::InvalidBatch {
                text: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Batch::Size(n) => write!(f, "{n}"),
            Batch::All => f.write_str("all"),
        }
    }
}

/// What to learn and how: parameters, start values, target, loss, batches, epochs, shuffling and
/// the method.
///
/// Defaults: target `y`, loss `(pred - target)^2`, the full batch, 100 epochs, shuffled with seed
/// 0, L-BFGS, `tol` 1e-12.
///
/// ```
/// use nabla::{Batch, FitConfig};
/// use nabla::optim::Method;
/// let c = FitConfig::new(&["w", "b"])
///     .init("w", 3.0)
///     .batch(Batch::Size(32))
///     .method(Method::parse("adam").unwrap().lr(0.01));
/// assert_eq!(c.init, [("w".to_string(), 3.0)]);
/// assert_eq!(c.target, "y");
/// ```
#[derive(Clone, Debug)]
pub struct FitConfig {
    /// Names of the parameters to learn, in report order.
    pub params: Vec<String>,
    /// Start values by name; parameters not listed start at 0.
    pub init: Vec<(String, f64)>,
    /// The column the model should predict.
    pub target: String,
    /// A per-sample loss in `pred` and `target` (default `(pred - target)^2`, so the batch loss is
    /// the mean squared error). It may also use parameters (a penalty) and data columns.
    pub loss: Option<String>,
    /// Rows per step.
    pub batch: Batch,
    /// Number of passes over the data.
    pub epochs: usize,
    /// Reorder the rows at the start of every epoch (mini-batches only).
    pub shuffle: bool,
    /// Seed of the shuffling.
    pub seed: u64,
    /// The optimizer and its hyper-parameters.
    pub method: Method,
    /// Full-batch line-search methods stop once `max |gradient| <= tol`.
    pub tol: f64,
}

impl FitConfig {
    /// The defaults for these parameters.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["a"]).epochs, 100);
    /// ```
    pub fn new<S: AsRef<str>>(params: &[S]) -> FitConfig {
        FitConfig {
            params: params
                .iter()
                .map(|p| p.as_ref().trim().to_string())
                .collect(),
            init: Vec::new(),
            target: "y".to_string(),
            loss: None,
            batch: Batch::All,
            epochs: 100,
            shuffle: true,
            seed: 0,
            method: Method::new(MethodKind::Lbfgs),
            tol: 1e-12,
        }
    }

    /// Sets the start value of a parameter.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["b"]).init("b", 1.0).init[0].1, 1.0);
    /// ```
    pub fn init(mut self, name: &str, value: f64) -> Self {
        self.init.push((name.trim().to_string(), value));
        self
    }

    /// Sets the target column.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).target("z").target, "z");
    /// ```
    pub fn target(mut self, column: &str) -> Self {
        self.target = column.trim().to_string();
        self
    }

    /// Sets the per-sample loss formula (in `pred` and `target`).
    ///
    /// ```
    /// let c = nabla::FitConfig::new(&["w"]).loss("abs(pred - target)");
    /// assert!(c.loss.is_some());
    /// ```
    pub fn loss(mut self, formula: &str) -> Self {
        self.loss = Some(formula.to_string());
        self
    }

    /// Sets the batch size.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).batch(nabla::Batch::Size(1)).batch, nabla::Batch::Size(1));
    /// ```
    pub fn batch(mut self, batch: Batch) -> Self {
        self.batch = batch;
        self
    }

    /// Sets the number of epochs.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).epochs(5).epochs, 5);
    /// ```
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Turns shuffling on or off.
    ///
    /// ```
    /// assert!(!nabla::FitConfig::new(&["w"]).shuffle(false).shuffle);
    /// ```
    pub fn shuffle(mut self, on: bool) -> Self {
        self.shuffle = on;
        self
    }

    /// Sets the shuffling seed.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).seed(7).seed, 7);
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the method.
    ///
    /// ```
    /// let m = nabla::optim::Method::parse("sgd").unwrap();
    /// assert_eq!(nabla::FitConfig::new(&["w"]).method(m).method.name(), "gd");
    /// ```
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the gradient tolerance of full-batch line-search methods.
    ///
    /// ```
    /// assert_eq!(nabla::FitConfig::new(&["w"]).tol(1e-6).tol, 1e-6);
    /// ```
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Report

/// Why training ended.
///
/// ```
/// assert_eq!(nabla::FitStop::Epochs.to_string(), "all epochs ran");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FitStop {
    /// All epochs ran.
    Epochs,
    /// A full-batch line-search method reached `max |gradient| <= tol`.
    GradientTolerance,
    /// A full-batch line-search method could not decrease the loss further.
    LineSearchFailed,
    /// Nelder-Mead's simplex collapsed.
    Converged,
}

impl fmt::Display for FitStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FitStop::Epochs => "all epochs ran",
            FitStop::GradientTolerance => "converged, the gradient is below the tolerance",
            FitStop::LineSearchFailed => "converged, the line search finds no lower loss",
            FitStop::Converged => "converged, the simplex collapsed",
        })
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn ser_secs<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// The outcome of a fit: learned parameters, the loss after every epoch, and how it ran. Every
/// number in it is finite.
///
/// ```
/// let data = nabla::Dataset::from_columns("m", &[("x", vec![0.0, 1.0]), ("y", vec![1.0, 3.0])]).unwrap();
/// let r = nabla::fit("w*x + b", &data, &nabla::FitConfig::new(&["w", "b"])).unwrap();
/// assert!((r.value("w").unwrap() - 2.0).abs() < 1e-9);
/// assert!(r.to_string().contains("final loss"));
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct FitReport {
    /// The model, as normalized infix text.
    pub model: String,
    /// The per-sample loss, in `pred` and `target`.
    pub loss_formula: String,
    /// The target column.
    pub target: String,
    /// The method's name.
    pub method: String,
    /// Parameter names.
    pub params: Vec<String>,
    /// Learned values, one per parameter.
    pub values: Vec<f64>,
    /// Rows of data.
    pub rows: usize,
    /// Rows per step.
    pub batch_size: usize,
    /// Steps per epoch: `ceil(rows / batch_size)`.
    pub iterations_per_epoch: usize,
    /// Epochs run.
    pub epochs: usize,
    /// Steps taken.
    pub iterations: usize,
    /// Whether rows were shuffled each epoch.
    pub shuffled: bool,
    /// The shuffling seed.
    pub seed: u64,
    /// Mean loss over all rows at the start.
    pub initial_loss: f64,
    /// Mean loss over all rows after each epoch.
    pub epoch_losses: Vec<f64>,
    /// Mean loss over all rows at the learned parameters.
    pub final_loss: f64,
    /// Why training ended.
    pub stop: FitStop,
    /// Wall-clock time of training (seconds in JSON).
    #[serde(rename = "elapsed_s", serialize_with = "ser_secs")]
    pub elapsed: Duration,
}

impl FitReport {
    /// The learned value of a parameter.
    ///
    /// ```
    /// let data = nabla::Dataset::from_columns("m", &[("y", vec![2.0, 4.0])]).unwrap();
    /// let r = nabla::fit("c", &data, &nabla::FitConfig::new(&["c"])).unwrap();
    /// assert!((r.value("c").unwrap() - 3.0).abs() < 1e-9);
    /// assert_eq!(r.value("z"), None);
    /// ```
    pub fn value(&self, name: &str) -> Option<f64> {
        let k = self.params.iter().position(|p| p == name)?;
        self.values.get(k).copied()
    }
}

/// Most epoch lines the text report prints; longer runs print every k-th epoch and the last.
const EPOCH_LINES: usize = 20;

impl fmt::Display for FitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels = [
            "model",
            "loss",
            "method",
            "data",
            "epoch",
            "final loss",
            "stop",
        ];
        let w = labels
            .iter()
            .map(|l| l.chars().count())
            .chain(self.params.iter().map(|p| p.chars().count()))
            .max()
            .unwrap_or(0);
        writeln!(f, "{:<w$}  {}", "model", self.model)?;
        writeln!(
            f,
            "{:<w$}  mean of {} over the rows, target `{}`",
            "loss", self.loss_formula, self.target
        )?;
        let shuffle = if self.shuffled {
            format!(", shuffled with seed {}", self.seed)
        } else {
            String::new()
        };
        writeln!(f, "{:<w$}  {}", "method", self.method)?;
        writeln!(
            f,
            "{:<w$}  {} rows, batch {} ({} per epoch){shuffle}",
            "data",
            self.rows,
            self.batch_size,
            plural(self.iterations_per_epoch, "iteration")
        )?;
        let n = self.epoch_losses.len();
        let every = n.div_ceil(EPOCH_LINES).max(1);
        let note = if every > 1 {
            format!("  (every {every} epochs and the last)")
        } else {
            String::new()
        };
        writeln!(f, "{:<w$}  loss{note}", "epoch")?;
        let ew = n.to_string().len();
        writeln!(
            f,
            "{:>w$}  {}",
            format!("{:>ew$}", 0),
            fmt_number(self.initial_loss)
        )?;
        for (k, l) in self.epoch_losses.iter().enumerate() {
            let e = k + 1;
            if e % every == 0 || e == n {
                writeln!(f, "{:>w$}  {}", format!("{e:>ew$}"), fmt_number(*l))?;
            }
        }
        for (p, v) in self.params.iter().zip(&self.values) {
            writeln!(f, "{p:<w$}  {}", fmt_number(*v))?;
        }
        writeln!(f, "{:<w$}  {}", "final loss", fmt_number(self.final_loss))?;
        write!(
            f,
            "{:<w$}  {}, {}: {}",
            "stop",
            plural(self.epochs, "epoch"),
            plural(self.iterations, "iteration"),
            self.stop
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The compiled problem

/// Rows copied together before evaluation (see [`Evaluator::accumulate`]).
const GATHER: usize = 256;

/// The per-sample loss compiled against a data set: the full-data loss as an [`Objective`], and
/// batch gradients for mini-batch steps.
struct Evaluator<'a> {
    data: &'a Dataset,
    /// Dataset column of each data input, in input order.
    cols: Vec<usize>,
    np: usize,
    graph: Graph,
    loss: NodeId,
    grads: Vec<NodeId>,
    inputs: Vec<VarId>,
    value_tape: Tape,
    grad_tape: Tape,
    hess_tape: Option<Tape>,
    ws_value: Workspace<f64>,
    ws_grad: Workspace<f64>,
    ws_hess: Workspace<f64>,
    /// `[params..., data...]`, the tapes' input.
    buf: Vec<f64>,
    /// [`GATHER`] rows of data inputs, copied out of the data set before they are evaluated.
    gather: Vec<f64>,
    out: Vec<f64>,
    hout: Vec<f64>,
}

impl Evaluator<'_> {
    #[inline]
    fn load(&mut self, row: usize) {
        let src = self.data.row(row);
        for (slot, &c) in self.buf[self.np..].iter_mut().zip(&self.cols) {
            *slot = src[c];
        }
    }

    /// Mean loss of the rows, with the mean gradient in `g`.
    fn accumulate(
        &mut self,
        x: &[f64],
        mut rows: impl Iterator<Item = usize>,
        g: &mut [f64],
    ) -> f64 {
        self.buf[..self.np].copy_from_slice(x);
        g.fill(0.0);
        let nd = self.cols.len();
        let mut sum = 0.0;
        let mut n = 0usize;
        loop {
            // Gather a chunk of (shuffled) rows first: the loads are independent, so their cache
            // misses overlap instead of each waiting behind a tape evaluation.
            let mut m = 0;
            for r in rows.by_ref().take(GATHER) {
                let src = self.data.row(r);
                for (slot, &c) in self.gather[m * nd..(m + 1) * nd].iter_mut().zip(&self.cols) {
                    *slot = src[c];
                }
                m += 1;
            }
            if m == 0 {
                break;
            }
            for i in 0..m {
                self.buf[self.np..].copy_from_slice(&self.gather[i * nd..(i + 1) * nd]);
                self.grad_tape
                    .eval(&self.buf, &mut self.ws_grad, &mut self.out);
                sum += self.out[0];
                for (gi, oi) in g.iter_mut().zip(&self.out[1..]) {
                    *gi += *oi;
                }
            }
            n += m;
        }
        let inv = 1.0 / n.max(1) as f64;
        for gi in g.iter_mut() {
            *gi *= inv;
        }
        sum * inv
    }

    /// Mean loss over all rows.
    fn mean_loss(&mut self, x: &[f64]) -> f64 {
        self.buf[..self.np].copy_from_slice(x);
        let mut sum = 0.0;
        let mut o = [0.0];
        for r in 0..self.data.rows() {
            self.load(r);
            self.value_tape.eval(&self.buf, &mut self.ws_value, &mut o);
            sum += o[0];
        }
        sum / self.data.rows().max(1) as f64
    }

    /// The first row whose loss or gradient is not finite at `x`: (row, what, value).
    fn first_non_finite(&mut self, x: &[f64]) -> Option<(usize, &'static str, f64)> {
        self.buf[..self.np].copy_from_slice(x);
        for r in 0..self.data.rows() {
            self.load(r);
            self.grad_tape
                .eval(&self.buf, &mut self.ws_grad, &mut self.out);
            if !self.out[0].is_finite() {
                return Some((r, "loss", self.out[0]));
            }
            if let Some(v) = self.out[1..].iter().find(|v| !v.is_finite()) {
                return Some((r, "gradient of the loss", *v));
            }
        }
        None
    }

    fn ensure_hessian(&mut self) -> bool {
        if self.hess_tape.is_none() {
            let params = self.inputs[..self.np].to_vec();
            let h = hessian(&mut self.graph, &self.grads, &params);
            let mut outs = Vec::with_capacity(1 + self.np + h.len());
            outs.push(self.loss);
            outs.extend(&self.grads);
            outs.extend(&h);
            match Tape::compile(&self.graph, &outs, &self.inputs) {
                Ok(t) => {
                    self.ws_hess = t.workspace();
                    self.hout = vec![0.0; outs.len()];
                    self.hess_tape = Some(t);
                }
                Err(_) => return false,
            }
        }
        true
    }
}

impl Objective for Evaluator<'_> {
    fn dim(&self) -> usize {
        self.np
    }

    fn value(&mut self, x: &[f64]) -> f64 {
        self.mean_loss(x)
    }

    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        self.accumulate(x, 0..self.data.rows(), g)
    }

    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        if !self.ensure_hessian() {
            return None;
        }
        let tape = self.hess_tape.as_ref()?;
        let np = self.np;
        self.buf[..np].copy_from_slice(x);
        g.fill(0.0);
        h.fill(0.0);
        let mut sum = 0.0;
        for r in 0..self.data.rows() {
            let src = self.data.row(r);
            for (slot, &c) in self.buf[np..].iter_mut().zip(&self.cols) {
                *slot = src[c];
            }
            tape.eval(&self.buf, &mut self.ws_hess, &mut self.hout);
            sum += self.hout[0];
            for (gi, oi) in g.iter_mut().zip(&self.hout[1..=np]) {
                *gi += *oi;
            }
            for (hi, oi) in h.iter_mut().zip(&self.hout[1 + np..]) {
                *hi += *oi;
            }
        }
        let inv = 1.0 / self.data.rows().max(1) as f64;
        g.iter_mut().chain(h.iter_mut()).for_each(|v| *v *= inv);
        Some(sum * inv)
    }
}

/// Rebuilds the loss formula's nodes in the model's graph, one forward sweep over the loss's
/// arena (children first, so every child is mapped before its parent): `pred` becomes the model's
/// root, `target` the target's variable, any other name the model graph's variable of that name.
/// Returns the loss node and whether `pred` was used.
fn compose(
    g: &mut Graph,
    loss: &Graph,
    loss_root: NodeId,
    pred: NodeId,
    target: &str,
) -> (NodeId, bool) {
    let mask = loss.reachable(&[loss_root]);
    let mut map: Vec<NodeId> = Vec::with_capacity(mask.len());
    let mut uses_pred = false;
    for (i, node) in loss.nodes()[..mask.len()].iter().enumerate() {
        // Unreachable nodes are mapped to `pred` as a placeholder; no reachable node reads them.
        let id = if !mask[i] {
            pred
        } else {
            match *node {
                Node::Const(bits) => g.constant(f64::from_bits(bits)),
                Node::Var(v) => match loss.var_name(v) {
                    "pred" => {
                        uses_pred = true;
                        pred
                    }
                    "target" => g.var(target),
                    other => g.var(other),
                },
                Node::Unary(op, a) => g.unary(op, map[a.index()]),
                Node::Binary(op, a, b) => g.binary(op, map[a.index()], map[b.index()]),
            }
        };
        map.push(id);
    }
    (map[loss_root.index()], uses_pred)
}

/// How parameters move.
enum Stepper {
    /// A first-order rule stepped on mini-batch gradients.
    FirstOrder(FirstOrder<Box<dyn UpdateRule + Send>>),
    /// A full-batch method stepped against the whole data set.
    Full {
        opt: Box<dyn Optimizer>,
        it: Iterate,
    },
}

/// A fit in progress: the compiled loss bound to a data set, the parameters, the optimizer's
/// state and the shuffling order. [`Fitter::run`] trains for the configured epochs;
/// [`Fitter::train_epoch`] and [`Fitter::batch_loss_and_grad`] expose the pieces.
///
/// ```
/// use nabla::{Batch, Dataset, FitConfig, Fitter};
/// use nabla::optim::Method;
/// let data = Dataset::from_columns("pts", &[("x", vec![-1.0]), ("y", vec![-3.0])]).unwrap();
/// let cfg = FitConfig::new(&["w", "b"]).init("w", 3.0).init("b", 1.0)
///     .batch(Batch::Size(1)).method(Method::parse("gd").unwrap().lr(0.5));
/// let mut fitter = Fitter::new("w*x + b", &data, &cfg).unwrap();
/// let mut g = [0.0; 2];
/// assert_eq!(fitter.batch_loss_and_grad(&[0], &mut g), 1.0);
/// assert_eq!(g, [-2.0, 2.0]);
/// fitter.train_epoch().unwrap();
/// assert_eq!(fitter.params(), [4.0, 0.0]);
/// ```
pub struct Fitter<'a> {
    eval: Evaluator<'a>,
    model_text: String,
    loss_text: String,
    target: String,
    method_name: &'static str,
    names: Vec<String>,
    x: Vec<f64>,
    prev: Vec<f64>,
    g: Vec<f64>,
    stepper: Stepper,
    lr: f64,
    batch: usize,
    shuffle: bool,
    seed: u64,
    rng: fastrand::Rng,
    order: Vec<usize>,
    epochs: usize,
    epoch: usize,
    iter: usize,
    tol: f64,
    stop: Option<FitStop>,
    initial_loss: f64,
}

impl<'a> Fitter<'a> {
    /// Parses the model (and loss), binds its data variables to the data's columns, compiles the
    /// loss and its gradient, and checks everything (names, data, settings, a finite loss and
    /// gradient at the start) before any step.
    pub fn new(model: &str, data: &'a Dataset, config: &FitConfig) -> Result<Fitter<'a>, FitError> {
        if config.params.is_empty() {
            return Err(FitError::NoParams);
        }
        for (k, p) in config.params.iter().enumerate() {
            if config.params[..k].contains(p) {
                return Err(FitError::DuplicateParam { name: p.clone() });
            }
        }
        if let Batch::Size(0) = config.batch {
            return Err(FitError::InvalidBatch {
                text: "0".to_string(),
            });
        }
        let rows = data.rows();
        let batch = config.batch.size(rows);
        let stepper = match config.method.first_order()? {
            Some(fo) => Stepper::FirstOrder(fo),
            None => {
                if batch < rows {
                    return Err(FitError::NeedsFullBatch {
                        method: config.method.name(),
                    });
                }
                Stepper::Full {
                    opt: config.method.build()?,
                    it: Iterate::new(Vec::new()),
                }
            }
        };

        // The model and its parameters.
        let mut g = Graph::new();
        let root = parse_into(&mut g, model).map_err(FitError::Model)?.root;
        let model_vars = g.vars_of(&[root]);
        let mut params = Vec::with_capacity(config.params.len());
        for p in &config.params {
            match g.find_var(p).filter(|v| model_vars.contains(v)) {
                Some(v) => params.push(v),
                None => {
                    return Err(FitError::UnknownParam {
                        name: p.clone(),
                        vars: model_vars
                            .iter()
                            .map(|v| g.var_name(*v))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
        if config.params.contains(&config.target) {
            return Err(FitError::TargetIsParam {
                name: config.target.clone(),
            });
        }
        let model_text = g
            .to_infix(root)
            .unwrap_or_else(|_| model.trim().to_string());

        // The per-sample loss in the same graph.
        let (loss, loss_text) = match &config.loss {
            None => {
                let t = g.var(&config.target);
                let d = g.sub(root, t);
                let two = g.constant(2.0);
                (g.pow(d, two), "(pred - target)^2".to_string())
            }
            Some(src) => {
                let mut lg = Graph::new();
                let lroot = parse_into(&mut lg, src).map_err(FitError::Loss)?.root;
                let (l, uses_pred) = compose(&mut g, &lg, lroot, root, &config.target);
                if !uses_pred {
                    return Err(FitError::LossWithoutPred {
                        loss: src.trim().to_string(),
                    });
                }
                (l, src.trim().to_string())
            }
        };

        // Data variables: every other variable of the loss, bound to a column by name.
        let mut inputs = params.clone();
        let mut cols = Vec::new();
        for v in g.vars_of(&[loss]) {
            if params.contains(&v) {
                continue;
            }
            let name = g.var_name(v);
            let Some(k) = data.column_index(name) else {
                let (file, line, column, header) = (
                    data.name.clone(),
                    data.header_line,
                    name.to_string(),
                    data.header_text(),
                );
                return Err(if name == config.target {
                    FitError::MissingTarget {
                        file,
                        line,
                        column,
                        header,
                    }
                } else {
                    FitError::MissingColumn {
                        file,
                        line,
                        column,
                        header,
                    }
                });
            };
            data.check_column(k)?;
            inputs.push(v);
            cols.push(k);
        }

        // Start values.
        let names = config.params.clone();
        let mut x = vec![0.0; names.len()];
        for (n, v) in &config.init {
            let Some(k) = names.iter().position(|p| p == n) else {
                return Err(FitError::UnknownInit {
                    name: n.clone(),
                    params: names.join(", "),
                });
            };
            if !v.is_finite() {
                return Err(FitError::NonFiniteInit { name: n.clone() });
            }
            x[k] = *v;
        }

        // Compile loss and gradient.
        let grads = gradient(&mut g, loss, &params);
        let value_tape = Tape::compile(&g, &[loss], &inputs)?;
        let mut outs = Vec::with_capacity(1 + grads.len());
        outs.push(loss);
        outs.extend(&grads);
        let grad_tape = Tape::compile(&g, &outs, &inputs)?;
        let np = params.len();
        let mut eval = Evaluator {
            data,
            cols,
            np,
            buf: vec![0.0; inputs.len()],
            gather: vec![0.0; GATHER * (inputs.len() - np)],
            out: vec![0.0; outs.len()],
            hout: Vec::new(),
            ws_value: value_tape.workspace(),
            ws_grad: grad_tape.workspace(),
            ws_hess: Workspace::default(),
            graph: g,
            grads,
            inputs,
            value_tape,
            grad_tape,
            hess_tape: None,
            loss,
        };

        // A finite start.
        let mut g0 = vec![0.0; np];
        let initial_loss = eval.value_and_grad(&x, &mut g0);
        if !initial_loss.is_finite() || g0.iter().any(|v| !v.is_finite()) {
            let (row, what, value) = eval
                .first_non_finite(&x)
                .unwrap_or((0, "loss", initial_loss));
            return Err(FitError::NonFiniteStart {
                what,
                value,
                file: data.name.clone(),
                line: data.line_of_row(row).unwrap_or(0),
                names,
                values: x,
            });
        }

        let mut stepper = stepper;
        let mut stop = None;
        match &mut stepper {
            Stepper::FirstOrder(fo) => fo.rule.reset(np),
            Stepper::Full { opt, it } => {
                *it = Iterate::new(x.clone());
                it.f = initial_loss;
                it.g.copy_from_slice(&g0);
                it.has_grad = true;
                opt.start(&mut eval, it)?;
                if opt.uses_gradient() && max_norm(&it.g) <= config.tol {
                    stop = Some(FitStop::GradientTolerance);
                }
            }
        }
        let lr = config
            .method
            .params
            .lr
            .unwrap_or_else(|| config.method.default_lr());
        Ok(Fitter {
            eval,
            model_text,
            loss_text,
            target: config.target.clone(),
            method_name: config.method.name(),
            names,
            prev: x.clone(),
            x,
            g: g0,
            stepper,
            lr,
            batch,
            shuffle: config.shuffle && batch < rows,
            seed: config.seed,
            rng: fastrand::Rng::with_seed(config.seed),
            order: (0..rows).collect(),
            epochs: config.epochs,
            epoch: 0,
            iter: 0,
            tol: config.tol,
            stop,
            initial_loss,
        })
    }

    /// The parameter names.
    pub fn param_names(&self) -> &[String] {
        &self.names
    }

    /// The current parameter values.
    pub fn params(&self) -> &[f64] {
        &self.x
    }

    /// Steps per epoch: `ceil(rows / batch)`.
    pub fn iterations_per_epoch(&self) -> usize {
        self.eval.data.rows().div_ceil(self.batch)
    }

    /// The mean loss over all rows at the current parameters.
    pub fn loss(&mut self) -> f64 {
        self.eval.mean_loss(&self.x)
    }

    /// The mean loss of the given rows (0-based) at the current parameters, with the mean
    /// gradient with respect to the parameters written to `g`.
    ///
    /// # Panics
    ///
    /// If a row is out of range or `g` is shorter than the number of parameters.
    pub fn batch_loss_and_grad(&mut self, rows: &[usize], g: &mut [f64]) -> f64 {
        let np = self.eval.np;
        self.eval
            .accumulate(&self.x, rows.iter().copied(), &mut g[..np])
    }

    fn diverged(&self, what: &'static str, value: f64) -> FitError {
        FitError::Diverged {
            epoch: self.epoch + 1,
            iteration: self.iter,
            what,
            value,
            suggested_lr: self.lr / 10.0,
            names: self.names.clone(),
            last: self.x.clone(),
        }
    }

    /// Runs one epoch: shuffles the rows (mini-batches, when shuffling is on) and takes one step
    /// per batch; a full-batch line-search method takes one step. Returns the mean of the batch
    /// losses, each at the parameters before its step. Stops with [`FitError::Diverged`] (the
    /// parameters stay at their last finite values) when a loss, gradient or parameter stops
    /// being finite.
    pub fn train_epoch(&mut self) -> Result<f64, FitError> {
        let rows = self.eval.data.rows();
        let result = match &mut self.stepper {
            Stepper::FirstOrder(fo) => {
                if self.shuffle {
                    self.rng.shuffle(&mut self.order);
                }
                let batches = rows.div_ceil(self.batch);
                let mut sum = 0.0;
                let mut failure = None;
                for k in 0..batches {
                    let lo = k * self.batch;
                    let hi = (lo + self.batch).min(rows);
                    let loss = self.eval.accumulate(
                        &self.x,
                        self.order[lo..hi].iter().copied(),
                        &mut self.g,
                    );
                    self.iter += 1;
                    if !loss.is_finite() {
                        failure = Some(("loss", loss));
                        break;
                    }
                    if let Some(v) = self.g.iter().find(|v| !v.is_finite()) {
                        failure = Some(("gradient", *v));
                        break;
                    }
                    self.prev.copy_from_slice(&self.x);
                    fo.rule
                        .update(&mut self.x, &self.g, fo.lr_at(self.iter - 1));
                    if let Some(v) = self.x.iter().find(|v| !v.is_finite()) {
                        failure = Some(("parameter", *v));
                        self.x.copy_from_slice(&self.prev);
                        break;
                    }
                    sum += loss;
                }
                match failure {
                    Some((what, v)) => Err((what, v)),
                    None => Ok(sum / batches as f64),
                }
            }
            Stepper::Full { opt, it } => {
                let before = it.f;
                let status = opt.step(&mut self.eval, it, self.iter);
                self.iter += 1;
                if !it.f.is_finite() {
                    Err(("loss", it.f))
                } else if let Some(v) = it.x.iter().find(|v| !v.is_finite()) {
                    Err(("parameter", *v))
                } else {
                    self.x.copy_from_slice(&it.x);
                    match status {
                        StepStatus::LineSearchFailed => {
                            self.stop = Some(FitStop::LineSearchFailed);
                        }
                        StepStatus::Converged => self.stop = Some(FitStop::Converged),
                        StepStatus::Continue => {
                            if opt.uses_gradient() && max_norm(&it.g) <= self.tol {
                                self.stop = Some(FitStop::GradientTolerance);
                            }
                        }
                    }
                    Ok(before)
                }
            }
        };
        match result {
            Ok(l) => {
                self.epoch += 1;
                Ok(l)
            }
            Err((what, v)) => Err(self.diverged(what, v)),
        }
    }

    /// Trains for the configured epochs (fewer when a full-batch method converges), calling
    /// `on_epoch(epoch, loss)` after each with the mean loss over all rows, and reports.
    pub fn run(&mut self, mut on_epoch: impl FnMut(usize, f64)) -> Result<FitReport, FitError> {
        let start = Instant::now();
        let mut losses = Vec::with_capacity(self.epochs.min(1 << 20));
        while self.epoch < self.epochs && self.stop.is_none() {
            self.train_epoch()?;
            let loss = match &self.stepper {
                Stepper::Full { it, .. } => it.f,
                Stepper::FirstOrder(_) => self.loss(),
            };
            if !loss.is_finite() {
                self.epoch -= 1;
                return Err(self.diverged("loss", loss));
            }
            losses.push(loss);
            on_epoch(self.epoch, loss);
        }
        Ok(FitReport {
            model: self.model_text.clone(),
            loss_formula: self.loss_text.clone(),
            target: self.target.clone(),
            method: self.method_name.to_string(),
            params: self.names.clone(),
            values: self.x.clone(),
            rows: self.eval.data.rows(),
            batch_size: self.batch,
            iterations_per_epoch: self.iterations_per_epoch(),
            epochs: self.epoch,
            iterations: self.iter,
            shuffled: self.shuffle,
            seed: self.seed,
            initial_loss: self.initial_loss,
            final_loss: losses.last().copied().unwrap_or(self.initial_loss),
            epoch_losses: losses,
            stop: self.stop.unwrap_or(FitStop::Epochs),
            elapsed: start.elapsed(),
        })
    }
}

/// Fits `model` to `data`: [`Fitter::new`] then [`Fitter::run`].
///
/// ```
/// use nabla::{fit, Dataset, FitConfig};
/// let data = Dataset::from_csv_reader("pts.csv", "x,y\n-1,-3\n0,0\n1,1\n".as_bytes()).unwrap();
/// let r = fit("w*x + b", &data, &FitConfig::new(&["w", "b"]).init("w", 3.0).init("b", 1.0)).unwrap();
/// assert!((r.values[0] - 2.0).abs() < 1e-9 && (r.values[1] + 2.0 / 3.0).abs() < 1e-9);
/// ```
pub fn fit(model: &str, data: &Dataset, config: &FitConfig) -> Result<FitReport, FitError> {
    Fitter::new(model, data, config)?.run(|_, _| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Dataset, FitError> {
        Dataset::from_csv_reader("t.csv", text.as_bytes())
    }

    #[test]
    fn blank_lines_are_skipped_and_lines_counted() {
        let d = csv("x,y\n\n1,2\n  \n3,4\n").unwrap();
        assert_eq!(d.rows(), 2);
        assert_eq!(d.line_of_row(0), Some(3));
        assert_eq!(d.line_of_row(1), Some(5));
    }

    #[test]
    fn unused_text_columns_are_allowed() {
        let d = csv("name,x,y\na,1,2\nb,2,4\n").unwrap();
        let r = fit("k*x", &d, &FitConfig::new(&["k"])).unwrap();
        assert!((r.values[0] - 2.0).abs() < 1e-9);
    }

    #[test]
    fn composed_loss_uses_the_model_graph() {
        let d = csv("x,y\n1,2\n2,4\n").unwrap();
        let cfg = FitConfig::new(&["k"]).loss("(pred - target)^2 + 0*k");
        let mut f = Fitter::new("k*x", &d, &cfg).unwrap();
        let mut g = [0.0];
        // k = 0: residuals -2, -4 -> mean loss 10, mean gradient 2*(-2*1 + -4*2)/2 = -10.
        assert_eq!(f.batch_loss_and_grad(&[0, 1], &mut g), 10.0);
        assert_eq!(g, [-10.0]);
    }

    #[test]
    fn newton_gets_the_exact_hessian() {
        let d = csv("x,y\n-1,-3\n0,0\n1,1\n").unwrap();
        let cfg = FitConfig::new(&["w", "b"]).method(Method::parse("newton").unwrap());
        let r = fit("w*x + b", &d, &cfg).unwrap();
        assert!((r.values[0] - 2.0).abs() < 1e-12);
        assert!((r.values[1] + 2.0 / 3.0).abs() < 1e-12);
    }
}
