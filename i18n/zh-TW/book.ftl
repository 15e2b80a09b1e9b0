# 書中的圖：一張圖上畫多個公式、並排的小圖、曲面的視角，以及步長掃描圖。

## Picture errors (the plotting library)
plot-err-view = 曲面視角的仰角 { $elevation }、方位角 { $azimuth } 超出範圍：仰角須在 { $elo } 到 { $ehi } 度之間，方位角須在 { $alo } 到 { $ahi } 度之間
plot-err-panels = 要求了 { $count } 張小圖；一張圖可放 1 到 { $max } 張（請少跑幾個方法，或把它們畫在同一張圖上）
plot-err-curves = 給了 { $count } 個公式；一張圖可畫 1 到 { $max } 個（其餘請畫在另一張圖上）

## Request errors (the library's words; no option names)
plot-req-panels-need-runs = 每張小圖畫一次執行：請給起點和要執行的方法
plot-req-view-needs-surface = 視角是給 3D 曲面用的：請畫曲面
plot-req-formulas-mixed = 這些公式用了不同的變數（{ $list }）：多個公式畫在同一個變數上，請都用同一個變數
plot-req-formulas-two-d = 多個公式畫成單變數的曲線，而第 { $index } 個公式有 { $count } 個變數（{ $names }）：請單獨畫它的等高線圖
plot-req-derivative-two-d = 導數只能畫在單變數函數旁邊，而這個函數有 { $count } 個變數（{ $names }）：可以印出它的偏導數公式，或在等高線圖上用箭頭畫出梯度
plot-req-formulas-option = 多個公式畫成同一張圖上的曲線，不含執行路徑、曲面、箭頭、極小值或小圖：這些請只畫一個公式

## The command line's words
plot-cli-view = --view 需要以度為單位的「仰角,方位角」，例如 --view 50,-50（仰角 0 到 90，方位角 -360 到 360）；收到的是 `{ $text }`
plot-cli-view-needs-surface = --view 設定 3D 曲面的視角：請加上 --surface
plot-cli-panels-need-runs = --panels 每個方法畫一張小圖：請加上 --from POINT 和 --methods LIST，例如 --from 5 --methods gd:lr=0.1,gd:lr=0.9
plot-cli-derivative-two-d = --with derivative 畫單變數函數的導數，而這個函數有 { $count } 個變數（{ $names }）：`nabla diff` 會印出它的偏導數，`nabla plot ... --quiver` 會在等高線圖上用箭頭畫出梯度
plot-cli-formulas-option = { $flag } 只能畫一個公式：有多個公式（以 `;` 分隔）或 --with derivative 時請拿掉它
plot-kind-curves = 多條曲線
plot-kind-panels = { $count } 張小圖
check-sweep-output-needs-sweep = -o 把步長掃描畫成圖：請加上 --sweep
check-wrote-sweep = 已寫入 { $file }（步長掃描圖）
# The step sweep's curves in the picture ($var: the variable).
check-sweep-series-forward = 前向差分，df/d{ $var }
check-sweep-series-central = 中央差分，df/d{ $var }
# The picture's title ($point: the point, e.g. (x, y) = (2, 3)).
check-sweep-chart-title = 在 { $point } 的梯度檢查誤差與步長
