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
check-sweep-output-needs-sweep = -o 把步長掃描畫成圖：請加上 --sweep
check-wrote-sweep = 已寫入 { $file }（步長掃描圖）
# The step sweep's curves in the picture ($var: the variable).
check-sweep-series-forward = 前向差分，df/d{ $var }
check-sweep-series-central = 中央差分，df/d{ $var }
# The picture's title ($point: the point, e.g. (x, y) = (2, 3)).
check-sweep-chart-title = 在 { $point } 的梯度檢查誤差與步長
# --help of the flags added for the book's figures (the same text as the command line's doc comments).
help-arg-plot-with = 另外在同一張圖上畫出公式的導數（單變數；以符號微分算出，與 `nabla diff` 印出的相同）。多個公式：以 `;` 分隔（一張圖最多 8 條曲線）
help-arg-plot-panels = 每個方法一張小圖，並排在同一張圖裡（最多 12 張：3 張以內排成一列，更多就排成最多 4 欄的網格），每張以該方法的設定為標題；--size 是每張小圖的大小
help-arg-plot-view = --surface 的視角：以度為單位的「仰角,方位角」（仰角 0 到 90，方位角 -360 到 360；預設約為 25.8,45.8）
help-arg-check-output = 與 --sweep 一起使用時，另外把掃描結果畫成圖（`.svg` 或 `.png`）：各種差分的誤差對步長的雙對數圖，並標出各自最好的步長
