//! Partitioned fits from Python: [`PyFitKernel`] (`nabla._nabla.FitKernel`), a fit's compiled
//! programs that a worker builds once and applies to each of its partitions, and
//! [`PyPartitions`], the library's [`Partitions`] over a Python object (`nabla._dask`'s, over a
//! Dask DataFrame) whose methods return one answer per partition.
//!
//! Invariants: the kernel's computations run with the GIL released, on columns copied once into a
//! [`Dataset`] named like the partition; answers cross the process boundary as plain tuples and
//! lists of floats (`O(params^2)` per partition, never rows); the client merges them here, in
//! partition order, with the library's merges ([`LeastSquaresReduction::merge`],
//! [`TargetMoments::merge`]), so the order in which workers answer never matters. A Python
//! exception in the partitions' machinery becomes [`FitError::Partition`] with its message; a
//! partition whose residuals are not finite answers `None` for its factor, which becomes
//! [`FitError::NotFiniteResidual`].

use nabla::{Dataset, FitError, FitKernel, LeastSquaresReduction, Partitions, TargetMoments};
use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A partition's columns (a dict of name to 1-D float64 array) as a data set named `name`.
fn dataset(columns: &Bound<'_, PyDict>, name: &str) -> PyResult<Dataset> {
    let mut cols: Vec<(String, Vec<f64>)> = Vec::with_capacity(columns.len());
    for (k, v) in columns.iter() {
        let a: PyReadonlyArray1<'_, f64> = v.extract()?;
        cols.push((
            k.extract()?,
            match a.as_slice() {
                Ok(s) => s.to_vec(),
                Err(_) => a.as_array().to_vec(),
            },
        ));
    }
    let refs: Vec<(&str, Vec<f64>)> = cols
        .iter_mut()
        .map(|(n, v)| (n.as_str(), std::mem::take(v)))
        .collect();
    Dataset::from_columns(name, &refs).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn value_err(e: FitError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// A fit's compiled programs (`nabla._nabla.FitKernel`), built by `nabla._nabla.fit(...,
/// kernel=True)` on a sample of the rows: each method computes one partition's share at the
/// parameters `x` from its columns (`{name: float64 array}`), with the GIL released.
#[pyclass(name = "FitKernel", module = "nabla", frozen)]
pub struct PyFitKernel {
    kernel: FitKernel,
}

impl PyFitKernel {
    pub(crate) fn new(kernel: FitKernel) -> PyFitKernel {
        PyFitKernel { kernel }
    }
}

#[pymethods]
impl PyFitKernel {
    /// The columns a partition must have.
    fn columns(&self) -> Vec<String> {
        self.kernel.columns()
    }

    /// `(loss sum, gradient sums, rows)` over the partition's rows at `x`.
    #[pyo3(signature = (x, columns, name = "partition"))]
    fn loss_and_grad_sums(
        &self,
        py: Python<'_>,
        x: Vec<f64>,
        columns: &Bound<'_, PyDict>,
        name: &str,
    ) -> PyResult<(f64, Vec<f64>, usize)> {
        check_len(&x, self.kernel.params())?;
        let data = dataset(columns, name)?;
        py.detach(|| {
            let mut g = vec![0.0; x.len()];
            let s = self.kernel.loss_and_grad_sums(&data, &x, &mut g)?;
            Ok((s, g, data.rows()))
        })
        .map_err(value_err)
    }

    /// `(R row-major, Q^T r, sum of squares, rows)`: the residuals' least-squares reduction over
    /// the partition's rows at `x`; `(None, value, 0, rows)` where a residual or a Jacobian entry
    /// is not finite (`value`).
    #[pyo3(signature = (x, columns, name = "partition"))]
    #[allow(clippy::type_complexity)]
    fn reduce(
        &self,
        py: Python<'_>,
        x: Vec<f64>,
        columns: &Bound<'_, PyDict>,
        name: &str,
    ) -> PyResult<(Option<Vec<f64>>, Vec<f64>, f64, usize)> {
        check_len(&x, self.kernel.params())?;
        let data = dataset(columns, name)?;
        match py.detach(|| self.kernel.reduce(&data, &x)) {
            Ok(red) => {
                let (r, qtr) = red.factors();
                Ok((
                    Some(r.to_vec()),
                    qtr.to_vec(),
                    red.sum_of_squares(),
                    red.rows(),
                ))
            }
            Err(FitError::NotFiniteResidual { value }) => Ok((None, vec![value], 0.0, data.rows())),
            Err(e) => Err(value_err(e)),
        }
    }

    /// The residuals' Euclidean norm over the partition's rows at `x`.
    #[pyo3(signature = (x, columns, name = "partition"))]
    fn residual_norm(
        &self,
        py: Python<'_>,
        x: Vec<f64>,
        columns: &Bound<'_, PyDict>,
        name: &str,
    ) -> PyResult<f64> {
        check_len(&x, self.kernel.params())?;
        let data = dataset(columns, name)?;
        py.detach(|| self.kernel.residual_norm(&data, &x))
            .map_err(value_err)
    }

    /// `(weight, mean, m2)`: the target's moments over the partition's rows.
    #[pyo3(signature = (columns, name = "partition"))]
    fn target_moments(
        &self,
        py: Python<'_>,
        columns: &Bound<'_, PyDict>,
        name: &str,
    ) -> PyResult<(f64, f64, f64)> {
        let data = dataset(columns, name)?;
        let m = py
            .detach(|| self.kernel.target_moments(&data))
            .map_err(value_err)?;
        Ok((m.weight, m.mean, m.m2))
    }
}

fn check_len(x: &[f64], n: usize) -> PyResult<()> {
    if x.len() != n {
        return Err(PyValueError::new_err(format!(
            "x has {} values for {n} parameters",
            x.len()
        )));
    }
    Ok(())
}

/// The library's [`Partitions`] over a Python object: `rows()`, `count()`,
/// `loss_and_grad_sums(x, part)` (a list of `(sum, gradient sums, rows)`, one per partition, or
/// of the one partition `part`), `reduce(x)` (a list of [`PyFitKernel::reduce`]'s tuples),
/// `residual_norm(x)` (a list of norms) and `target_moments()` (a list of triples).
pub(crate) struct PyPartitions {
    obj: Py<PyAny>,
    rows: usize,
    count: usize,
}

impl PyPartitions {
    /// The partitions of `obj`, their rows and count asked once.
    pub(crate) fn new(obj: &Bound<'_, PyAny>) -> PyResult<PyPartitions> {
        let rows: usize = obj.call_method0("rows")?.extract()?;
        let count: usize = obj.call_method0("count")?.extract()?;
        Ok(PyPartitions {
            obj: obj.clone().unbind(),
            rows,
            count,
        })
    }

    /// Calls `name(*args)` on the object with the GIL, its Python error as a [`FitError`].
    fn call<T>(
        &self,
        name: &str,
        args: impl for<'py> FnOnce(Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>>,
        read: impl for<'py> FnOnce(&Bound<'py, PyAny>) -> PyResult<T>,
    ) -> Result<T, FitError> {
        Python::attach(|py| {
            let out = args(py).and_then(|a| self.obj.bind(py).call_method1(name, a));
            out.and_then(|v| read(&v)).map_err(|e| FitError::Partition {
                message: e.to_string(),
            })
        })
    }
}

impl Partitions for PyPartitions {
    fn rows(&self) -> usize {
        self.rows
    }

    fn count(&self) -> usize {
        self.count
    }

    fn loss_and_grad_sums(
        &mut self,
        x: &[f64],
        part: Option<usize>,
        g: &mut [f64],
    ) -> Result<(f64, usize), FitError> {
        let parts: Vec<(f64, Vec<f64>, usize)> = self.call(
            "loss_and_grad_sums",
            |py| {
                pyo3::types::PyTuple::new(
                    py,
                    [
                        x.to_vec().into_pyobject(py)?.into_any(),
                        part.into_pyobject(py)?.into_any(),
                    ],
                )
            },
            |v| v.extract(),
        )?;
        g.fill(0.0);
        let (mut sum, mut rows) = (0.0, 0);
        for (s, gk, n) in parts {
            if gk.len() != g.len() {
                return Err(FitError::Partition {
                    message: format!(
                        "a partition answered {} gradient sums for {} parameters",
                        gk.len(),
                        g.len()
                    ),
                });
            }
            sum += s;
            rows += n;
            for (a, b) in g.iter_mut().zip(&gk) {
                *a += *b;
            }
        }
        Ok((sum, rows))
    }

    fn reduce(&mut self, x: &[f64]) -> Result<LeastSquaresReduction, FitError> {
        type Part = (Option<Vec<f64>>, Vec<f64>, f64, usize);
        let parts: Vec<Part> = self.call(
            "reduce",
            |py| pyo3::types::PyTuple::new(py, [x.to_vec()]),
            |v| v.extract(),
        )?;
        let p = x.len();
        let mut total = LeastSquaresReduction::new(p);
        for (r, qtr, ss, rows) in parts {
            let Some(r) = r else {
                return Err(FitError::NotFiniteResidual {
                    value: qtr.first().copied().unwrap_or(f64::NAN),
                });
            };
            let part = LeastSquaresReduction::from_parts(p, r, qtr, ss, rows).ok_or_else(|| {
                FitError::Partition {
                    message: format!(
                        "a partition answered a reduction of the wrong size for {p} parameters"
                    ),
                }
            })?;
            total.merge(&part);
        }
        Ok(total)
    }

    fn residual_norm(&mut self, x: &[f64]) -> Result<f64, FitError> {
        let norms: Vec<f64> = self.call(
            "residual_norm",
            |py| pyo3::types::PyTuple::new(py, [x.to_vec()]),
            |v| v.extract(),
        )?;
        // hypot keeps the sum of squares free of overflow and underflow.
        Ok(norms.iter().fold(0.0, |a, n| a.hypot(*n)))
    }

    fn target_moments(&mut self) -> Result<TargetMoments, FitError> {
        let parts: Vec<(f64, f64, f64)> = self.call(
            "target_moments",
            |py| Ok(pyo3::types::PyTuple::empty(py)),
            |v| v.extract(),
        )?;
        let mut m = TargetMoments::default();
        for (weight, mean, m2) in parts {
            m.merge(&TargetMoments { weight, mean, m2 });
        }
        Ok(m)
    }
}
