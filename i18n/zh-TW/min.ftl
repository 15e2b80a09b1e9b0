# nabla min: methods, stop reasons, classifications, global search, certificates
# 繁體中文目錄。這裡的每則訊息都在 ../en/min.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。


## 單次執行的報告（標籤欄：以 nabla::i18n::pad 補到 12 欄寬）

min-label-method = 方法
min-label-stop = 停止原因
min-label-x = x
min-label-fx = f(x)
min-label-grad = max |梯度|
min-label-iterations = 迭代次數
min-label-evaluations = 求值次數
min-label-time = 時間
min-label-point = 終點類型
min-report-evaluations = f { $f } 次，梯度 { $grad } 次，海森矩陣 { $hessian } 次
min-minimizing = 以 { $method } 從 { $names } = { $point } 開始最小化
min-trace-iteration = 迭代

## 停止原因

min-stop-gradient = 梯度已低於容許誤差
min-stop-certified = 已由區間界限證明（不可微點：該處沒有梯度可供迭代）
min-stop-max-iterations = 已達迭代次數上限
min-stop-stalled = 停滯：函數值不再下降
min-stop-time = 已達時間上限
min-stop-diverged = 在第 { $iter } 步發散：函數值變成非有限值或急遽爆增；步長可能太大（顯示最後一個有限的點）
min-stop-line-search = 第 { $iter } 步的線搜尋失敗：沿搜尋方向的試探步都沒有讓函數值下降
min-stop-simplex = 單純形已塌縮（nelder-mead 已收斂）

## 點的類型，以及如何判定

min-kind-local-minimum = 極小值
min-kind-local-maximum = 極大值
min-kind-saddle = 鞍點
min-kind-degenerate = 退化的駐點（此處海森矩陣奇異：二階導數檢定無法判斷它是不是極值）
min-kind-not-stationary = 不是駐點（梯度不夠小）
min-kind-unknown = 駐點（沒有海森矩陣可用來分類）
min-kind-slope = 不是極小值：梯度很小，但函數值沿下降方向持續下降（平緩的斜坡，例如趨向一個達不到的下確界）
min-kind-inconclusive = 在捨入誤差內是駐點；二階檢定無法定論（海森矩陣病態，且從這裡以牛頓法重新出發，在取樣的鄰域之外到達了更低的值）
min-class-not-stationary = 不是駐點（max |g_i| = { $gradient }）：執行在梯度變小之前就結束了
min-class-minimum-sampling = 極小值（此處海森矩陣奇異或變化很快；已由鄰域取樣確認）
min-class-minimum-kink = 不可微點上的極小值（f 在每個取樣方向上都增加：單側方向導數）
min-class-saddle-sampling = 鞍點（此處海森矩陣奇異或變化很快；取樣在附近找到更低的值）
min-class-inconclusive-restart = 在捨入誤差內是駐點；二階檢定無法定論：海森矩陣的條件數為 { $condition }，從這裡以牛頓法重新出發，在距離 { $distance }（相對於 max(|x_i|, 1)）處到達 f = { $value }，超出取樣的鄰域：未確認為極小值；請從重新出發到達的點繼續，或改用牛頓法
min-point-eigenvalues = { $class }（海森矩陣特徵值 { $eigenvalues }）
min-point-unbounded = 無下界：{ $how }；f 從 { $from } 降到 { $to }，位於 { $names } = { $point }
min-not-classified-dim = 未分類：{ $count } 個變數太多，無法使用稠密的海森矩陣
min-not-classified-diverged = 未分類：執行發散了
min-unbounded-descent = 函數值沿下降方向無限下降
min-unbounded-edge = 點趨近定義域的邊界時，函數值無限下降

## 結論與證據

min-verdict-unbounded = 沒有最小值：函數無下界（{ $how }）
min-evidence-unbounded = f 從 { $from } 降到 { $to }，位於 { $point }
min-verdict-diverged = { $stop }；請試試較小的學習率
min-verdict-no-minimum = 找不到極小值：{ $what }
min-verdict-inconclusive = 未確認極小值：這個點在捨入誤差內是駐點，但雙精度浮點數無法判斷它是不是極小值（結束代碼 3）
min-what-saddle = 這個點是鞍點
min-what-maximum = 這個點是極大值
min-what-degenerate = 這個點是退化的駐點（二階導數檢定無法判斷它是不是極值）
min-evidence-gradient = 梯度：max |df/dx_i| = { $gradient }
min-evidence-second-order = 二階檢定：海森矩陣特徵值 { $eigenvalues }
min-evidence-sampling = 在這個點的鄰域取樣
min-evidence-kink = 不可微點：單側方向導數全都非負
min-evidence-restart = 重新出發：從這個點以牛頓法重新出發，到達了更低的值
min-unstable-step = 會發散：學習率 lr 為 { $lr } 時，{ $method } 在這個極小值不穩定（lr 乘以最大曲率 { $curvature } 等於 { $product } > { $limit }）；它停在這裡只是因為剛好從極小值出發。步長太大：請用 lr < { $bound }
min-compared = 已比較 { $count } 次執行
min-nothing-to-minimize = 這個公式沒有變數，沒有東西可以最小化

## nabla plot 的簡短說明

min-short-minimum = 在 { $point } 找到極小值
min-short-unbounded = 沒有最小值：函數無下界（{ $how }；f = { $value }，位於 { $point }）
min-short-no-minimum = 找不到極小值：最佳的終點 { $point } 是{ $kind }
min-short-kind-maximum = 極大值
min-short-kind-saddle = 鞍點
min-short-kind-degenerate = 退化的駐點
min-short-kind-not-stationary = 梯度不夠小的點
min-short-kind-slope = 平緩斜坡上的點（函數值持續下降）
min-short-kind-inconclusive = 在捨入誤差內是駐點、但雙精度無法判斷類型的點
min-short-kind-other = 不是極小值的點

## --compare

min-compare-from = 從 { $names } = { $point } 出發，最多迭代 { $iters } 次
min-col-method = 方法
min-col-x = x
min-col-fx = f(x)
min-col-grad = max |梯度|
min-col-iters = 迭代
min-col-stop = 停止
min-col-settings = 設定
min-compare-diverged-at = 在第 { $iter } 步發散
min-compare-stop-minimum = { $stop }（極小值）
min-compare-stop-kind = { $stop }（{ $kind }）
min-short-converged = 已收斂
min-short-iteration-limit = 迭代上限
min-short-stalled = 停滯
min-short-time-limit = 時間上限
min-short-diverged = 發散
min-short-line-search = 線搜尋失敗
min-short-simplex = 單純形塌縮
min-short-stopped = 已停止
min-compare-kind-local-maximum = 極大值
min-compare-kind-saddle = 鞍點
min-compare-kind-degenerate = 退化
min-compare-kind-not-stationary = 非駐點
min-compare-kind-unknown = 未知
min-compare-kind-slope = 斜坡
min-compare-kind-inconclusive = 無法定論

## --global

min-strategy-search = 搜尋
min-strategy-multi-start = 多起點（{ $starts } 個起點）
min-ends-minimum = { $count } 次停在極小值
min-ends-elsewhere = { $count } 次停在別處
min-ends-merged = { $count } 次在已找到的極小值的吸引域中提早停止
min-ends-failed = { $count } 次失敗
min-ends-skipped = { $count } 次未執行（時間上限或求值預算已用完）
min-list-separator = ，
min-global-interval = ，其中 { $count } 次以區間算術計算
min-global-summary = { $strategy }，以 { $method } 在 { $bounds } 中：局部搜尋 { $searches } 次，求值 { $evaluations } 次（{ $gradient } 次含梯度{ $interval }）；{ $ends }
min-global-best = { $headline }：f{ $names } = { $value }，位於 { $point }
min-distinct-at-kink = 找到的相異極小值：0 個（已證明的點位於不可微點或平坦的谷底，局部搜尋無法在該處停下；但它的值仍已證明）
min-distinct = 找到的相異極小值：{ $count } 個
min-edge = ，位於矩形區域邊界
min-minimum-line = { $point }  f = { $value }  （{ $kind }{ $edge }，找到 { $hits } 次）
min-best-of = 找到的 { $count } 個極小值中最好的
min-headline-unbounded = 沒有最小值（f 在矩形區域內無下界或無定義）；找到的最低點
min-headline-certified = 矩形區域上的全域最小值，已證明誤差在 { $gap } 以內：f* 在 [{ $lower }, { $upper }] 中
min-headline-best-point = 最佳點
min-headline-bounded = { $what }（未證明是全域最小值：區間界限給出 f* >= { $lower }）
min-lowest-not-minimum = 找到的最低點（不是極小值）
min-not-proven-infinite = 未證明是全域最小值：區間界限沒有給出有限的下界
min-not-proven = 未證明是全域最小值
min-headline-why = { $what }（{ $why }）
min-headline-lowest-why = 找到的最低點（不是極小值；{ $why }）
min-global-verdict-unbounded = 沒有最小值：區間界限顯示函數在矩形區域內無下界（或無定義）
min-global-verdict-certified = 矩形區域上的全域最小值，已證明：f* 在 [{ $lower }, { $upper }] 中
min-evidence-branch-and-bound = 區間分支定界法
min-global-verdict-not-minimum = 找不到極小值：找到的最低點不是極小值（請提高求值預算，或證明這個矩形區域，看看 f 在其中是否有下界）
min-evidence-lower-bound = 區間界限給出 f* >= { $lower }
min-global-verdict-best = { $what }（未證明是全域最小值）
min-global-error-start = 在矩形區域 { $bounds } 中，沒有任何起點能讓函數或其梯度取有限值；請選擇位於函數定義域內的矩形區域
min-budget-time-limit = 時間上限
min-budget-evaluations = 求值預算
min-no-minimum-budget = 在任何搜尋到達極小值之前，{ $which }就用完了（{ $starts } 個起點共求值 { $evaluations } 次，每個約 { $each } 次）；請提高它，或減少起點數
min-no-minimum-few = 每次搜尋只有約 { $each } 次求值，沒有一次到達極小值（{ $starts } 個起點）；請提高求值預算，或減少起點數
min-no-minimum-none = 沒有任何一次執行停在極小值
min-global-stop-certified = 已停止：區間界限證明了矩形區域上的全域最小值（差距 { $gap }）
min-global-stop-unseen = 已停止：{ $searches } 次局部搜尋後，估計尚未發現的極小值個數 < 0.5（已看到 { $minima } 個極小值，估計有 { $estimate } 個）
min-global-stop-no-improvement = 已停止：最近 { $searches } 次局部搜尋都沒有找到更低的點
min-global-stop-unbounded = 已停止：區間界限顯示 f 在 { $bounds } 附近無下界（或無定義）
min-global-stop-budget = 已停止：求值預算已用完
min-global-stop-time = 已停止：已過時間上限
min-global-stop-all-starts = 已停止：每個起點都已執行
min-minimizers-all = 這就是全部：證明的區域中沒有其他的點
min-minimizers-found = 這些是找到的；未證明就是全部
min-minimizers = 全域最小值點：{ $count } 個（與最低值相差在 { $tol } 以內的每個點；{ $how }）
min-on-edge = （位於矩形區域邊界）
min-bounds-count = 有 { $intervals } 個區間，但有 { $variables } 個變數：請為每個變數給一個區間
min-bounds-empty = 區間 ({ $low }, { $high }) 是空的或不是有限的：請給有限的界限 (low, high)，且 low <= high

## --certify

min-certify-verdict-certified = 已證明：矩形區域上的全域最小值在 [{ $lower }, { $upper }] 中
min-certify-evidence-unbounded = 在一個小到無法再分割的矩形區域上，區間界限給出 -inf：{ $bounds }
min-certify-stop-certified = 已證明：差距 U - L 在容許誤差以內
min-certify-failure-unbounded = 無法證明：函數在矩形區域內無下界（或無定義）
min-certify-failure-no-point = 無法證明：在矩形區域內找不到函數值有限且有定義的點
min-certify-failure-range = 未證明：f 的值在矩形區域內超出浮點數的範圍（全域最小值至多為 { $upper }，且可能低於 -{ $max }）
min-certify-failure-budget = 未證明：{ $which }預算已用完，差距為 { $gap }
min-certify-budget-splits = 分割次數
min-certify-budget-boxes = 矩形區域個數
min-certify-budget-time = 時間
min-certify-budget-evaluations = 求值次數
min-certify-budget-resolution = 解析度
min-certify-budget-range = 數值範圍
min-certify-regions-many = 最小值點位於 { $all } 個區域中（{ $boxes } 個矩形區域），列出 { $all } 個中的 { $listed } 個（最佳點所在的區域在前）：
min-certify-regions = 最小值點位於：
min-certify-note-best = 最佳點
min-certify-fill = 最小值點可能填滿這個區域：{ $boxes } 個矩形區域，沒有一個被排除
min-certify-fill-unrefined = 最小值點可能填滿這個區域：在定位預算用完之前，{ $boxes } 個矩形區域沒有一個被排除
min-certify-coarse = 粗略：{ $boxes } 個矩形區域未再分割，定位預算已用完
min-certify-note-separator = ；
min-certify-notes = （{ $notes }）
min-certify-more = { "..." } 還有 { $count } 個區域未列出
min-certify-note-no-region = 注意：最佳點不在任何區域中：f 在那裡嚴格單調，所以它的值在最小值的容許誤差以內，但它不是最小值點
min-certify-range = 未證明：f 的值在矩形區域內超出浮點數的範圍（低於 -{ $max }），所以區間界限沒有給出有限的下界；矩形區域上的全域最小值至多為 { $upper }
min-certify-budget = 未證明（{ $which }預算已用完）：矩形區域上的全域最小值在 [{ $lower }, { $upper }] 中，差距為 { $gap }
min-certify-no-point = 無法證明：在矩形區域內找不到函數值有限的點（下界為 { $lower }）
min-certify-unbounded = 無法證明：f 在 { $bounds } 附近無下界（或無定義）
min-certify-best = 最佳點 ({ $point })，f <= { $upper }
min-certify-note-undefined = 注意：f 在矩形區域的一部分沒有定義；界限是就有定義的點而言
min-certify-explored = 探索了 { $boxes } 個矩形區域（區間求值 { $interval } 次，修正 U 的點求值 { $point } 次），耗時 { $seconds } 秒
min-certify-error-partial = 證明需要對每個變數的梯度；請以所有變數編譯這個問題
min-certify-error-nowhere = 這個公式在矩形區域內處處無定義；請選擇位於定義域內的矩形區域
min-certify-error-tolerance = 容許誤差必須是正數，例如 1e-6

## 優化器的錯誤（OptimError）

min-err-unknown-method = 未知的方法 `{ $name }`：請使用 { $valid } 之一
min-err-dimension = 起點有 { $got } 個座標，但函數有 { $expected } 個變數：請為每個變數給一個值
min-err-non-finite-start = 函數或其梯度在起點不是有限值（函數值 { $value }）：請選擇位於函數定義域內的起點
min-err-hessian = 方法 `newton` 需要精確的海森矩陣，但這個函數沒有提供：請改用 `lbfgs`
min-err-hyper = { $name } = { $value } 無效：應為{ $expected }
min-expected-positive = 大於 0 的有限數
min-expected-non-negative = 至少為 0 的有限數
min-expected-unit = 區間 [0, 1) 中的數
min-expected-c2 = 區間 (c1, 1) 中的數
min-expected-memory = 介於 1 到 1000 之間的修正對組數
min-expected-open-unit = 區間 (0, 1) 中的數
min-err-unused-setting = 方法 `{ $method }` 不使用 `{ $setting }`：{ $method } 可用的設定為 { $takes }；請拿掉這個設定，或改用會使用它的方法（{ $methods }）
min-no-settings = 無
min-err-needs-residuals = 方法 `{ $method }`（{ $long }）最小化的是殘差平方和，所以它需要要擬合的模型與資料，而不是要最小化的函數：請用它來擬合模型，或用 `lbfgs` 最小化
min-err-no-starts = 沒有要求任何起點：請至少要求一個起點
min-err-all-diverged = { $runs } 次執行全都發散：請用較小的步長，或用有線搜尋的方法，例如 `lbfgs`
min-err-budget-spent = 在任何執行產生一個點之前，{ $which }就用完了（開始了 { $runs } 次執行，求值 { $evaluations } 次）；請提高{ $which }，或減少起點數
min-err-invalid-bounds = 搜尋的矩形區域無效：{ $reason }

## 命令列的錯誤（nabla min、方法清單）

min-cli-tol = --tol 必須是非負數，例如 1e-8
min-cli-start = nabla min 沒有 --start 選項；要從某個點出發，請寫 --from { $point }（--starts N 設定 --global 的起點數）
min-cli-global-box = --global 需要起點所在的矩形區域，例如 --box -5..5
min-cli-certify-box = --certify 需要要搜尋的矩形區域，例如 --box -5..5
min-method-one = --method 只接受一個方法；要執行多個方法請用 --compare
min-method-flag-not-apply = { $flag } 不適用於 --method { $method }：{ $takes }；請拿掉 { $flag }，或選擇接受它的方法（{ $methods }）
min-method-takes = { $method } 接受 { $settings }
min-method-takes-none = { $method } 不接受任何設定
min-method-takes-list = { $method } 接受 { $settings } 與 iters
min-method-takes-only-iters = { $method } 只接受 iters
min-method-flag-not-any = { $flag } 不適用於 --compare 的任何方法（{ $names }）；請拿掉它，或加入接受它的方法（{ $methods }）
min-method-setting-first = 設定 `{ $item }` 出現在任何方法之前；請寫在某個方法之後，例如 --methods adam:{ $item }
min-method-names-none = { $option } '{ $lists }' 沒有指定任何方法；請使用 { $valid } 中的一個或多個，例如 { $option } { $example }
min-setting-not-kv = `{ $name }` 的設定中的 `{ $kv }` 不是 key=value 的形式；請寫成例如 { $name }:lr=0.01
min-setting-number = `{ $name }` 的設定 `{ $kv }` 需要有限的數，例如 { $key }=0.01
min-setting-count = `{ $name }` 的設定 `{ $kv }` 需要整數，例如 { $key }=1000
min-setting-too-large = `{ $name }` 的設定 `{ $kv }` 太大；最多只能迭代 { $max } 次
min-setting-unknown = `{ $name }` 沒有 `{ $key }` 這個設定；請使用 lr、decay、momentum、beta1、beta2、rho、alpha、eps、initial_accumulator、momentum_decay、memory、c1、c2、centered 或 iters
min-setting-not-apply = 設定 `{ $kv }` 不適用於 { $name }：{ $takes }；請拿掉它，或交給接受它的方法（{ $methods }）
min-setting-flag = `{ $name }` 的設定 `{ $kv }` 需要 true 或 false
