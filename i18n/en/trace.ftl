# nabla trace and nabla graph
# English catalog. Every message here exists in ../zh-TW/trace.ftl with the same variables.

## nabla trace: the text

trace-at = at { $names } = { $values }
trace-forward-title = forward sweep: the evaluation trace
trace-col-step = step
trace-col-operation = operation
trace-col-value = value
trace-col-uses = uses
trace-output = output
trace-tangents-title = forward mode, direction { $var }: the tangents v̇k = dvk/d{ $var }
trace-forward-result = df/d{ $var } = { $value } by forward mode
trace-adjoints-title = reverse sweep: the adjoints v̄k = df/dvk, from the output back
trace-value = value
trace-gradient = gradient
trace-cost = cost of the gradient: { $operations ->
        [one] { $operations } operation
       *[other] { $operations } operations
    } to evaluate, then one multiply-add per local partial ({ $partials }) per sweep
trace-forward-sweeps = { $count ->
        [one] { $count } sweep
       *[other] { $count } sweeps
    } (one per variable)
trace-reverse-sweeps = 1 sweep
trace-forward-mode = forward mode
trace-reverse-mode = reverse mode
trace-multiply-adds = { $count } multiply-adds
# LaTeX (--latex): the words inside \text{...}.
trace-latex-forward = forward mode, direction
trace-latex-reverse = reverse mode

## The verdicts (the answer's sentence; the CLI prints a failing one as an error)

trace-sentence = the evaluation trace, its adjoints and the gradient
trace-not-finite-value = the value at { $names } = { $values } is not finite (NaN or infinite){ $place }
trace-not-finite-gradient = the gradient at { $names } = { $values } is not finite (NaN or infinite){ $place }
trace-starts-where = ; it starts where { $location }
trace-step-not-finite = { $step } = { $operation } is { $what }
trace-adjoint-not-finite = the adjoint of { $step } = { $operation } is { $what }
trace-nan = not a number
trace-pos-inf = +infinity
trace-neg-inf = -infinity
graph-sentence = the expression graph
graph-sentence-evaluated = the expression graph, its values and adjoints
# The picture's title when a point is given.
graph-title-at = { $formula }  at { $names } = { $values }
# Graphviz DOT labels (--dot).
graph-dot-value = value { $value }
graph-dot-adjoint = adjoint { $value }

## Errors

trace-err-point-length = the point has { $found ->
        [one] { $found } value
       *[other] { $found } values
    } but the formula has { $expected ->
        [one] { $expected } variable
       *[other] { $expected } variables
    }; give one value per variable, in the formula's variable order
trace-err-direction = there is no variable number { $index }: the formula has { $count ->
        [one] { $count } variable
       *[other] { $count } variables
    }; pick a direction between 0 and { $count } (exclusive)
trace-err-too-many-steps = the trace of this formula has { $count } steps; nabla trace shows at most { $max }, which is already more than one reads; trace a smaller formula, or use `nabla grad` for the value and gradient alone
trace-err-no-direction = the formula has no variables, so forward mode has no direction; leave out --forward
trace-err-unknown-dir = unknown variable `{ $name }` in --dir; the formula's variables are: { $names }
graph-err-too-many-nodes-dot = the expression graph has { $count } nodes; nabla graph exports at most { $max }, more would be unreadable; draw a smaller formula
graph-err-too-many-nodes = the expression graph has { $count } nodes; nabla graph draws at most { $max }, more would be unreadable; draw a smaller formula, or print the graph with --dot for Graphviz (at most 10000 nodes)
graph-err-no-trace = the graph's answer carries no trace
graph-wrote = wrote { $file } ({ $nodes } nodes, { $edges ->
        [one] { $edges } edge
       *[other] { $edges } edges
    } in { $layers } layers, { $crossings ->
        [one] { $crossings } crossing
       *[other] { $crossings } crossings
    })
