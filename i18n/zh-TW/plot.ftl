# nabla plot: titles, axes, legends, notes
# 繁體中文目錄。這裡的每則訊息都在 ../en/plot.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。


## 圖上畫的字（src/plot、src/graph_draw.rs）。使用者給的標題照原樣畫出。

plot-legend-minimum = 極小值
plot-legend-start = 起點
plot-legend-end = 終點
plot-legend-local-minima = 區域內的極小值（{ $count } 個）
plot-loss-title = f 值隨迭代次數的變化
plot-loss-clamped = （≤ 0 的值畫在 { $floor }）
plot-axis-iteration = 迭代次數
plot-axis-f-log = f（對數刻度）
plot-sweep-title = 梯度檢查的誤差與步長
plot-sweep-clamped = （誤差為 0 的點畫在 { $floor }）
plot-axis-step-log = 步長 h（對數刻度）
plot-axis-error-log = 誤差（對數刻度）
plot-sweep-best = { $name }（最佳 h = { $h }）
plot-residual-title = 殘差對{ $x }
plot-residual-row = 列
plot-residual-residual = 殘差
plot-bar-log-scale-of = 對數刻度：
plot-graph-value = 值 { $value }
plot-graph-adjoint = 伴隨值 { $value }

## 圖的附註
plot-note-non-finite = 函數在 { $total } 個網格點中有 { $count } 個是 NaN 或無窮大；這些部分留白
plot-note-saturated = { $total } 個網格值中有 { $count } 個超出 ±{ $limit }，畫在該界限上
plot-note-clamped = { $count } 個 ≤ 0 的值畫在對數軸的下限 { $floor }
plot-note-separator = ；
plot-note-paths-not-on-surface = 曲面上不畫路徑；請畫等高線圖來看路徑
plot-note-paths-not-on-surface-cli = 曲面上不畫路徑；拿掉 --surface 就能在等高線圖上看到路徑

## 沒有判定時的結論（JSON 的 verdict 文字）
plot-verdict-star-given = 圖，星號標在給定的位置
plot-verdict-picture = 圖

## `nabla plot` 在標準錯誤輸出印出的文字
plot-run-line = 迭代 { $iterations } 次，f = { $value }，位於 { $point }（{ $stop }）
plot-run-lr = lr { $lr }
plot-minima-none = 矩形區域內沒有找到極小值
plot-minima-found = 矩形區域內有 { $count } 個極小值：{ $list }
plot-wrote = 已寫入 { $file }（{ $kind }）
plot-kind-curve = 曲線圖
plot-kind-contour-map = 等高線圖
plot-kind-surface = 曲面圖
plot-kind-loss-chart = 損失函數圖
plot-note-line = 附註：{ $message }
