//! [`FitError`]: everything that can go wrong reading data or fitting.
//!
//! Invariants: each message names what is wrong, where (file, line, column) and how to fix it;
//! a [`FitError::Diverged`] carries the last finite parameters, never a NaN.

use crate::display::fmt_number;
use crate::error::ParseError;
use crate::optim::OptimError;
use crate::tr;

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
#[non_exhaustive]
pub enum FitError {
    /// The file could not be opened or read.
    #[error("{}", tr!("fit-err-io", file = .file, source = .source.to_string()))]
    Io {
        /// The file.
        file: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A line that is not valid UTF-8.
    #[error("{}", tr!("fit-err-not-utf8", file = .file, line = .line.to_string()))]
    NotUtf8 {
        /// The file.
        file: String,
        /// The 1-based line.
        line: u64,
    },
    /// Text the CSV reader cannot read.
    #[error("{}", tr!("fit-err-csv", file = .file, line = .line.to_string(), source = .source.to_string()))]
    Csv {
        /// The file.
        file: String,
        /// The 1-based line.
        line: u64,
        /// The reader's error.
        #[source]
        source: csv::Error,
    },
    /// A line longer than [`crate::MAX_LINE_BYTES`] (a file without line breaks, say).
    #[error("{}", tr!("fit-err-line-too-long", file = .file, line = .line.to_string(), max = .max.to_string()))]
    LineTooLong {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The limit.
        max: usize,
    },
    /// A field longer than [`crate::MAX_FIELD_BYTES`].
    #[error("{}", tr!("fit-err-field-too-long", file = .file, line = .line.to_string(), field = .field.to_string(), start = .start, max = .max.to_string()))]
    FieldTooLong {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The field's position (1-based).
        field: usize,
        /// Its first characters.
        start: String,
        /// The limit.
        max: usize,
    },
    /// A header with more than [`crate::MAX_COLUMNS`] columns.
    #[error("{}", tr!("fit-err-too-many-columns", file = .file, line = .line.to_string(), found = .found.to_string(), max = .max.to_string()))]
    TooManyColumns {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// Columns found.
        found: usize,
        /// The limit.
        max: usize,
    },
    /// More than [`crate::MAX_CELLS`] numbers.
    #[error("{}", tr!("fit-err-too-many-cells", file = .file, line = .line.to_string(), max = .max.to_string()))]
    TooManyCells {
        /// The file.
        file: String,
        /// The line where the limit was reached.
        line: u64,
        /// The limit.
        max: usize,
    },
    /// The file has no header.
    #[error("{}", tr!("fit-err-empty", file = .file))]
    Empty {
        /// The file.
        file: String,
    },
    /// The file has a header and no data.
    #[error("{}", tr!("fit-err-no-rows", file = .file))]
    NoRows {
        /// The file.
        file: String,
    },
    /// A header field that is empty.
    #[error("{}", tr!("fit-err-unnamed-column", file = .file, line = .line.to_string(), position = .position.to_string()))]
    UnnamedColumn {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The 1-based position of the column.
        position: usize,
    },
    /// Two columns with one name.
    #[error("{}", tr!("fit-err-duplicate-column", file = .file, line = .line.to_string(), column = .column, first = .first.to_string(), second = .second.to_string()))]
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
    #[error("{}", tr!("fit-err-ragged-row", file = .file, line = .line.to_string(), found = .found.to_string(), expected = .expected.to_string(), detail = ragged_detail(.column, *.expected)))]
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
    #[error("{}", tr!("fit-err-column-length", file = .file, column = .column, found = .found.to_string(), expected = .expected.to_string()))]
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
    #[error("{}", tr!("fit-err-not-a-number", file = .file, line = .line.to_string(), column = .column, problem = cell_problem(.text)))]
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
    #[error("{}", tr!("fit-err-missing-column", file = .file, line = .line.to_string(), column = .column, header = .header))]
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
    /// A column the model needs is missing and the header is one column holding another
    /// separator (`x;y`): the file is not comma-separated.
    #[error("{}", tr!("fit-err-separator", file = .file, line = .line.to_string(), column = .column, header = .header, separator = .separator.to_string()))]
    Separator {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The variable without a column.
        column: String,
        /// The header as written.
        header: String,
        /// The separator the header seems to use.
        separator: char,
    },
    /// The target column is not in the header.
    #[error("{}", tr!("fit-err-missing-target", file = .file, line = .line.to_string(), column = .column, header = .header))]
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
    /// The column of uncertainties is not in the header.
    #[error("{}", tr!("fit-err-missing-sigma", file = .file, line = .line.to_string(), column = .column, header = .header))]
    MissingSigma {
        /// The file.
        file: String,
        /// The header's line.
        line: u64,
        /// The column asked for.
        column: String,
        /// The header's names, comma-separated.
        header: String,
    },
    /// An uncertainty σ that is zero or negative.
    #[error("{}", tr!("fit-err-invalid-sigma", file = .file, line = .line.to_string(), column = .column, value = fmt_number(*.value)))]
    InvalidSigma {
        /// The file.
        file: String,
        /// The row's line.
        line: u64,
        /// The column of uncertainties.
        column: String,
        /// The value found.
        value: f64,
    },
    /// The column of uncertainties is also a parameter or the target.
    #[error("{}", tr!("fit-err-sigma-conflict", name = .name, role = role_key(.role)))]
    SigmaConflict {
        /// The name.
        name: String,
        /// `a parameter` or `target`.
        role: &'static str,
    },
    /// A custom loss that does not use the row's uncertainty while one is given.
    #[error("{}", tr!("fit-err-loss-without-sigma", loss = .loss, column = .column))]
    LossWithoutSigma {
        /// The loss as given.
        loss: String,
        /// The column of uncertainties.
        column: String,
    },
    /// No parameters were named.
    #[error("{}", tr!("fit-err-no-params"))]
    NoParams,
    /// A parameter named twice.
    #[error("{}", tr!("fit-err-duplicate-param", name = .name))]
    DuplicateParam {
        /// The name.
        name: String,
    },
    /// A parameter the model does not use.
    #[error("{}", tr!("fit-err-unknown-param", name = .name, vars = .vars))]
    UnknownParam {
        /// The name.
        name: String,
        /// The model's variables, comma-separated.
        vars: String,
    },
    /// A start value for a name that is not a parameter.
    #[error("{}", tr!("fit-err-unknown-init", name = .name, params = .params))]
    UnknownInit {
        /// The name.
        name: String,
        /// The parameters, comma-separated.
        params: String,
    },
    /// A start value that is NaN or infinite.
    #[error("{}", tr!("fit-err-non-finite-init", name = .name))]
    NonFiniteInit {
        /// The parameter.
        name: String,
    },
    /// The target column is also a parameter.
    #[error("{}", tr!("fit-err-target-is-param", name = .name))]
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
    #[error("{}", tr!("fit-err-loss-without-pred", loss = .loss))]
    LossWithoutPred {
        /// The loss as given.
        loss: String,
    },
    /// A batch size that is not a positive number or `all`.
    #[error("{}", tr!("fit-err-invalid-batch", text = .text))]
    InvalidBatch {
        /// The text given.
        text: String,
    },
    /// A number of epochs that is zero or more than [`crate::MAX_EPOCHS`].
    #[error("{}", tr!("fit-err-invalid-epochs", problem = epochs_problem(*.epochs, *.max), max = crate::limits::group_digits(*.max as u64)))]
    InvalidEpochs {
        /// The number given.
        epochs: usize,
        /// The limit.
        max: usize,
    },
    /// A gradient tolerance that is negative, NaN or infinite.
    #[error("{}", tr!("fit-err-invalid-tol", tol = .tol.to_string()))]
    InvalidTol {
        /// The tolerance given.
        tol: f64,
    },
    /// A line-search method asked to take mini-batch steps.
    #[error("{}", tr!("fit-err-needs-full-batch", method = *.method))]
    NeedsFullBatch {
        /// The method's name.
        method: &'static str,
    },
    /// A least-squares method (`lm`, `trf`) with a loss other than the squared error.
    #[error("{}", tr!("fit-err-lm-needs-squared-error", method = *.method, long = long_name(.method), loss = .loss))]
    LmNeedsSquaredError {
        /// The method's name.
        method: &'static str,
        /// The loss given.
        loss: String,
    },
    /// A least-squares method (`lm`, `trf`) on more parameters than it takes.
    #[error("{}", tr!("fit-err-lm-too-large", method = *.method, max = .max.to_string(), params = .params.to_string()))]
    LmTooLarge {
        /// The method's name.
        method: &'static str,
        /// Parameters fitted.
        params: usize,
        /// [`crate::fit::LM_MAX_PARAMS`].
        max: usize,
    },
    /// Bounds on the parameters with a method other than trust-region reflective.
    #[error("{}", tr!("fit-err-bounds-need-trf", method = *.method))]
    BoundsNeedTrf {
        /// The method's name.
        method: &'static str,
    },
    /// Bounds for a name that is not a parameter.
    #[error("{}", tr!("fit-err-unknown-bound", name = .name, params = .params))]
    UnknownBound {
        /// The name.
        name: String,
        /// The parameters, comma-separated.
        params: String,
    },
    /// Two bounds for one parameter.
    #[error("{}", tr!("fit-err-duplicate-bound", name = .name))]
    DuplicateBound {
        /// The parameter.
        name: String,
    },
    /// Bounds whose lower end is not below the upper one (or is NaN).
    #[error("{}", tr!("fit-err-invalid-bounds", name = .name, range = super::bounds::range_text(*.lower, *.upper), problem = bound_problem(*.lower, *.upper)))]
    InvalidBounds {
        /// The parameter.
        name: String,
        /// The lower bound given.
        lower: f64,
        /// The upper bound given.
        upper: f64,
    },
    /// A start value outside its parameter's bounds.
    #[error("{}", start_outside(.name, *.value, *.lower, *.upper, *.default))]
    StartOutsideBounds {
        /// The parameter.
        name: String,
        /// Its start value.
        value: f64,
        /// Its lower bound.
        lower: f64,
        /// Its upper bound.
        upper: f64,
        /// Whether the start is the default 0 (no start value was given).
        default: bool,
    },
    /// A residual or an entry of its Jacobian that is not finite in a partition's rows.
    #[error("{}", tr!("fit-err-not-finite-residual", value = .value.to_string()))]
    NotFiniteResidual {
        /// The value.
        value: f64,
    },
    /// A method that cannot run over partitions.
    #[error("{}", tr!("fit-err-not-partitioned", method = *.method))]
    NotPartitioned {
        /// The method's name.
        method: &'static str,
    },
    /// The machinery that runs the partitions failed (a worker, a file, the scheduler).
    #[error("{}", tr!("fit-err-partition", message = .message))]
    Partition {
        /// What went wrong, in the words of the part that failed.
        message: String,
    },
    /// An error of the engine (compiling the loss).
    #[error(transparent)]
    Engine(#[from] crate::error::Error),
    /// An invalid method setting.
    #[error(transparent)]
    Method(#[from] OptimError),
    /// The loss or its gradient is not finite at the start.
    #[error("{}", tr!("fit-err-non-finite-start", what = what_text(.what), value = describe(*.value), assignments = assignments(.names, .values), file = .file, line = .line.to_string()))]
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
    #[error("{}", tr!("fit-err-diverged", epoch = .epoch.to_string(), iteration = .iteration.to_string(), what = what_text(.what), value = describe(*.value), advice = diverged_advice(.method, *.suggested_lr), last = assignments(.names, .last)))]
    Diverged {
        /// 1-based epoch.
        epoch: usize,
        /// 1-based iteration, counted over all epochs.
        iteration: usize,
        /// What became non-finite.
        what: &'static str,
        /// The non-finite value.
        value: f64,
        /// The method's name.
        method: &'static str,
        /// A tenth of the learning rate used, for the methods that take one (the first-order
        /// methods); `None` for the full-batch methods, whose steps come from a line search.
        suggested_lr: Option<f64>,
        /// Parameter names.
        names: Vec<String>,
        /// The last finite parameters.
        last: Vec<f64>,
    },
}

fn long_name(method: &str) -> String {
    match method {
        "trf" => tr!("fit-method-trf"),
        _ => tr!("fit-method-lm"),
    }
}

/// The key of [`FitError::SigmaConflict`]'s role for the catalog's selector.
fn role_key(role: &str) -> &'static str {
    if role == "target" {
        "target"
    } else {
        "param"
    }
}

fn bound_problem(lower: f64, upper: f64) -> String {
    if lower.is_nan() || upper.is_nan() {
        tr!("fit-bounds-nan")
    } else if lower == upper {
        tr!("fit-bounds-equal")
    } else {
        tr!("fit-bounds-order")
    }
}

fn start_outside(name: &str, value: f64, lower: f64, upper: f64, default: bool) -> String {
    let value = fmt_number(value);
    let range = super::bounds::range_text(lower, upper);
    if default {
        tr!(
            "fit-err-start-outside-bounds-default",
            name = name,
            value = value,
            range = range
        )
    } else {
        tr!(
            "fit-err-start-outside-bounds",
            name = name,
            value = value,
            range = range
        )
    }
}

fn ragged_detail(column: &Option<String>, expected: usize) -> String {
    match column {
        Some(c) => tr!("fit-ragged-missing", column = c),
        None => tr!("fit-ragged-extra", field = (expected + 1).to_string()),
    }
}

fn epochs_problem(epochs: usize, max: usize) -> String {
    if epochs == 0 {
        tr!("fit-epochs-zero")
    } else {
        tr!(
            "fit-epochs-too-many",
            epochs = crate::limits::group_digits(epochs as u64),
            max = crate::limits::group_digits(max as u64)
        )
    }
}

fn diverged_advice(method: &str, suggested_lr: Option<f64>) -> String {
    match suggested_lr {
        Some(lr) => tr!("fit-advice-lr", lr = fmt_number(lr)),
        None => tr!("fit-advice-no-lr", method = method),
    }
}

fn cell_problem(text: &str) -> String {
    if text.is_empty() {
        tr!("fit-cell-empty")
    } else if text.parse::<f64>().is_ok() {
        tr!("fit-cell-not-finite", text = text)
    } else {
        tr!("fit-cell-not-number", text = text)
    }
}

/// What stopped being finite (`loss`, `gradient of the loss`, `gradient`, `parameter`: the
/// fields' English values), in the reader's language.
fn what_text(what: &str) -> String {
    match what {
        "gradient of the loss" => tr!("fit-what-loss-gradient"),
        "gradient" => tr!("fit-what-gradient"),
        "parameter" => tr!("fit-what-parameter"),
        "loss" => tr!("fit-what-loss"),
        other => other.to_string(),
    }
}

fn describe(v: f64) -> String {
    if v.is_nan() {
        tr!("fit-value-nan")
    } else {
        tr!("fit-value-overflow", value = v.to_string())
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
