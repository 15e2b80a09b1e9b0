//! [`Dataset`]: rows of named numeric columns read from CSV, stored once as row-major `f64`.
//!
//! Invariants: the header names every column once, with a non-empty name; every row has one
//! value per column; a cell that is not a finite number is allowed only in a column no fit uses,
//! and the first such cell of each column is remembered (with its line) so that a fit needing
//! the column reports it before training. Line numbers count blank lines, as an editor does.

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::path::Path;

use super::error::FitError;

/// The longest line of a CSV file, in bytes (16 MiB: 100,000 columns of 160 characters).
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// The longest field (a column name or a number), in bytes.
pub const MAX_FIELD_BYTES: usize = 4096;

/// The most columns.
pub const MAX_COLUMNS: usize = 100_000;

/// The most numbers a data set holds (rows times columns; 2 GiB of `f64`).
pub const MAX_CELLS: usize = 1 << 28;

/// How a field or name is quoted in a message: control characters escaped (`\0` for NUL, so a
/// NUL byte is visible), at most 40 characters, then `...`.
pub(super) fn shown(s: &str) -> String {
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k == 40 {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// A reader that counts lines as bytes pass through it, so that a record's line is known
/// without holding the text: for every line with content it remembers the byte offset of that
/// content and the number of line breaks before it (only for the bytes the CSV reader has not
/// yet consumed: entries before the record being dated are dropped). It also stops a line
/// longer than [`MAX_LINE_BYTES`], reporting it as an I/O error and in `too_long`.
struct Tracked<R> {
    inner: R,
    offset: u64,
    newlines: u64,
    at_line_start: bool,
    line_len: usize,
    starts: VecDeque<(u64, u64)>,
    too_long: Option<u64>,
}

impl<R> Tracked<R> {
    fn new(inner: R) -> Self {
        Tracked {
            inner,
            offset: 0,
            newlines: 0,
            at_line_start: true,
            line_len: 0,
            starts: VecDeque::new(),
            too_long: None,
        }
    }

    /// The line (1-based) of the first content byte at or after `byte`.
    fn line_at(&mut self, byte: u64) -> Option<u64> {
        while self.starts.front().is_some_and(|(o, _)| *o < byte) {
            self.starts.pop_front();
        }
        self.starts.front().map(|(_, n)| n + 1)
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.too_long.is_some() {
            return Err(std::io::Error::other("line too long"));
        }
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            match b {
                b'\n' => {
                    self.newlines += 1;
                    self.at_line_start = true;
                    self.line_len = 0;
                }
                b'\r' => {}
                _ => {
                    if self.at_line_start {
                        self.starts.push_back((self.offset, self.newlines));
                        self.at_line_start = false;
                    }
                    self.line_len += 1;
                    if self.line_len > MAX_LINE_BYTES {
                        self.too_long = Some(self.newlines + 1);
                        return Err(std::io::Error::other("line too long"));
                    }
                }
            }
            self.offset += 1;
        }
        Ok(n)
    }
}

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
    pub(super) name: String,
    columns: Vec<String>,
    pub(super) header_line: u64,
    values: Vec<f64>,
    lines: Vec<u64>,
    bad: Vec<Option<BadCell>>,
}

impl Dataset {
    /// The error for a missing column `column` when the header is one column that holds `;`,
    /// a tab or `|`: a file separated by something other than commas (a spreadsheet's export in
    /// a locale with decimal commas uses `;`). `None` otherwise.
    pub(super) fn separator_error(&self, column: &str) -> Option<FitError> {
        let [only] = &self.columns[..] else {
            return None;
        };
        let separator = [';', '\t', '|'].into_iter().find(|c| only.contains(*c))?;
        Some(FitError::Separator {
            file: self.name.clone(),
            line: self.header_line,
            column: column.to_string(),
            header: only.clone(),
            separator,
        })
    }

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

    /// Reads comma-separated text from any reader, streaming: the text is never held whole,
    /// only the numbers are kept. `name` is used in messages. Limits, each a clear error:
    /// [`MAX_LINE_BYTES`] per line, [`MAX_FIELD_BYTES`] per field, [`MAX_COLUMNS`] columns and
    /// [`MAX_CELLS`] numbers in all (so `/dev/zero` or a 300 MB one-line file fails at once).
    ///
    /// ```
    /// let err = nabla::Dataset::from_csv_reader("d.csv", "x,y\n1,2\n3\n".as_bytes()).unwrap_err();
    /// assert!(err.to_string().starts_with("`d.csv` line 3 has 1 fields but the header has 2: column `y` is missing"));
    /// ```
    pub fn from_csv_reader<R: Read>(name: &str, reader: R) -> Result<Dataset, FitError> {
        let file = name.to_string();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(Tracked::new(reader));
        let mut record = csv::StringRecord::new();
        let read = |rdr: &mut csv::Reader<Tracked<R>>, rec: &mut csv::StringRecord| loop {
            let r = rdr.read_record(rec);
            if let Some(limit) = rdr.get_ref().too_long {
                return Err(FitError::LineTooLong {
                    file: file.clone(),
                    line: limit,
                    max: MAX_LINE_BYTES,
                });
            }
            match r {
                Ok(false) => return Ok(false),
                // A line of spaces is a blank line too.
                Ok(true) if rec.len() == 1 && rec[0].is_empty() => continue,
                Ok(true) => return Ok(true),
                Err(e) => return Err(csv_error(&file, e)),
            }
        };
        // The reader dates a record from where it started looking, before the blank lines it
        // skips; the tracked reader knows the line of the first byte of content from there.
        let line_of = |rdr: &mut csv::Reader<Tracked<R>>, rec: &csv::StringRecord| -> u64 {
            let Some(pos) = rec.position() else { return 0 };
            rdr.get_mut().line_at(pos.byte()).unwrap_or(pos.line())
        };
        let field_ok = |rec: &csv::StringRecord, line: u64| -> Result<(), FitError> {
            match rec.iter().position(|c| c.len() > MAX_FIELD_BYTES) {
                Some(k) => Err(FitError::FieldTooLong {
                    file: file.clone(),
                    line,
                    field: k + 1,
                    start: shown(&rec[k]),
                    max: MAX_FIELD_BYTES,
                }),
                None => Ok(()),
            }
        };
        if !read(&mut rdr, &mut record)? {
            return Err(FitError::Empty { file });
        }
        let header_line = line_of(&mut rdr, &record);
        field_ok(&record, header_line)?;
        if record.len() > MAX_COLUMNS {
            return Err(FitError::TooManyColumns {
                file,
                line: header_line,
                found: record.len(),
                max: MAX_COLUMNS,
            });
        }
        let mut columns: Vec<String> = Vec::with_capacity(record.len());
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(record.len());
        for (k, c) in record.iter().enumerate() {
            if c.is_empty() {
                return Err(FitError::UnnamedColumn {
                    file,
                    line: header_line,
                    position: k + 1,
                });
            }
            if let Some(first) = seen.insert(c, k) {
                return Err(FitError::DuplicateColumn {
                    file,
                    line: header_line,
                    column: shown(c),
                    first: first + 1,
                    second: k + 1,
                });
            }
            columns.push(c.to_string());
        }
        drop(seen);
        let nc = columns.len();
        let mut values = Vec::new();
        let mut lines = Vec::new();
        let mut bad: Vec<Option<BadCell>> = vec![None; nc];
        while read(&mut rdr, &mut record)? {
            let line = line_of(&mut rdr, &record);
            field_ok(&record, line)?;
            if record.len() != nc {
                return Err(FitError::RaggedRow {
                    file,
                    line,
                    expected: nc,
                    found: record.len(),
                    column: columns.get(record.len()).map(|c| shown(c)),
                });
            }
            if values.len() + nc > MAX_CELLS {
                return Err(FitError::TooManyCells {
                    file,
                    line,
                    max: MAX_CELLS,
                });
            }
            for (k, cell) in record.iter().enumerate() {
                let v = match cell.parse::<f64>() {
                    Ok(v) if v.is_finite() => v,
                    _ => {
                        if bad[k].is_none() {
                            bad[k] = Some(BadCell {
                                line,
                                text: shown(cell),
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
        Dataset::check_size(name, rows, columns.len())?;
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

    /// Whether `rows` rows of `columns` columns fit in a data set: at most [`MAX_COLUMNS`]
    /// columns and [`MAX_CELLS`] numbers in all, the limits a CSV file is read under. A front
    /// end holding columns in memory checks this before copying them for
    /// [`Dataset::from_columns`] (which checks it too); the errors are those of a file named
    /// `name` with a header line and one line per row.
    ///
    /// ```
    /// use nabla::{Dataset, MAX_CELLS};
    /// assert!(Dataset::check_size("mem", MAX_CELLS / 2, 2).is_ok());
    /// let err = Dataset::check_size("mem", MAX_CELLS / 2 + 1, 2).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "`mem` line 134217730: more than 268435456 numbers in all; fit a sample of the rows, or use fewer columns"
    /// );
    /// ```
    pub fn check_size(name: &str, rows: usize, columns: usize) -> Result<(), FitError> {
        if columns > MAX_COLUMNS {
            return Err(FitError::TooManyColumns {
                file: name.to_string(),
                line: 1,
                found: columns,
                max: MAX_COLUMNS,
            });
        }
        if columns > 0 && rows.saturating_mul(columns) > MAX_CELLS {
            // The first row that does not fit, on its line below the header (line 1).
            let first = MAX_CELLS / columns;
            return Err(FitError::TooManyCells {
                file: name.to_string(),
                line: first as u64 + 2,
                max: MAX_CELLS,
            });
        }
        Ok(())
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

    pub(super) fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    pub(super) fn header_text(&self) -> String {
        self.columns
            .iter()
            .map(|c| format!("`{}`", shown(c)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The error for a used column with a bad cell, if it has one.
    pub(super) fn check_column(&self, k: usize) -> Result<(), FitError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_skipped_and_lines_counted() {
        let d = Dataset::from_csv_reader("t.csv", "x,y\n\n1,2\n  \n3,4\n".as_bytes()).unwrap();
        assert_eq!(d.rows(), 2);
        assert_eq!(d.line_of_row(0), Some(3));
        assert_eq!(d.line_of_row(1), Some(5));
    }
}
