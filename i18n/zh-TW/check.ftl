# nabla check: central differences, the step sweep, hand-derived partials
# 繁體中文目錄。這裡的每則訊息都在 ../en/check.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv：梯度檢查、數值梯度、中央差分、前向差分、步長、偏導數、誤差、容許誤差、
# 一致、「不一致」、隨機點、矩形區域。

## 中央差分的報告（nabla check --at、--random）

check-method = 以 { $precision } 計算中央差分，{ $step }；rtol { $rtol }，atol { $atol }
check-step-auto = h = cbrt(eps)*max(|x_i|,1)，取最接近的 2 的冪次
check-at = 在 { $point }
check-worst-of = { $count } 個點中最差的一點：{ $point }
check-col-variable = 變數
check-col-exact = 精確值
check-col-central = 中央差分
check-col-step = 步長
check-col-abs-error = 絕對誤差
check-col-rel-error = 相對誤差
check-col-verdict = 判定
check-verdict-agrees = 一致
check-verdict-disagrees = 「不一致」
check-verdict-kink = 不可微點
check-verdict-not-finite = 非有限值
check-verdict-unresolved = 無法分辨
check-reason-row = { $var }：{ $reason }
check-kink-row = { $var }：{ $reason }；有限差分在這裡無法檢查它
check-unresolved-reason = 在步長 { $step } 下，有限差分無法分辨這個偏導數（它的誤差上界 { $bound } 比偏導數本身還大）；請改用預設步長
check-point-not-finite = 這個點有一個座標不是有限值
check-f-not-finite = f 在這裡是{ $what }
check-exact-not-finite = 精確偏導數是{ $what }
check-value-not-finite = { $value } 是{ $what }
check-overflow = 有限差分溢位了
check-nan = 非數值（NaN，超出函數的定義域，或是 0/0）
check-pos-inf = 正無窮大
check-neg-inf = 負無窮大
check-kink-near = { $node } 在兩個步長內會碰到{ $what }
check-kink-unit = { $node } 在兩個步長內會碰到 ±1，那裡的導數是無窮大
check-kink-pole = { $node } 在兩個步長內會碰到一個極點
check-kink-tie = { $node } 的兩個引數在兩個步長內會相等
check-kink-branch-cut = { $node } 在兩個步長內會碰到它的分支切割線（y = 0，x <= 0）
check-kink-origin = { $node } 在兩個步長內會碰到它在 (0, 0) 的不可微點
check-kink-values = f 的斜率在兩個步長內突然改變（從 x-2h 到 x+2h 之間，f 有不可微點或跳躍）
check-node-division = 一個除法
check-node-power = 一個次方
check-node-other = 一個節點
check-what-singular = 0（它在那裡是奇異點）
check-what-infinite-derivative = 0（它在那裡的導數是無窮大）
check-what-kink = 它在 0 的不可微點
check-what-jump = 它在 0 的跳躍
check-what-denominator = 分母為 0 之處（極點）
check-what-negative-power = 負次方的底數為 0 之處（極點）
check-what-fractional-power = 0（非整數次方在那裡不可微）
check-what-logarithm = 對數的引數為 0 之處（極點）
check-counts = { $points } 個點上的 { $partials } 個偏導數：{ $parts }
check-list-sep = {"，"}
check-count-agree = { $count } 個一致
check-count-disagree = { $count } 個「不一致」
check-count-kink = { $count } 個位於不可微點或奇異點（未檢查）
check-count-not-finite = { $count } 個非有限值（未檢查）
check-count-unresolved = { $count } 個在這個步長下無法分辨（未檢查）
check-disagreeing-at = 「不一致」的點：{ $points } ……
check-points-sep = {"；"}
check-note-resolution = 注意：有些偏導數比有限差分在這個步長下能分辨的量還小（截斷誤差與捨入誤差）
check-note-resolution-compared = ；比對過的那些只在這個解析度內一致
check-note-resolution-step = ；預設的步長規則（`Step::Auto`）通常最好
check-f32-line1 = 在 f32 中，f 的每個值都帶有約 6e-8*|f| 的捨入誤差；除以 2h 之後會放大成約 6e-8*|f|/h
check-f32-line2 = （在 h = 6e-6 時約為 1e-2*|f|）。即使用 f32 最好的步長 cbrt(1.2e-7) = 5e-3，誤差也有 ~1e-5：請用 f64 做梯度檢查。
check-agrees = 梯度與中央差分一致
check-disagrees = 梯度與中央差分「不一致」
check-partly-agrees = 比對過的偏導數與中央差分一致（{ $partials } 個中比對了 { $compared } 個；其餘未檢查）
check-not-checked = 梯度「未檢查」：沒有任何偏導數可以比對（{ $reason }）；{ $advice }
check-reason-kink = 每個偏導數都位於不可微點或奇異點
check-advice-kink = 請換一個遠離不可微點的點
check-reason-not-finite = 每個偏導數都需要某個非有限的值
check-advice-not-finite = 請換一個在公式定義域內的點
check-reason-unresolved = 在這個步長下，有限差分無法分辨任何偏導數
check-advice-unresolved = 請改用預設步長
check-reason-mixed = 每個偏導數都位於不可微點、需要非有限的值，或在其步長下無法分辨
check-advice-mixed = 請換一個在公式定義域內、遠離不可微點的點，並使用預設步長

## 步長掃描（nabla check --sweep）

check-sweep-title = df/d{ $var } 在 { $point }：精確值 { $exact }，以 { $precision } 計算差分
check-sweep-col-step = 步長
check-sweep-col-forward = 前向差分誤差
check-sweep-col-central = 中央差分誤差
check-sweep-best-forward = 前向差分最佳
check-sweep-best-central = 中央差分最佳
check-sweep-mark = <- { $marks }
check-sweep-explain1 = 步長大時：截斷誤差（前向差分 ~ h*|f''|/2，中央差分 ~ h^2*|f'''|/6）隨 h 變小而下降；
check-sweep-explain2 = 步長小時：捨入誤差 ~ eps*|f|/h 上升（{ $precision } 的 eps = { $eps }），所以最佳步長在前向差分 sqrt(eps) = { $sqrt }、中央差分 cbrt(eps) = { $cbrt } 附近。
check-sweep-sentence = 每個步長下前向差分與中央差分的誤差
check-sweep-against-given = 與給定的梯度比較，以 { $precision } 計算差分
check-sweep-against-exact = 與精確偏導數（反向模式）比較，以 { $precision } 計算差分
check-sweep-undefined = f 在 { $point } 沒有定義（該處的值不是數值：超出某個函數的定義域，或是 0/0），無法取差分；請換一個在公式定義域內的點
check-sweep-nothing = 在 { $point } 每個步長都無法量出誤差（旁邊的 f 值或精確偏導數不是有限值）；請換一個在公式定義域內的點

## 手算的偏導數（nabla check --grad）

check-hand-title = 手算偏導數與精確梯度的比對，共 { $count } 個點（rtol { $rtol }，atol { $atol }）
check-hand-agrees = 一致
check-hand-disagrees = 「不一致」：{ $compared } 個點中有 { $disagreeing } 個
check-hand-unchecked = 未檢查：精確偏導數在每個點都不是有限值；請給在定義域內的點
check-hand-largest = 最大差距在 { $point }：精確值 { $exact }，你的值 { $yours }，絕對誤差 { $abs }，相對誤差 { $rel }
check-hand-worst = 最差的點在 { $point }：精確值 { $exact }，你的值 { $yours }，絕對誤差 { $abs }，相對誤差 { $rel }
check-hand-not-finite = 非有限值
check-hand-skipped = 略過 { $count } 個點：精確偏導數在那裡不是有限值
check-hand-no-diagnosis = 找不到簡單的關係（正負號相反、差一個常數倍、偏導數對調、差一個常數）可以解釋
check-hand-exact-is = 精確偏導數是 { $formula }
check-hand-order = 你的偏導數依 ({ $order }) 的順序才一致；nabla 的順序是 ({ $given })：請依 nabla 的順序寫，或在每個偏導數前標上它的變數名稱
check-hand-all-agree = 每個手算偏導數都一致
check-hand-check = 請檢查 { $partials }
check-hand-entry = { $source } 的第 { $index } 個分量
check-diag-sign = 你的偏導數和精確偏導數正負號相反
check-diag-factor-much = 你的偏導數是精確偏導數的 { $factor } 倍（多乘了 { $extra }）
check-diag-factor-missing = 你的偏導數是精確偏導數的 { $factor } 倍（少乘了 { $extra }）
check-diag-swapped = 你的偏導數其實等於 df/d{ $with }：偏導數似乎對調了
check-diag-plus = 你的偏導數是精確偏導數加上 { $offset }：差了一個常數
check-diag-minus = 你的偏導數是精確偏導數減去 { $offset }：差了一個常數
check-hand-disagree-sentence = { $count ->
       *[other] 手算的 { $partials } 與精確偏導數「不一致」
    }
check-hand-nothing = { $partials } 無法比對：精確偏導數在每個點都不是有限值；請給在定義域內的點
check-hand-evidence = 精確偏導數（反向模式）與你的偏導數在 { $count } 個點上比對（rtol { $rtol }，atol { $atol }）

## 命令列

check-random-line = 隨機點：{ $count } 個，取自矩形區域 { $range }（亂數種子 { $seed }）
check-hint-default-step = 拿掉 --step 就會使用預設步長
check-hint-no-points = 用 --at { $example } 給一個點，或用 --random 100 取隨機點
check-hand-parse-where = = 在 df/d{ $var } 的 --grad 公式中（插入符號指向其中）
check-no-variables = 這個公式沒有變數，所以沒有梯度可以檢查；請給一個有變數的公式，例如 nabla check "x^2 + 3*x" --at x=1
check-sweep-one-point = --sweep 只能用一個點；請用 --at x=1 給定
check-grad-unknown = --grad 寫了 `{ $name }`，但它不是函數的變數；函數的變數是：{ $names }
check-grad-mixed = --grad 混用了有名稱（x=...）和沒有名稱的公式；請全部標上名稱，或全部都不標
check-grad-count = --grad 給了 { $found } 個公式，但函數有 { $expected } 個變數（{ $names }）；請每個變數給一個，用 `;` 分隔，或標上名稱：--grad { $first }="..."

## 錯誤（CheckError）

check-err-dimension = 這個點有 { $found } 個座標，但函數有 { $expected } 個變數；請每個變數給一個值
check-err-no-points = 沒有要檢查的點；請至少給一個點，或用 `SampleBox::sample` 取隨機點
check-err-bad-step = 步長 { $step } 不是有限的正數；請給一個步長，例如 1e-6
check-err-bad-tolerance = 容許誤差 `{ $name }` = { $value } 必須是 >= 0 的有限數
check-err-bad-box = `{ $var }` 的範圍是 { $lo }..{ $hi }；請給有限的邊界，並把下界寫在前面
check-err-box-variable = 第 { $index } 個變數
check-err-hand-parse = 讀不懂你寫的 df/d{ $var } 公式：
check-err-unknown-partial = `{ $var }` 不是函數的變數；函數的變數是：{ $known }
check-err-duplicate-partial = df/d{ $var } 給了兩個公式；請每個變數只給一個
check-err-hand-unknown-variable = 你寫的 df/d{ $var } 公式用到了 `{ $name }`，但它不是函數的變數（{ $known }）；請只用函數的變數
check-err-single-precision = 這個函數只能以雙精度求值；請用 f64 檢查
check-err-hand-values = df/d{ $var } 給了 { $found } 個值，但有 { $expected } 個點；請每個點給一個值
check-err-hand-both = 手算的梯度同時以公式和函數給出；請只給其中一種
check-err-hand-count = 給了 { $found } 個手算公式，但函數有 { $expected } 個變數（{ $names }）；請依這個順序每個變數給一個，或標上各自的變數名稱
check-err-box-dimension = 矩形區域有 { $found } 個區間，但函數有 { $expected } 個變數；請每個變數給一個區間
check-err-too-many-points = { $n } 個隨機點超過一次檢查能取的數量；最多請給 { $max } 個
check-err-precision = 不認得的精度 `{ $name }`；請用 f32 或 f64
