# nabla eval, grad and diff
# English catalog. Every message here exists in ../zh-TW/eval.ftl.ftl with the same variables.

## nabla eval

# The point given by position, echoed with its names on standard error.
eval-at = at { $names } = { $point }
eval-no-point = the formula has variables { $names }; give a point with --at { $example }
eval-verdict-value = the value
# $step: where the first infinity or NaN appears (`v2 = 1 / v1 is +infinity`).
eval-note-non-finite-on-the-way = on the way { $step }; the value is what floating-point arithmetic gives through it, and the formula may be undefined at this point

## nabla grad

# The labels of grad's text output, padded to one column.
grad-label-value = value
grad-label-gradient = gradient
grad-verdict = the value and the exact gradient
grad-note-too-large = the partial derivatives are too large to print as formulas (about { $chars } characters); the value and gradient above are exact evaluations

## The sentence of a value or gradient that is not finite

# $what is not-finite-what-*; $kind is not-finite-nan or not-finite-infinite.
not-finite-sentence = the { $what } at { $names } = { $point } is { $kind }
not-finite-what-value = value
not-finite-what-gradient = gradient
not-finite-nan = not a number (outside the domain of a function, or 0/0)
not-finite-infinite = { $value } (an overflow or a division by zero)

## nabla diff

diff-unknown-variable = unknown variable `{ $name }` among the variables to differentiate in; the formula's variables are: { $known }
diff-hessian-too-large = the Hessian of { $n } { $n ->
        [one] variable
       *[other] variables
    } has { $entries } { $entries ->
        [one] entry
       *[other] entries
    }; pick a few variables to differentiate in
diff-verdict-partials = the partial derivatives
diff-verdict-hessian = the second derivatives (the Hessian)
diff-verdict-evidence = exact symbolic differentiation
