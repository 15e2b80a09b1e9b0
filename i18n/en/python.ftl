# the Python package's notebook displays (HTML in Jupyter); ids start with py-
# English catalog. Every message here exists in ../zh-TW/python.ftl with the same variables.
# Values may hold HTML entities; the displays insert them as HTML.

py-formula-at = { $formula } at { $point }
py-tangents = forward mode, direction { $var }: the tangents
py-col-tangent = tangent
py-adjoints = reverse sweep: the adjoints { $symbol }, from the output back
py-col-adjoint = adjoint
py-col-sum = sum
py-rss = rss
py-dof = dof
py-reduced-chi2 = reduced &chi;&sup2;
py-sigma-absolute = &sigma; absolute (covariance not scaled)
py-covariance-scaled = covariance scaled by the reduced &chi;&sup2;
py-whole-answer = the whole answer
py-more-rows = ... { $count } more rows
py-of = of { $what }
py-and = { $first } and { $second }
py-col-point = point
py-col-gradient = gradient
py-col-outcome = outcome
py-check-summary = { $partials } partials at { $points } points: { $agree } agree, { $disagree } disagree, { $kink } at kinks, { $notfinite } not finite, { $unresolved } unresolved
py-col-yours = yours
py-col-exact-partial = exact partial
py-col-points = points
py-col-worst-point = worst point
py-col-exact-there = exact there
py-col-yours-there = yours there
py-col-diagnosis = diagnosis
py-n-of-m-disagree = { $n } of { $m } disagree
py-skipped = , { $count } skipped
py-agreeing-order = your partials agree in the order ({ $order })
py-sweep-forward = forward error d/d{ $var }
py-sweep-central = central error d/d{ $var }
py-sweep-at = at { $point }; best steps in bold
