//! [`FitError`]: everything that can go wrong reading data or fitting.
//!
//! Invariants: each message names what is wrong, where (file, line, column) and how to fix it;
//! a [`FitError::Diverged`] carries the last finite parameters, never a NaN.

use crate::display::fmt_number;
use crate::error::ParseError;
use crate::optim::OptimError;

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
    #[error("cannot read `{file}`: {source}; check the file's path")]
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
    /// A line longer than [`crate::MAX_LINE_BYTES`] (a file without line breaks, say).
    #[error("`{file}` line {line} is longer than {max} bytes; a data file has one row per line, e.g. `1.5,2.25`")]
    LineTooLong {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The limit.
        max: usize,
    },
    /// A field longer than [`crate::MAX_FIELD_BYTES`].
    #[error("`{file}` line {line}: field {field} (`{start}`) is longer than {max} bytes; fields are numbers or column names")]
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
    #[error("`{file}` line {line}: the header has {found} columns, more than {max}; keep the columns the formula uses")]
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
    #[error("`{file}` line {line}: more than {max} numbers in all; fit a sample of the rows, or use fewer columns")]
    TooManyCells {
        /// The file.
        file: String,
        /// The line where the limit was reached.
        line: u64,
        /// The limit.
        max: usize,
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
    #[error("`{file}` line {line}: no column `{column}`, which the formula uses as data (the header has {header}); rename a column to `{column}`, or make `{column}` a parameter to learn it")]
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
    #[error("`{file}` line {line}: no column `{column}`; the header `{header}` is one column, and the file seems to use `{separator}` as separator: nabla reads comma-separated files, so write decimal commas as points (`1,5` -> `1.5`), then every `{separator}` as `,`")]
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
    #[error("`{file}` line {line}: no target column `{column}` (the header has {header}); rename the column to fit to `{column}`, or choose another target column")]
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
    #[error("`{file}` line {line}: no column `{column}` of uncertainties σ (the header has {header}); name the column holding each row's σ")]
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
    #[error("`{file}` line {line}, column `{column}`: the uncertainty σ = {} is not positive; every σ must be a positive number (the standard deviation of the row's target)", fmt_number(*.value))]
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
    #[error("the column of uncertainties `{name}` is also the {role}; choose the column that holds each row's σ")]
    SigmaConflict {
        /// The name.
        name: String,
        /// `a parameter` or `target`.
        role: &'static str,
    },
    /// A custom loss that does not use the row's uncertainty while one is given.
    #[error("the loss `{loss}` does not use `sigma`, the row's uncertainty from column `{column}`; write it with `sigma`, e.g. `((pred - target)/sigma)^2`, or drop the uncertainties")]
    LossWithoutSigma {
        /// The loss as given.
        loss: String,
        /// The column of uncertainties.
        column: String,
    },
    /// No parameters were named.
    #[error("no parameters to learn; name the formula's variables to learn, e.g. `w` and `b`")]
    NoParams,
    /// A parameter named twice.
    #[error("the parameter `{name}` is listed twice; list each parameter once")]
    DuplicateParam {
        /// The name.
        name: String,
    },
    /// A parameter the model does not use.
    #[error("the parameter `{name}` does not appear in the formula (its variables are: {vars}); remove it from the parameters or fix its spelling")]
    UnknownParam {
        /// The name.
        name: String,
        /// The model's variables, comma-separated.
        vars: String,
    },
    /// A start value for a name that is not a parameter.
    #[error("`{name}` has a start value but is not a parameter (the parameters are: {params}); fix the start value's name")]
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
    #[error("the target `{name}` is also a parameter; choose another target column or rename the parameter")]
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
    /// A number of epochs that is zero or more than [`crate::MAX_EPOCHS`].
    #[error("{}; give from 1 to {} epochs", epochs_problem(*.epochs, *.max), crate::limits::group_digits(*.max as u64))]
    InvalidEpochs {
        /// The number given.
        epochs: usize,
        /// The limit.
        max: usize,
    },
    /// A gradient tolerance that is negative, NaN or infinite.
    #[error("the gradient tolerance {tol} is not a finite number at least 0; give e.g. 1e-12")]
    InvalidTol {
        /// The tolerance given.
        tol: f64,
    },
    /// A line-search method asked to take mini-batch steps.
    #[error("method `{method}` takes full-batch steps with a line search; use the full batch (`Batch::All`), or a first-order method such as adam for mini-batches")]
    NeedsFullBatch {
        /// The method's name.
        method: &'static str,
    },
    /// A least-squares method (`lm`, `trf`) with a loss other than the squared error.
    #[error("method `{method}` ({}) fits least squares, the loss `(pred - target)^2`, but the loss is `{loss}`; drop the custom loss, or choose another method such as lbfgs for it", long_name(.method))]
    LmNeedsSquaredError {
        /// The method's name.
        method: &'static str,
        /// The loss given.
        loss: String,
    },
    /// A least-squares method (`lm`, `trf`) on more parameters than it takes.
    #[error("method `{method}` fits at most {max} parameters (its work per row grows with their square), and this fit has {params}; choose lbfgs for this many parameters")]
    LmTooLarge {
        /// The method's name.
        method: &'static str,
        /// Parameters fitted.
        params: usize,
        /// [`crate::fit::LM_MAX_PARAMS`].
        max: usize,
    },
    /// Bounds on the parameters with a method other than trust-region reflective.
    #[error("bounds on the parameters need method `trf` (trust-region reflective), but the method is `{method}`; choose trf, leave the method out so the fit chooses it, or drop the bounds")]
    BoundsNeedTrf {
        /// The method's name.
        method: &'static str,
    },
    /// Bounds for a name that is not a parameter.
    #[error("`{name}` has bounds but is not a parameter (the parameters are: {params}); fix the bound's name, or add `{name}` to the parameters")]
    UnknownBound {
        /// The name.
        name: String,
        /// The parameters, comma-separated.
        params: String,
    },
    /// Two bounds for one parameter.
    #[error("the bounds of `{name}` are given twice; give each parameter's bounds once, as lower..upper")]
    DuplicateBound {
        /// The parameter.
        name: String,
    },
    /// Bounds whose lower end is not below the upper one (or is NaN).
    #[error("the bounds of `{name}`, {}, {}; give a lower bound below the upper one, e.g. 0..inf (inf for no bound)", bound_pair(*.lower, *.upper), bound_problem(*.lower, *.upper))]
    InvalidBounds {
        /// The parameter.
        name: String,
        /// The lower bound given.
        lower: f64,
        /// The upper bound given.
        upper: f64,
    },
    /// A start value outside its parameter's bounds.
    #[error("the start value of `{name}`, {}{}, is outside its bounds {}; give a start value inside them", fmt_number(*.value), if *.default { " (the default)" } else { "" }, super::bounds::range_text(*.lower, *.upper))]
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
    #[error("a residual or its derivative is not finite ({value}) at the current parameters; check the model's domain over the data, or start closer to the solution")]
    NotFiniteResidual {
        /// The value.
        value: f64,
    },
    /// A method that cannot run over partitions.
    #[error("method `{method}` needs the Hessian's sums, which are not gathered from partitions; choose lm (least squares), lbfgs or a first-order method for partitioned data")]
    NotPartitioned {
        /// The method's name.
        method: &'static str,
    },
    /// The machinery that runs the partitions failed (a worker, a file, the scheduler).
    #[error("a partition failed: {message}")]
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
    #[error("the {what} is {} at the start ({}) on `{file}` line {line}; choose start values inside the formula's domain", describe(*.value), assignments(.names, .values))]
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
    #[error("training diverged at epoch {epoch}, iteration {iteration}: the {what} became {}; {} (last finite parameters: {})", describe(*.value), diverged_advice(.method, *.suggested_lr), assignments(.names, .last))]
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

fn long_name(method: &str) -> &'static str {
    match method {
        "trf" => "trust-region reflective",
        _ => "Levenberg-Marquardt",
    }
}

fn bound_pair(lower: f64, upper: f64) -> String {
    super::bounds::range_text(lower, upper)
}

fn bound_problem(lower: f64, upper: f64) -> &'static str {
    if lower.is_nan() || upper.is_nan() {
        "have an end that is not a number"
    } else if lower == upper {
        "leave the parameter no room (to hold it fixed, write its value into the formula instead)"
    } else {
        "are in the wrong order or empty"
    }
}

fn ragged_detail(column: &Option<String>, expected: usize) -> String {
    match column {
        Some(c) => format!("column `{c}` is missing"),
        None => format!("field {} has no column", expected + 1),
    }
}

fn epochs_problem(epochs: usize, max: usize) -> String {
    if epochs == 0 {
        "0 epochs train nothing".to_string()
    } else {
        format!(
            "{} epochs is more than {}",
            crate::limits::group_digits(epochs as u64),
            crate::limits::group_digits(max as u64)
        )
    }
}

fn diverged_advice(method: &str, suggested_lr: Option<f64>) -> String {
    match suggested_lr {
        Some(lr) => format!("use a smaller learning rate, e.g. lr = {}", fmt_number(lr)),
        None => format!(
            "method `{method}` has no learning rate to lower; start closer to a minimum, or check that the loss is bounded below"
        ),
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
