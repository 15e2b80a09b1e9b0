# shared words: language names, labels used by several commands
# 繁體中文目錄。這裡的每則訊息都在 ../en/common.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

lang-name = 繁體中文

## `nabla --help`

help-about = nabla 命令列：對輸入的公式求精確的導數、做梯度檢查、用優化器求最小值、給出證明、畫圖與擬合資料，還有瀏覽器裡的練習場 `nabla serve`。
help-heading-usage = 用法：
help-heading-commands = 命令
help-heading-arguments = 引數
help-heading-options = 選項
help-eval = 在一個點求公式的值
help-grad = 在一個點求函數值、梯度和符號偏導數
help-diff = 把導數寫成公式（中序或 LaTeX），也可以輸出海森矩陣
help-min = 找極小值：預設用 L-BFGS，也可以用任何一種方法、多個起點，或比較各方法
help-plot = 畫出函數：等高線圖或曲線、優化器的路徑、曲面、損失函數的變化圖
help-check = 用中央差分檢查梯度，或驗證手算的偏導數
help-fit = 用小批量的優化器，把公式的參數擬合到 CSV 檔案的欄
help-trace = 在一個點的求值過程：前向計算、反向計算的伴隨值、梯度、計算成本
help-graph = 畫出算式的計算圖（SVG 或 PNG），附上值與伴隨值；或輸出 Graphviz DOT
help-schema = 輸出 `--json` 答案的 JSON Schema（指定命令時，只輸出該命令的）
help-serve = 瀏覽器裡的練習場：提供網頁和 JSON API 的本機網頁伺服器
help-help = 顯示這則說明，或指定子命令的說明
help-arg-lang = 文字輸出、錯誤訊息和圖片的語言：`en` 或 `zh-TW`（預設依 LC_ALL、LC_MESSAGES 或 LANG；它們指定其他語言時用英文）。`--json` 的鍵和值維持英文
help-arg-json = 輸出機器可讀的 JSON，而不是文字
help-arg-help = 顯示說明
help-arg-version = 顯示版本
help-arg-formula = 公式，例如 "x^2 + 3*x*y"（用 `-` 從標準輸入讀取）
help-arg-file = 從檔案讀取公式
help-arg-vars = 變數的順序，以逗號分隔（預設：定義裡的順序，否則依出現的順序）
help-arg-eval-at = 點：依名稱寫成 `x=1,y=2`，或依變數順序寫成 `1,2`
help-arg-grad-at = 點：依名稱寫成 `x=3,y=4`，或依變數順序寫成 `3,4`
help-arg-no-formulas = 不輸出符號偏導數
help-arg-wrt = 只對這些變數微分（以逗號分隔）
help-arg-hessian = 輸出二階導數（海森矩陣），而不是一階導數
help-arg-latex = 輸出 LaTeX，而不是中序文字
help-arg-mathml = 輸出展示用的 MathML，而不是中序文字（--json 一律附上 "mathml" 物件）
help-arg-schema-command = 要描述哪個命令的答案（預設：所有答案，依各自的 `command` 鍵）

serve-listening = nabla serve：練習場已開啟於 { $url }
serve-shutting-down = nabla serve：正在關閉
serve-exposed = 在 { $host } 上提供服務，其他電腦也能連到練習場；任何連得到的人都能執行計算（在限制之內）；若只想在這台電腦上使用，請用 --host 127.0.0.1
serve-runtime = 無法啟動伺服器的執行環境：{ $reason }
serve-local-address = 無法讀取伺服器的位址：{ $reason }
serve-no-browser = 無法用 `{ $program }` 開啟瀏覽器（{ $reason }）；請自行開啟 { $url }
serve-bind-in-use = 無法在 { $addr } 提供服務：已有其他程式使用連接埠 { $port }；請用 --port 換一個連接埠（0 表示任何空閒的連接埠）
serve-bind-not-here = 無法在 { $ip } 提供服務：這不是這台電腦的位址；請用 --host 給這台電腦自己的位址（127.0.0.1 只限本機，0.0.0.0 表示所有網路介面）
serve-bind-denied = 無法在 { $addr } 提供服務：系統不允許（1024 以下的連接埠需要特殊權限）；請用 --port 選 1024 以上的連接埠
serve-bind-other = 無法在 { $addr } 提供服務：{ $reason }；請用 --host 和 --port 換一個位址或連接埠

help-arg-min-method = 方法：lbfgs、newton、nelder-mead、gd-armijo、gd、momentum、nesterov、adagrad、adadelta、rmsprop、adam、adamax、nadam、amsgrad；`fit` 另外接受 lm（Levenberg-Marquardt 最小平方法，附標準誤）和 trf（信賴域反射最小平方法，--bounds 用的方法）。預設：lbfgs；`fit` 有 --bounds 時用 trf，否則損失函數為預設的平方誤差且批量為全部資料時用 lm，其他情況用 lbfgs
help-arg-min-lr = 學習率（一階方法）。各方法的預設值見 README 的「Method defaults」表：gd、momentum、nesterov 為 min(0.01, 0.3 / 起點最大的偏導數)，無條件捨去到一位有效數字；adagrad 0.1；rmsprop、adam 0.001；adadelta、gd-armijo 1；adamax、nadam 0.002；amsgrad 0.001。每次執行都會印出實際使用的設定
help-arg-min-decay = 學習率衰減：lr_i = lr / (1 + decay*i)
help-arg-min-momentum = 動量係數（momentum、nesterov、rmsprop）
help-arg-min-beta1 = 一階動差的衰減率（adam、adamax、nadam、amsgrad）
help-arg-min-beta2 = 二階動差的衰減率（adam、adamax、nadam、amsgrad）
help-arg-min-rho = Adadelta 的衰減率
help-arg-min-alpha = RMSprop 對梯度平方的衰減率（PyTorch 的 `alpha`，書中的 `beta`）
help-arg-min-eps = 自適應方法分母中的小常數
help-arg-min-initial_accumulator = 累積量的初始值（adagrad、adadelta、rmsprop）
help-arg-min-centered = 中心化的 RMSprop
help-arg-min-memory = L-BFGS 的記憶長度
help-arg-min-from = 起點，`x=3,y=4` 或 `3,4`（預設：原點；原點不在函數的定義域內時用 (1, ..., 1)）
help-arg-min-iters = 最多迭代次數（不超過 100,000,000）
help-arg-min-tol = max |df/dx_i| 低於此值時停止（書中的 epsilon）[預設：1e-8]；與 --certify 併用時，是要證明的差距 U - L（絕對值，或相對於 |U|）[預設：1e-6]
help-arg-min-certify = 以區間分支定界法證明 --box 上全域最小值的上下界
help-arg-min-stall = 函數值連續這麼多次迭代都沒有下降時停止（0：永不停止；書中的執行用 0）
help-arg-min-time = 整個執行（--global 的所有起點）的時間上限，以秒計（不超過 1e6）；--certify 若沒有另外指定，60 秒後停止
help-arg-min-trace = 每 N 次迭代印出一次目前的點
help-arg-min-compare = 從同一個起點執行數種方法並印成一張表，例如 gd,momentum,adam；每種方法可以帶自己的設定：gd:lr=5e-6,momentum:lr=5e-6:momentum=0.8
help-arg-min-global = 在 --box 中搜尋全域最小值：先用區間界限（能證明最小值時即為已證明），再以均勻分布的取樣點、從其中最好的點出發的局部搜尋、在找到的極小值之間跳躍的盆地跳躍法，於所有核心上平行執行；回報最好的點、找到的每個全域最小值點和相異的極小值（沒有證明時註明「未證明是全域最小值」）。--certify 只給出證明：已證明的上下界，以及可能含有最小值點的區域
help-arg-min-bounds = 矩形區域，每個變數都用 `-5..5`，或寫成 `x=-5..5,y=0..1`：--global 搜尋的範圍，也是 --certify 證明上下界的範圍（兩者都需要它）
help-arg-min-starts = --global 改用單純的多起點搜尋：從 N 個均勻分布的點各做一次局部搜尋（1 到 100,000）
help-arg-min-evals = --global 最多計算函數值的次數（1 到 1,000,000,000；預設 200,000）
help-arg-min-seed = --global 的亂數種子（同一個種子在任何核心數下都得到相同的結果）
help-arg-plot-output = 輸出的圖片：`.svg`（文字保持為文字）或 `.png`；`-` 把 SVG 寫到標準輸出（與 `--json` 併用時內嵌在 JSON 中），不寫檔案
help-arg-plot-range = 顯示的範圍：每個座標軸都用 `-4.5..4.5`，依名稱寫成 `x=-4.5..4.5,y=-1..2`，或依變數順序寫成 `-4.5..4.5,-1..2`（預設：起點、路徑終點和極小值的周圍；都沒有時為 -5..5）
help-arg-plot-size = 圖片大小（像素），寬x高（每邊 64 到 8192，最多 5,000 萬像素）
help-arg-plot-grid = 每個座標軸的格點數（預設：等高線圖 200、曲面 60、曲線 400；最多 4096，曲面最多 400）
help-arg-plot-levels = 等高線的數目
help-arg-plot-lines = 在白底上畫等高線，不填色
help-arg-plot-linear = 等高線與顏色以線性間隔分布，而不是對數間隔
help-arg-plot-quiver = 在等高線圖上以箭頭畫出下降方向（-grad f）
help-arg-plot-surface = 畫立體曲面，而不是等高線圖（兩個變數）
help-arg-plot-from = 優化器路徑的起點：依名稱寫成 `x=3,y=4`，或依變數順序寫成 `3,4`
help-arg-plot-methods = 從 `--from` 出發執行的方法，以逗號分隔，每種方法可以帶設定：`gd,momentum,adam` 或 `gd:lr=1e-4,adam:lr=0.01:beta2=0.8` [預設：gd]
help-arg-plot-lr = 所有方法共用的步長（預設：依方法而定，列在下方）
help-arg-plot-iters = 所有方法的迭代次數上限（不超過 100,000,000）
help-arg-plot-stall = 函數值連續這麼多次迭代都沒有下降時停止該次執行（0：永不停止），與 `nabla min` 相同
help-arg-plot-star = 以星號標出的最小值（預設：最好的路徑終點經 L-BFGS 修正後，若是極小值就標出）
help-arg-plot-minima = 找出矩形區域內的極小值（多起點 L-BFGS），各以星號標出（等高線圖）
help-arg-plot-loss = 另外把每次執行的函數值隨迭代次數的變化（對數刻度）寫到 `<stem>-loss.<ext>`
help-arg-plot-log_x = 損失函數圖的迭代軸改用對數刻度；第 0 次迭代（起點）無法畫在對數軸上，因此不畫（附註會說明）
help-arg-plot-title = 圖片上方的標題（預設：公式夠短時就是公式）
help-arg-plot-at = 依名稱把變數固定在給定的值，畫出其他變數：`--at z=3` 畫出 x、y、z 的函數在 z = 3 的切面（三個以上變數時）
help-arg-plot-axes = 要畫的變數，依序為橫軸、縱軸：`--axes y,x`；其他變數都要用 `--at` 固定（預設：沒有固定的變數，依公式中的順序）
help-arg-check-at = 要檢查的點：依名稱寫成 `x=2,y=3`，或依變數順序寫成 `2,3`（可重複）
help-arg-check-step = 差分的步長，所有變數相同（預設：cbrt(eps)*max(|x_i|,1)，每單位約 6e-6，取最接近的 2 的冪次）
help-arg-check-rtol = 相對容許誤差
help-arg-check-atol = 絕對容許誤差
help-arg-check-random = 另外檢查矩形區域內 N 個隨機點（與 --grad 併用時預設 1000；最多 100,000）
help-arg-check-bbox = 隨機點所在的矩形區域：每個變數都用 `-5..5`，或寫成 `x=-5..5,y=0..1`
help-arg-check-seed = 隨機點的亂數種子
help-arg-check-sweep = 改為印出步長從 1e-1 到 1e-13 時前向差分與中央差分的誤差
help-arg-check-precision = 以 f32 或 f64 計算差分
help-arg-check-grad = 要驗證的手算偏導數：依變數順序寫成 "df/dx; df/dy"，或依名稱寫成 x="..."（可重複）
help-arg-fit-data = CSV 檔案：第一列是欄名，之後每個樣本一列數字（`-`：從標準輸入讀取）
help-arg-fit-params = 要學習的參數，以逗號分隔；公式中其他的變數是資料的欄
help-arg-fit-init = 初始值，`w=3,b=1`（沒有列出的參數從 0 開始）
help-arg-fit-bounds = 參數的界限，`b1=0..inf,b2=-1..1`（`inf`、`-inf` 表示該側沒有界限）：擬合改用 trf（信賴域反射最小平方法），讓每個參數保持在界限內。初始值必須在界限內
help-arg-fit-target = 要預測的欄
help-arg-fit-sigma = 每列不確定度 σ 的欄：每個殘差除以該列的 σ（χ² 擬合）；除非指定 --absolute-sigma，共變異數會依約化 χ² 縮放
help-arg-fit-absolute_sigma = σ 是絕對不確定度：共變異數為 (JᵀWJ)⁻¹，不依約化 χ² 縮放（即 scipy curve_fit 的 absolute_sigma=True）
help-arg-fit-plot = 把殘差圖（殘差對第一個資料欄，或對列號）寫到這個檔案，依副檔名輸出 SVG 或 PNG
help-arg-fit-loss = 以 `pred` 和 `target` 寫成的每個樣本的損失（預設：`(pred - target)^2`，均方誤差）
help-arg-fit-batch = 每一步用的列數：一個數字（1 為隨機梯度下降法）或 `all`
help-arg-fit-epochs = 走過資料的次數（不超過 10,000,000）
help-arg-fit-seed = 打亂順序的亂數種子，讓每次執行完全相同
help-arg-fit-no_shuffle = 維持檔案中的列順序，每個訓練週期不打亂
help-arg-fit-tol = 全批量的線搜尋方法在梯度最大的分量不超過此值時停止
help-arg-trace-at = 點：依名稱寫成 `x=2,y=3`，或依變數順序寫成 `2,3`
help-arg-trace-forward = 加上前向模式在一個方向（`--dir`）上的切線值，用來比較兩種模式
help-arg-trace-dir = `--forward` 的方向：一個變數（預設：第一個）
help-arg-trace-latex = 把求值軌跡印成 LaTeX 的 `aligned` 環境
help-arg-trace-digits = 把印出的數值四捨五入到 N 位有效數字（1 到 17；預設：全部位數）
help-arg-graph-at = 顯示每個節點在這個點的值與伴隨值：依名稱寫成 `x=2,y=3`，或依變數順序寫成 `2,3`
help-arg-graph-output = 輸出的圖片：`.svg` 或 `.png`
help-arg-graph-dot = 改為在標準輸出印出 Graphviz DOT 格式的圖，不繪製
help-arg-graph-digits = 把圖上的值、伴隨值與偏導數四捨五入到 N 位有效數字（1 到 17；預設：全部位數）
help-arg-serve-port = 要使用的連接埠（0：任何空閒的連接埠，啟動時印出）
help-arg-serve-host = 要使用的位址；本機迴路位址以外的位址（例如教室用的 0.0.0.0）會讓其他電腦也能連到伺服器，並印出警告
help-arg-serve-open = 開始服務後，用系統的瀏覽器開啟網頁
help-arg-serve-budget = 一次計算的時間預算，以秒計；超過就停止該次計算
help-arg-serve-jobs = 同時進行的計算數（預設：核心數）
help-arg-serve-queue = 可以等待空閒計算位置的請求數；超過時回應 503 並附上 `Retry-After`
help-arg-serve-read_timeout = 用戶端送出請求標頭、以及之後送出內容的秒數上限
help-arg-serve-max_memory = 同時進行的計算合計可用的記憶體，以 MiB 計（預設：這台電腦記憶體的一半）；會超過的請求得到 503 並附上 `Retry-After`
help-arg-fit-method = { help-arg-min-method }
help-arg-fit-lr = { help-arg-min-lr }
help-arg-fit-decay = { help-arg-min-decay }
help-arg-fit-momentum = { help-arg-min-momentum }
help-arg-fit-beta1 = { help-arg-min-beta1 }
help-arg-fit-beta2 = { help-arg-min-beta2 }
help-arg-fit-rho = { help-arg-min-rho }
help-arg-fit-alpha = { help-arg-min-alpha }
help-arg-fit-eps = { help-arg-min-eps }
help-arg-fit-initial_accumulator = { help-arg-min-initial_accumulator }
help-arg-fit-centered = { help-arg-min-centered }
help-arg-fit-memory = { help-arg-min-memory }
