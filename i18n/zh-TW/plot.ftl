# nabla plot: titles, axes, legends, notes
# 繁體中文目錄。這裡的每則訊息都在 ../en/plot.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。


## 圖上畫的字（src/plot、src/graph_draw.rs）。使用者給的標題照原樣畫出。

plot-legend-minimum = 極小值
plot-legend-start = 起點
plot-legend-end = 終點
plot-legend-local-minima = 區域內的極小值（{ $count } 個）
plot-loss-title = f 值隨迭代次數的變化
plot-axis-iteration = 迭代次數
plot-axis-iteration-log = 迭代次數（對數刻度）
plot-axis-f-log = f（對數刻度）
plot-chart-left-out = （{ $count } 個 ≤ 0 的值沒有畫出）
plot-sweep-title = 梯度檢查的誤差與步長
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
plot-note-chart-non-finite = { $count } 個 NaN 或無窮大的值沒有畫出；線在那裡斷開
plot-note-non-positive = { $count } 個 ≤ 0 的值無法畫在對數軸上，沒有畫出；線在那裡斷開
plot-note-iteration-zero = 第 0 次迭代（起點）無法畫在對數的迭代軸上：{ $count } 個點沒有畫出，每條線從下一個記錄的迭代開始
plot-note-separator = ；

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

## 繪圖模組的錯誤（函式庫：不提命令列旗標）
plot-err-extension = 不支援的圖檔格式 `.{ $extension }`（`{ $path }`）：請把輸出檔案命名為 .svg 或 .png
plot-err-write = 無法寫入 `{ $path }`：{ $reason }（請確認資料夾存在且可寫入）
plot-err-empty-range = { $axis }區間 { $lo }..{ $hi } 是空的：請給有限的兩端，較小的在前，例如 -2..2
plot-err-range-too-wide = { $axis }區間 { $lo }..{ $hi } 太寬：寬度超出雙精度浮點數的範圍；請給寬度最多約 1e308 的區間，例如 -1e300..1e300
plot-err-range-too-narrow = 以這個大小的數來說，{ $axis }區間 { $lo }..{ $hi } 太窄：寬度至少要是較大端點的 1e-12 倍
plot-err-size = 圖的大小 { $width }x{ $height } 超出範圍：每邊請用 64 到 8192 像素，總共最多 5000 萬像素，例如 900x600
plot-err-grid = { $nx }x{ $ny } 個點的網格超出範圍：每個軸請用至少 2 個、最多 { $max } 個點，例如 200x200
plot-err-path-dimension = 路徑 `{ $name }` 有一個點有 { $found } 個座標，但這張圖需要 { $expected } 個：請畫 { $expected } 個變數的函數
plot-err-backend = 繪圖程式庫失敗：{ $message }（請改用另一種輸出格式或較小的尺寸）

## 與函數不合的繪圖要求（函式庫：不提命令列旗標）
plot-req-no-variables = 這個公式沒有變數，沒有東西可畫；請給一個或兩個變數的公式，例如 "x^2 + y^2"
plot-req-too-many-variables = 繪圖只畫一個或兩個變數的函數，但這個公式有 { $count } 個（{ $names }）；請把其他變數換成數字
plot-req-curve-needs-one = 曲線圖需要一個變數的函數；兩個變數的函數請畫等高線圖或曲面圖
plot-req-surface-needs-two = 曲面圖需要兩個變數的函數；一個變數的函數請畫曲線圖
plot-req-map-needs-two = 等高線圖需要兩個變數的函數；一個變數的函數請畫曲線圖
plot-req-quiver-needs-map = 下降方向的箭頭畫在等高線圖上；請給兩個變數的函數並畫它的等高線圖
plot-req-minima-need-map = 極小值標在等高線圖上；請給兩個變數的函數並畫它的等高線圖
plot-req-grid = 每軸 { $n } 個點的網格超出範圍；{ $kind ->
        [surface] 曲面圖
       *[other] 曲線圖或等高線圖
    }每軸請用 2 到 { $max } 個點，例如 { $example }
plot-req-levels = { $n } 條等高線超出範圍；請用 2 到 { $max } 條，例如 30
plot-req-range = { $axis } 的區間：{ $reason }
plot-req-length = { $what ->
        [range] 區間
        [star] 星號的點
       *[start] 起點
    }給了 { $found } 個{ $what ->
        [range] 區間
       *[other] 值
    }，但公式有 { $count } 個變數（{ $names }）；請每個變數給一個
plot-req-not-finite-point = { $what ->
        [star] 星號的點
       *[start] 起點
    }有座標 { $value }；請給有限的數
plot-req-needs-start = { $what ->
        [runs] 優化器的執行
       *[loss] 損失函數圖
    }需要起點；請給一個起點，或拿掉優化方法與損失函數圖
plot-req-minima-with-star = 極小值與給定的星號不能同時標出；請拿掉其中一個
plot-req-iterations = { $n } 次迭代太多；每次執行最多 { $max } 次迭代
plot-req-start-not-finite = { $sentence }；請讓路徑從函數的定義域內開始

## `nabla plot` 自己的錯誤，提到它的旗標（接在「錯誤：」後面）
plot-cli-size = 無法使用大小 `{ $text }`；請寫成以像素為單位的 寬x高，每邊 64 到 8192，總共最多 5000 萬像素，例如 --size 900x600
plot-cli-too-many-variables = `nabla plot` 只畫一個或兩個變數的函數，但這個公式有 { $count } 個（{ $names }）；請用 --at 固定其他變數（例如 --at z=0），或把它們換成數字
plot-cli-at-by-name = --at 要寫出每個固定的變數名稱：`{ $item }` 沒有名稱；請寫成例如 --at z=3
plot-cli-at-unknown = --at：公式沒有變數 `{ $name }`；公式的變數是：{ $known }
plot-cli-axes-unknown = --axes：公式沒有變數 `{ $name }`；公式的變數是：{ $known }
plot-cli-axes-held = --axes：`{ $name }` 同時被畫出又被固定；請從 --at 或 --axes 拿掉它
plot-cli-axes-count = --axes 要列出一個或兩個要畫的變數，而不是 { $count } 個；例如 --axes x,y
plot-cli-axes-free = `{ $name }` 既沒有畫出也沒有固定；請把它加進 --axes，或用 --at { $name }=0 固定它
plot-cli-surface-needs-two = --surface 需要兩個變數的函數；拿掉它就會畫曲線圖
plot-cli-quiver-needs-two = --quiver 需要兩個變數的函數；拿掉它就會畫曲線圖
plot-cli-minima-need-map = --minima 把極小值標在等高線圖上；請給兩個變數的函數並拿掉 --surface
plot-cli-grid = --grid { $n } 超出範圍；{ $kind ->
        [surface] 曲面圖
       *[other] 曲線圖或等高線圖
    }每軸請用 2 到 { $max } 個點，例如 --grid { $example }
plot-cli-levels = --levels { $n } 超出範圍；請用 2 到 { $max } 條等高線，例如 --levels 30
plot-cli-from = { $message }（--from）
plot-cli-box = --box { $axis }：{ $message }
plot-cli-loss-in-memory = --loss 會把第二張圖寫到檔案，所以需要檔名；請給 -o NAME.svg，或在 -o - 時拿掉 --loss

## `nabla graph` 的繪圖（函式庫）
plot-err-graph-too-many-nodes = 運算式圖有 { $nodes } 個節點，超過一張圖能清楚呈現的 { $max } 個；請畫較小的公式，或把圖匯出為 Graphviz DOT

# Progress bars of long renders (standard error, on a terminal only).
progress-grid = 在網格上求函數值
progress-contours = 計算等高線
progress-runs = 執行優化器
