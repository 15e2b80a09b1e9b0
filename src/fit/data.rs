//! [`Dataset`]: rows of named numeric columns read from CSV, stored once as row-major `f64`.
//!
//! Invariants: the header names every column once, with a non-empty name; every row has one
//! value per column; a cell that is not a finite number is allowed only in a column no fit uses,
//! and the first such cell of each column is remembered (with its line) so that a fit needing
//! the column reports it before training. Line numbers count blank lines, as an editor does.

use std::io::Read;
use std::path::Path;

use super::error::FitError;

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

    pub(super) fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    pub(super) fn header_text(&self) -> String {
        self.columns
            .iter()
            .map(|c| format!("`{c}`"))
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
