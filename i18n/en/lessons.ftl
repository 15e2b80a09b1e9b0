# the page's lessons (ids start with lesson-)
# English catalog. Every message here exists in ../zh-TW/lessons.ftl with the same variables.
# The numbers in the lessons come from the book's prints (seed-table.md) or from nabla's runs;
# the page shows nabla's own numbers beside them.

## the lesson table
lesson-col-run = run
lesson-col-book = the book prints
lesson-col-nabla = nabla
lesson-erratum = Erratum:
lesson-col-article = the article writes

## Beale's function, chapter 2.3
lesson-beale-title = Beale from (3, 4): the six methods of the comparison
lesson-beale-text = Chapter 2 runs six optimizers on Beale’s function from (3, 4), 300,000 iterations (Adam 100,000), and prints where each ends. The minimum is (3, 0.5). Adagrad stalls: its steps shrink until it stops far from any critical point (the book calls it another local optimum; the gradient there is not 0). Adam with beta2 = 0.8 circles (3, 0.5) about 5e-5 away.
lesson-beale-errata = RMSprop’s listing passes beta = 0.9999999999 (ten 9s), one 9 too few: eleven 9s reproduce the printed points, as here. Adadelta’s prose says its accumulators start at 0, but its code starts them at 1: with eps = 1e-8 and an initial accumulator of 1 nabla reproduces the printed point. The lesson “The listings’ settings” runs both ways.
lesson-beale-adadelta = adadelta (eps 1e-8, accumulators start at 1)
lesson-beale-rmsprop = rmsprop (beta 0.99999999999, eps 1e-8, v starts at 1)
lesson-beale-adam = adam (beta2 0.8)

## the errata of the RMSprop and Adadelta listings
lesson-settings-title = The listings’ settings: RMSprop’s beta and Adadelta’s start (Beale from (3, 4))
lesson-settings-text = Sections 2.3.3 and 2.3.4 print where Adadelta and RMSprop end on Beale’s function from (3, 4). Run as the listings are written, neither lands on its print; the rows below show the settings that do.
lesson-settings-errata = RMSprop’s listing passes beta = 0.9999999999, ten 9s: one 9 too few. With eleven 9s (alpha = 0.99999999999 here) and v starting at 1, nabla reproduces both printed points, after 300,000 and after 900,000 iterations. Adadelta reproduces the printed point with eps = 1e-8 and an initial accumulator of 1 (the code’s np.ones_like; the prose says 0): standard Adadelta, with accumulators starting at 0, ends elsewhere.
lesson-settings-rmsprop-ten = rmsprop, beta with ten 9s (the listing), 300,000 iterations
lesson-settings-rmsprop-eleven = rmsprop, beta with eleven 9s, 300,000 iterations
lesson-settings-rmsprop-long = rmsprop, beta with eleven 9s, 900,000 iterations
lesson-settings-adadelta-zero = adadelta, accumulators start at 0 (the prose)
lesson-settings-adadelta-one = adadelta, eps 1e-8, accumulators start at 1 (the code)

## the cubic, chapter 2.2
lesson-cubic-title = The cubic’s descent: x³ − 3x² − 9x + 2 from x = 1
lesson-cubic-text = Gradient descent with lr 0.01 from x = 1 (the book’s figure 2-7). The stop rule (max |f′| < 1e-8) fires before step 176, at the minimum x = 3.
lesson-cubic-row = gd, lr 0.01

## the course notes: learning rate and decay
lesson-lr-title = Learning rate: x² from −1, ten steps with lr 0.1, 0.3, 0.9, 0.99
lesson-lr-text = The lecture notes’ learning-rate effect: small steps crawl, 0.3 converges fast, 0.9 and 0.99 overshoot and oscillate (each step multiplies x by 1 − 2 lr). The notes only plot; the closed form x₁₀ = −(1 − 2 lr)¹⁰ gives the numbers.
lesson-lr-header = closed form (the notes plot it)
lesson-decay-title = Learning-rate decay: x² from −1, lr 0.3, decay 0, 0.01, 0.5, 0.9
lesson-decay-text = lr_i = lr/(1 + decay·i): decay slows the steps down. Closed form x₁₀ = −∏(1 − 2 lr/(1 + decay·i)), i = 0..9; the notes print lr 0.3, decay 0.5 → −0.048879853568.
lesson-decay-header = closed form (the notes print decay 0.5)

## the article: a line through three points
lesson-line-title = The article’s line fit: one gradient step on the point (−1, −3)
lesson-line-text = Model w·x + b with w = 3, b = 1, points (−1, −3), (0, 0), (1, 1). The squared error of the point (−1, −3) has dL/dw = −2 and dL/db = 2 (see the check table); one step with lr 0.5 gives w = 4, b = 0. The total squared distance goes from 11 to 10; on this one point the loss stays 1 (lr 0.5 times curvature 4 is 2: the step reflects the residual).
lesson-line-step = after one step (w, b)
lesson-line-partials = dL/dw, dL/db at (3, 1)

## the article's derivative
lesson-article-title = The article’s derivative: y = x³ + x² + x, is y′ = 3x + 2x + 1?
lesson-article-text = The article differentiates y = x³ + x² + x and writes y′ = 3x + 2x + 1. The lesson types that formula as your partial and checks it at 1000 random points: nabla finds it disagrees at every point it compares and gives the exact derivative 3x² + 2x + 1 (the two agree only at x = 0 and x = 1, the two points the article tries first). The check table checks y′ at x = −1.
lesson-article-errata = the article’s y′ = 3x + 2x + 1 is wrong: the derivative of x³ is 3x², so y′ = 3x² + 2x + 1. The article’s table also gives y′ = −1 at x = −1 and y′ = −6 at x = −2, which are the values of y there; y′ is 2 at x = −1 and 9 at x = −2, and it is positive for every x (3x² + 2x + 1 has no real root), so y rises everywhere.
lesson-article-formula = y′ (the article)
lesson-article-at = y′ at x = −1

## chapter 2.4: the gradient check
lesson-check-title = Gradient check: (1/16)x² + 9y² at (2, 3)
lesson-check-text = Chapter 2.4 checks the gradient (0.25, 54) against central differences. The hand partials below have a sign error in ∂f/∂y: press “Check my partials”.
lesson-check-row = exact gradient

## chapter 2.5: the optimizer classes
lesson-sgd-title = The SGD optimizer class: (1/16)x² + 9y² from (−2.4, 0.2), lr 0.1
lesson-sgd-text = Section 2.5.2 runs its SGD class (lr 0.1) and its SGD_Momentum class (lr 0.1, gamma 0.8) on the bowl of figure 2-16 from (−2.4, 0.2). Momentum stops by the rule max |g| < 1e-8 before step 177.
lesson-sgd-errata = the SGD listing says 100 iterations, but its printed point [-8.26638332e-06 2.46046384e-98] is the result of 1,000 iterations. After 100 iterations x is still near −0.68: the first row runs the listing’s 100 iterations, the second 1,000.
lesson-sgd-hundred = gd lr 0.1, 100 iterations (as the listing says)
lesson-sgd-thousand = gd lr 0.1, 1,000 iterations
lesson-sgd-momentum = momentum lr 0.1, momentum 0.8
