//! [`symmetric_eigen()`] and what it needs; documented on the function.

/// Eigenvalues in ascending order and the matching orthonormal eigenvectors.
///
/// ```
/// use nabla::optim::symmetric_eigen;
/// let e = symmetric_eigen(&[2.0, 1.0, 1.0, 2.0], 2).unwrap();
/// assert!((e.values[0] - 1.0).abs() < 1e-15 && (e.values[1] - 3.0).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SymmetricEigen {
    /// Eigenvalues, ascending.
    pub values: Vec<f64>,
    /// Row-major `n * n`; column `j` is the unit eigenvector of `values[j]`.
    pub vectors: Vec<f64>,
}

/// Eigen-decomposition of the symmetric row-major `n * n` matrix `a`.
///
/// Dense symmetric linear algebra for small `n`: the cyclic Jacobi eigenvalue method (Golub & Van Loan,
/// *Matrix Computations*, 4th ed., algorithm 8.5.3) and a Cholesky factorization with its triangular solves.
///
/// Matrices are row-major `n * n` slices. The Jacobi method applies plane rotations `A <- J^T A J` until
/// the off-diagonal Frobenius norm falls below `f64::EPSILON` times the norm of `A` (at most 64 sweeps,
/// quadratic convergence makes 6-10 typical); it is accurate to a few ulps of `||A||` for every eigenvalue,
/// including the small ones that decide whether a stationary point is degenerate. Only the upper triangle
/// is assumed symmetric; non-finite input gives `None`/`false`, never a panic.
///
/// `None` when `a.len() != n * n` or an entry is not finite.
///
/// ```
/// use nabla::optim::symmetric_eigen;
/// // x^2 - y^2 has Hessian diag(2, -2).
/// let e = symmetric_eigen(&[2.0, 0.0, 0.0, -2.0], 2).unwrap();
/// assert_eq!(e.values, vec![-2.0, 2.0]);
/// assert!(symmetric_eigen(&[1.0, 2.0], 2).is_none());
/// ```
pub fn symmetric_eigen(a: &[f64], n: usize) -> Option<SymmetricEigen> {
    if a.len() != n.checked_mul(n)? {
        return None;
    }
    let mut work = a.to_vec();
    let mut values = vec![0.0; n];
    let mut vectors = vec![0.0; n * n];
    if !jacobi_in_place(&mut work, n, &mut values, &mut vectors) {
        return None;
    }
    Some(SymmetricEigen { values, vectors })
}

/// The allocation-free core of [`symmetric_eigen`]: destroys `a`, writes ascending eigenvalues into
/// `values` (length `n`) and the eigenvectors as columns of `vectors` (`n * n`). Returns `false` (and
/// leaves the outputs unspecified) on wrong lengths or non-finite entries.
///
/// ```
/// use nabla::optim::jacobi_in_place;
/// let mut a = [4.0, 0.0, 0.0, 1.0];
/// let (mut w, mut v) = ([0.0; 2], [0.0; 4]);
/// assert!(jacobi_in_place(&mut a, 2, &mut w, &mut v));
/// assert_eq!(w, [1.0, 4.0]);
/// ```
pub fn jacobi_in_place(a: &mut [f64], n: usize, values: &mut [f64], vectors: &mut [f64]) -> bool {
    let nn = match n.checked_mul(n) {
        Some(nn) => nn,
        None => return false,
    };
    if a.len() != nn || values.len() != n || vectors.len() != nn || a.iter().any(|v| !v.is_finite())
    {
        return false;
    }
    // Symmetrize from the upper triangle.
    for i in 0..n {
        for j in 0..i {
            a[i * n + j] = a[j * n + i];
        }
    }
    vectors.fill(0.0);
    for i in 0..n {
        vectors[i * n + i] = 1.0;
    }
    let norm2: f64 = a.iter().map(|v| v * v).sum();
    let tol2 = (f64::EPSILON * f64::EPSILON) * norm2;
    for _sweep in 0..64 {
        let mut off2 = 0.0;
        for p in 0..n {
            for q in p + 1..n {
                off2 += 2.0 * a[p * n + q] * a[p * n + q];
            }
        }
        if off2 <= tol2 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let tau = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = if tau.abs() > 1e150 {
                    0.5 / tau
                } else {
                    let sign = if tau >= 0.0 { 1.0 } else { -1.0 };
                    sign / (tau.abs() + (1.0 + tau * tau).sqrt())
                };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = t * c;
                rotate(a, vectors, n, p, q, c, s);
            }
        }
    }
    for i in 0..n {
        values[i] = a[i * n + i];
    }
    sort_pairs(values, vectors, n);
    values.iter().all(|v| v.is_finite())
}

/// `A <- J^T A J` and `V <- V J` for the rotation in the `(p, q)` plane.
fn rotate(a: &mut [f64], v: &mut [f64], n: usize, p: usize, q: usize, c: f64, s: f64) {
    for k in 0..n {
        let (akp, akq) = (a[k * n + p], a[k * n + q]);
        a[k * n + p] = c * akp - s * akq;
        a[k * n + q] = s * akp + c * akq;
    }
    for k in 0..n {
        let (apk, aqk) = (a[p * n + k], a[q * n + k]);
        a[p * n + k] = c * apk - s * aqk;
        a[q * n + k] = s * apk + c * aqk;
    }
    for k in 0..n {
        let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
        v[k * n + p] = c * vkp - s * vkq;
        v[k * n + q] = s * vkp + c * vkq;
    }
}

/// Selection sort of eigenpairs by ascending value (n is small; no allocation).
fn sort_pairs(values: &mut [f64], vectors: &mut [f64], n: usize) {
    for i in 0..n {
        let mut best = i;
        for j in i + 1..n {
            if values[j] < values[best] {
                best = j;
            }
        }
        if best != i {
            values.swap(i, best);
            for k in 0..n {
                vectors.swap(k * n + i, k * n + best);
            }
        }
    }
}

/// In-place Cholesky factorization `A = L L^T` of the symmetric row-major `n * n` matrix `a` (lower
/// triangle of the result holds `L`). Returns `false` when `a` is not (numerically) positive definite or
/// has the wrong length.
///
/// ```
/// use nabla::optim::cholesky;
/// let mut a = [4.0, 2.0, 2.0, 5.0];
/// assert!(cholesky(&mut a, 2));
/// assert_eq!((a[0], a[2], a[3]), (2.0, 1.0, 2.0));
/// assert!(!cholesky(&mut [1.0, 2.0, 2.0, 1.0], 2));
/// ```
pub fn cholesky(a: &mut [f64], n: usize) -> bool {
    if Some(a.len()) != n.checked_mul(n) {
        return false;
    }
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        let positive = d > 0.0 && d.is_finite();
        if !positive {
            return false;
        }
        let ljj = d.sqrt();
        a[j * n + j] = ljj;
        for i in j + 1..n {
            let mut s = a[j * n + i];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / ljj;
        }
    }
    true
}

/// Solves `L L^T x = b` in place, `l` being the output of [`cholesky`].
///
/// ```
/// use nabla::optim::{cholesky, cholesky_solve};
/// let mut a = [4.0, 2.0, 2.0, 5.0];
/// assert!(cholesky(&mut a, 2));
/// let mut b = [6.0, 7.0]; // A (1, 1)
/// cholesky_solve(&a, 2, &mut b);
/// assert!((b[0] - 1.0).abs() < 1e-15 && (b[1] - 1.0).abs() < 1e-15);
/// ```
pub fn cholesky_solve(l: &[f64], n: usize, b: &mut [f64]) {
    if Some(l.len()) != n.checked_mul(n) || b.len() != n {
        return;
    }
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reconstruct(e: &SymmetricEigen, n: usize) -> Vec<f64> {
        let mut out = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                for k in 0..n {
                    out[i * n + j] += e.vectors[i * n + k] * e.values[k] * e.vectors[j * n + k];
                }
            }
        }
        out
    }

    #[test]
    fn known_3x3_spectrum() {
        // [[2,-1,0],[-1,2,-1],[0,-1,2]] has eigenvalues 2 - sqrt2, 2, 2 + sqrt2.
        let a = [2.0, -1.0, 0.0, -1.0, 2.0, -1.0, 0.0, -1.0, 2.0];
        let e = symmetric_eigen(&a, 3).unwrap();
        let s = 2.0_f64.sqrt();
        for (got, want) in e.values.iter().zip([2.0 - s, 2.0, 2.0 + s]) {
            assert!((got - want).abs() < 1e-14, "{got} vs {want}");
        }
        let r = reconstruct(&e, 3);
        for (x, y) in r.iter().zip(a) {
            assert!((x - y).abs() < 1e-14);
        }
    }

    #[test]
    fn rejects_non_finite_and_wrong_length() {
        assert!(symmetric_eigen(&[f64::NAN], 1).is_none());
        assert!(symmetric_eigen(&[1.0, 2.0, 3.0], 2).is_none());
        assert_eq!(symmetric_eigen(&[], 0).map(|e| e.values.len()), Some(0));
    }

    proptest::proptest! {
        #[test]
        fn reconstructs_random_symmetric(vals in proptest::collection::vec(-10.0f64..10.0, 16)) {
            let n = 4;
            let mut a = vec![0.0; 16];
            for i in 0..n {
                for j in i..n {
                    a[i * n + j] = vals[i * n + j];
                    a[j * n + i] = vals[i * n + j];
                }
            }
            let e = symmetric_eigen(&a, n).unwrap();
            let r = reconstruct(&e, n);
            for (x, y) in r.iter().zip(&a) {
                proptest::prop_assert!((x - y).abs() < 1e-12);
            }
            let trace: f64 = (0..n).map(|i| a[i * n + i]).sum();
            proptest::prop_assert!((e.values.iter().sum::<f64>() - trace).abs() < 1e-12);
        }
    }
}
