"""The first step of nabla in Python: `nabla.Formula` with numpy arrays in and out."""

import numpy as np
import pytest

import nabla

BEALE = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"


def beale_numpy(X):
    """Beale's value and gradient by hand, vectorized over the rows of X."""
    x, y = X[:, 0], X[:, 1]
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y**2
    c = 2.625 - x + x * y**3
    value = a**2 + b**2 + c**2
    gx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    gy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y**2
    return value, np.stack([gx, gy], axis=1)


def test_beale_published_numbers():
    f = nabla.Formula(BEALE)
    assert f.vars == ["x", "y"]
    assert f([3, 4]) == 39062.953125
    assert f.value(np.array([3.0, 4.0])) == 39062.953125
    np.testing.assert_array_equal(f.grad([3, 4]), [25625.25, 57519.0])
    v, g = f.value_and_grad((3.0, 4.0))
    assert v == 39062.953125
    np.testing.assert_array_equal(g, [25625.25, 57519.0])
    assert f([3, 0.5]) == 0.0
    assert len(f.partials) == 2 and all(isinstance(p, str) for p in f.partials)
    assert repr(f).startswith("Formula(") and "vars=['x', 'y']" in repr(f)


def test_hessian_closed_form():
    f = nabla.Formula("x^2*y")
    h = f.hessian([3, 2])
    assert h.shape == (2, 2)
    np.testing.assert_array_equal(h, [[4.0, 6.0], [6.0, 0.0]])
    assert f.partials == ["2*y*x", "x^2"]


def test_vars_order():
    f = nabla.Formula("x^2*y", vars=["y", "x"])
    assert f.vars == ["y", "x"]
    assert f([2, 3]) == 18.0
    np.testing.assert_array_equal(f.grad([2, 3]), [9.0, 12.0])


def test_batch_equals_rows_and_numpy():
    f = nabla.Formula(BEALE)
    rng = np.random.default_rng(26)
    X = rng.uniform(-4.5, 4.5, size=(1000, 2))
    values = f.value(X)
    grads = f.grad(X)
    assert values.shape == (1000,) and grads.shape == (1000, 2)
    np.testing.assert_array_equal(f(X), values)
    for i in (0, 1, 499, 999):
        assert values[i] == f(X[i])
        np.testing.assert_array_equal(grads[i], f.grad(X[i]))
    rows = np.array([f(x) for x in X])
    np.testing.assert_array_equal(values, rows)
    row_grads = np.array([f.grad(x) for x in X])
    np.testing.assert_array_equal(grads, row_grads)
    v2, g2 = f.value_and_grad(X)
    np.testing.assert_array_equal(v2, values)
    np.testing.assert_array_equal(g2, grads)
    nv, ng = beale_numpy(X)
    np.testing.assert_allclose(values, nv, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(grads, ng, rtol=1e-12, atol=1e-9)


def test_parse_error_has_caret():
    with pytest.raises(nabla.ParseError) as err:
        nabla.Formula("2*x+sinn(y)")
    assert "^" in str(err.value)
    assert "sin" in str(err.value)
    assert issubclass(nabla.ParseError, ValueError)


def test_wrong_shapes_are_value_errors():
    f = nabla.Formula(BEALE)
    with pytest.raises(ValueError, match="2 values"):
        f([1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        f.grad(np.zeros((5, 3)))
    with pytest.raises(ValueError):
        f.value(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError):
        f.hessian(np.zeros((4, 2)))
    with pytest.raises(ValueError):
        nabla.Formula("x + y", vars=["x"])


def rosenbrock(n):
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))


def test_hessp_closed_forms():
    f = nabla.Formula("x^2*y")
    # H = [[2y, 2x], [2x, 0]] at (3, 2): H @ (1, -1) = (4 - 6, 6)
    np.testing.assert_array_equal(f.hessp([3, 2], [1, -1]), [-2.0, 6.0])
    # 1,000-variable Rosenbrock, past the dense Hessian's limit: the closed-form tridiagonal
    # Hessian H_ii = 1200 x_i^2 - 400 x_{i+1} + 2 (+200 for i > 0), H_{i,i+1} = -400 x_i.
    n = 1000
    g = nabla.Formula(rosenbrock(n))
    with pytest.raises(ValueError, match="too large"):
        g.hessian(np.ones(n))
    rng = np.random.default_rng(3)
    x, p = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
    diag = np.zeros(n)
    diag[:-1] = 1200 * x[:-1] ** 2 - 400 * x[1:] + 2
    diag[1:] += 200
    off = -400 * x[:-1]
    expected = diag * p
    expected[:-1] += off * p[1:]
    expected[1:] += off * p[:-1]
    np.testing.assert_allclose(g.hessp(x, p), expected, rtol=1e-12, atol=1e-9)
    with pytest.raises(ValueError, match="direction"):
        g.hessp(x, np.ones((2, n)))


def test_scipy_newton_cg_with_hessp_on_1000_variables():
    scipy_optimize = pytest.importorskip("scipy.optimize")
    g = nabla.Formula(rosenbrock(1000))
    x0 = np.tile([-1.2, 1.0], 500)
    r = scipy_optimize.minimize(g, x0, jac=g.grad, hessp=g.hessp, method="Newton-CG",
                                options={"xtol": 1e-10, "maxiter": 20000})
    assert r.success, r.message
    np.testing.assert_allclose(r.x, np.ones(1000), atol=1e-6)
