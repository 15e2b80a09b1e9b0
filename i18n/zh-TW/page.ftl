# the page of nabla serve (ids start with page-)
# 繁體中文目錄。這裡的每則訊息都在 ../en/page.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。頁面自己填入 {$name}（GET /api/messages 送出時不填），所以不用選擇器。

## header
page-title = nabla 練習場：精確梯度、梯度檢查與優化器
page-tagline = 精確梯度、梯度檢查與優化器
page-lang-label = 語言
page-lesson-label = 課程
page-lesson-select-aria = 載入書中的一課
page-lessons-option = 課程…
page-copy-link = 連結
page-copy-link-title = 複製可重現此畫面的連結
page-copy-cli = CLI 指令
page-copy-cli-title = 複製等效的 nabla 指令
page-copied-command = 已複製指令
page-copied-link = 已複製連結
page-copy-command-by-hand = 指令：請選取後複製
page-copy-link-by-hand = 連結：請選取後複製
page-cli-data-comment = # data.csv：擬合面板中的資料

## formula and partials
page-formula-heading = 公式
page-formula-label = 公式
page-partials-heading = 偏導數
page-hessian-show = 顯示海森矩陣
page-hessian-hide = 隱藏海森矩陣
page-type-formula = 請輸入公式，例如 x^2 + 3*y^2
page-parsing = 解析中…
page-parsed-one = 已解析：{$count} 個變數（{$vars}）
page-parsed-other = 已解析：{$count} 個變數（{$vars}）
page-none = 無
page-differentiating = 求二階偏導數中…

## methods
page-methods-heading = 方法
page-start = 起點
page-start-aria = 起始點
page-iterations = 迭代次數
page-stall = 停滯
page-stall-aria = 連續這麼多次迭代未下降就停止（0：不停止）
page-run = 執行
page-method-n = 方法 {$n}
page-remove-method = 移除 {$method}
page-default = 預設
page-slider-aria = {$method} {$key} 滑桿
page-add-method = ＋ 加入方法…
page-add-method-aria = 加入方法
page-hint-lr = 學習率
page-hint-decay = lr_i = lr/(1 + decay i)：學習率衰減
page-hint-momentum = 動量係數
page-hint-beta1 = 一階矩的衰減率
page-hint-beta2 = 二階矩的衰減率
page-hint-rho = Adadelta 的衰減率
page-hint-alpha = RMSprop 梯度平方的衰減率
page-hint-eps = 分母中的小常數
page-add-method-first = 請先加入一個方法
page-click-map-first = 請先點選地圖（或輸入起點）
page-running-one = 正在執行 {$count} 個方法…
page-running-other = 正在執行 {$count} 個方法…
page-runs-from-one = 從 {$start} 出發的 {$count} 次執行
page-runs-from-other = 從 {$start} 出發的 {$count} 次執行

## map, player, legend, chart
page-map-heading = 等高線圖
page-box = 範圍
page-box-aria = 繪圖範圍，例如 -4.5..4.5
page-box-auto = 自動
page-box-auto-range = 自動：{$range}
page-zoom-in = 放大
page-zoom-out = 縮小
page-zoom-reset = 重設範圍
page-map-aria = 公式的等高線圖或曲線；點選即可設定起點
page-map-hint = 點選圖面設定起點（並在該點檢查梯度）。用滾輪或 +/− 縮放。
page-drawing = 繪製中…
page-no-picture = 繪圖的回應沒有圖（檔案項目中沒有 "svg"）
page-play = 播放
page-pause = 暫停
page-step = 步
page-step-count = 第 {$step} / {$max} 步
page-map-legend-aria = 等高線圖上路徑的圖例：每個方法的線條與設定
page-legend-aria = 圖例：方法、設定與結果
page-legend-method = 方法與設定
page-legend-iterations = 迭代次數
page-legend-final = 終點
page-legend-stop = 停止原因
page-legend-stop-at = {$reason}，第 {$iteration} 次迭代
page-chart-heading = 每次迭代的函數值
page-chart-aria = 每次迭代的函數值，對數刻度
page-chart-iteration = 迭代
page-chart-empty = 執行方法後即可看到每次迭代的函數值
page-nothing-to-show = 沒有可顯示的內容

## words of the answers' enumerated values (the JSON keeps them in English)
page-outcome-agrees = 一致
page-outcome-disagrees = 不一致
page-outcome-kink = 不可微點
page-outcome-not-finite = 非有限值
page-outcome-unresolved = 無法判定
page-outcome-unchecked = 未檢查
page-stop-gradient-tolerance = 梯度小於容許誤差
page-stop-max-iterations = 達到迭代次數上限
page-stop-stalled = 停滯
page-stop-time-limit = 達到時間上限
page-stop-diverged = 發散
page-stop-line-search-failed = 線搜尋失敗
page-stop-simplex-collapsed = 單純形收縮
page-stop-certified = 已證明
page-kind-local-minimum = 極小值
page-kind-local-maximum = 極大值
page-kind-saddle = 鞍點
page-kind-degenerate = 退化
page-kind-not-stationary = 非駐點
page-kind-unknown = 未知
page-kind-slope = 斜坡
page-kind-inconclusive = 無法斷定

## gradient check
page-check-heading = 梯度檢查
page-at = 檢查點
page-check-at-aria = 要檢查的點
page-check-button = 檢查
page-check-prompt = 點選圖面或輸入一個點，即可在該點檢查梯度
page-checking = 檢查中…
page-check-agrees = 梯度與 {$precision} 的中央差分一致（{$total} 個偏導數中 {$agree} 個一致）
page-check-failed = 梯度與 {$precision} 的中央差分不一致，檢查未通過（{$total} 個偏導數中 {$agree} 個一致）
page-check-agrees-at = 在 {$point}（f = {$value}），梯度與 {$precision} 的中央差分一致（{$total} 個偏導數中 {$agree} 個一致）
page-check-failed-at = 在 {$point}（f = {$value}），梯度與 {$precision} 的中央差分不一致，檢查未通過（{$total} 個偏導數中 {$agree} 個一致）
page-check-table-aria = 精確偏導數與中央差分的比較
page-col-variable = 變數
page-col-exact = 精確值
page-col-central = 中央差分
page-col-step = 步長
page-col-abs-error = 絕對誤差
page-col-rel-error = 相對誤差
page-col-verdict = 結果
page-sweep-heading = 步長掃描
page-sweep-aria = 有限差分的誤差與步長的關係
page-sweep-error = 步長掃描：{$message}
page-sweep-var = ∂f/∂{$var}，精確值 {$exact}，{$precision}
page-best-central = 最佳中央差分 h = {$h}
page-best-forward = 最佳前向差分
page-sweep-x = 步長 h（越往右越小）
page-sweep-y = 誤差：前向差分（虛線）、中央差分
page-sweep-exact = 這裡每個差分都是精確的（誤差為 0）

## hand-derived partials
page-hand-heading = 你的偏導數
page-hand-hint = 輸入你手算的偏導數；nabla 會在 1000 個隨機點與精確偏導數比較。
page-hand-check = 檢查我的偏導數
page-hand-placeholder = 你的 ∂f/∂{$var}
page-hand-missing = 請為每個變數輸入偏導數
page-hand-comparing = 正在 1000 個隨機點比較…
page-hand-agree = 你的偏導數全部與精確值一致
page-hand-disagree = 有偏導數不一致
page-hand-at-points = {$total} 個點中有 {$n} 個不一致
page-hand-worst = 最差的點 {$point}：精確值 {$exact}，你的 {$hand}
page-hand-exact = 精確偏導數是 {$formula}
page-diag-opposite-sign = 你的公式是精確偏導數的相反數（正負號錯了）
page-diag-factor = 你的公式是精確偏導數的 {$factor} 倍
page-diag-swapped = 你的公式是對 {$with} 的偏導數，不是對 {$var}：偏導數對調了
page-diag-offset = 你的公式是精確偏導數加上 {$offset}：多了一個常數項

## lesson panel
page-lesson-heading = 課程
page-lesson-hint = 從上方選一課：書中的實驗，書上印的數字與 nabla 的結果並列。

## fitting
page-fit-heading = 用模型擬合資料
page-fit-hint = 貼上 CSV（第一列是欄名，之後每列一筆數字）或選一個樣本，輸入模型與參數，再按「擬合」：nabla 以最小平方法擬合（預設為 Levenberg-Marquardt），並列出每個參數與其標準誤。
page-fit-sample-label = 樣本資料
page-fit-sample-aria = 載入樣本資料集
page-fit-samples = 樣本…
page-fit-data = 資料（CSV）
page-fit-model = 模型
page-fit-params = 參數
page-fit-params-aria = 要學習的參數，以逗號分隔
page-fit-init-placeholder = w=3,b=1（預設 0）
page-fit-init-aria = 初始值
page-fit-target = 目標
page-fit-target-aria = 要預測的欄
page-fit-sigma = σ 欄
page-fit-sigma-placeholder = 無
page-fit-sigma-aria = 每列不確定度所在的欄
page-fit-abs = 絕對 σ
page-fit-method = 方法
page-fit-method-default = 預設（由函式庫選擇）
page-fit-epochs = 輪數
page-fit-epochs-aria = 走過資料的次數（epochs）
page-fit-lr = 學習率
page-fit-lr-aria = 學習率（一階方法）
page-fit-batch = 批量
page-fit-batch-all = 全部
page-fit-batch-aria = 每步使用的列數，或 all（全部）
page-fit-button = 擬合
page-fit-table-aria = 參數與其標準誤
page-fit-stats-aria = 擬合的統計量
page-fit-corr-heading = 參數的相關係數
page-fit-residuals-heading = 殘差
page-fit-residuals-aria = 擬合的殘差對第一個資料欄作圖
page-fit-waiting-sample = 等待中：按「擬合」即可擬合樣本
page-fit-waiting-changed = 等待中：輸入已變更，請按「擬合」
page-fit-no-data = 請貼上 CSV 資料（第一列是欄名，例如 x,y，之後每列一筆數字）或選一個樣本
page-fit-no-model = 請輸入模型，例如 w*x + b
page-fit-no-params = 請列出要學習的參數，例如 w,b
page-fitting = 擬合中…
page-fit-stdin-note = （`standard input` 就是資料框）
page-fit-summary = {$method}：{$rows} 列，{$epochs} 輪，{$iterations} 次迭代
page-fit-verdict-label = 結論
page-fit-stop-label = 停止原因
page-fit-col-parameter = 參數
page-fit-col-estimate = 估計值
page-fit-col-se = 標準誤
page-fit-reduced-chi2 = 約化 χ²
page-fit-dof = 自由度
page-fit-rss-weighted = χ²（加權殘差平方和）
page-fit-rss = 殘差平方和
page-fit-sigma-absolute = 絕對：共變異數不縮放
page-fit-sigma-relative = 相對：共變異數依約化 χ² 縮放
page-fit-no-uncertainty = 這個回應沒有不確定度（標準誤只來自最小平方法擬合，也就是預設的損失函數）
page-fit-no-residuals = 這個回應沒有殘差（見附註）
page-fit-no-finite-residuals = 沒有可畫的有限殘差
page-fit-residual-weighted = （模型 − 目標）/ σ
page-fit-residual = 模型 − 目標
page-fit-sample-misra1a = NIST StRD Misra1a：牙科吸附實驗，起點 1
page-fit-sample-line = 文章中的三個點：通過 (−1, −3)、(0, 0)、(1, 1) 的直線
page-fit-ref-nist = NIST 認證值
page-fit-ref-closed = 解析解

## the API's own failures (the server's answers carry their own message)
page-no-answer = 伺服器沒有回應（{$error}）；`nabla serve` 是否還在執行？
page-request-failed = 請求失敗
page-not-json = 伺服器送來的不是 JSON
# 伺服器自己的拒絕，依其 kind 顯示（英文頁面顯示伺服器附數字的原訊息）。
page-error-timeout = 計算超過伺服器的時間預算，已被停止；請減少迭代次數、起點數或網格點數
page-error-busy = 伺服器正忙於其他計算；請過幾秒再試
page-error-memory = 目前執行中的計算已占滿伺服器的記憶體預算；請過幾秒再試，或改做較小的計算
page-error-out-of-memory = 計算需要的記憶體超過單一請求的上限，已被停止；請減少迭代次數、起點數或點數，或用較小的網格或圖
page-error-output-too-large = 回應太大，已被捨棄；請減少迭代次數，或用較小的網格或圖

# Issue 30: panels wait for a new formula; points, sliders and the slice of 3+ variables.
page-waiting-formula = 等待方框中的公式…
page-run-prompt = 按「執行」即可對這個公式執行各方法
page-start-placeholder = 點選地圖，或輸入 {$example}
page-at-placeholder = 點選地圖，或輸入 {$example}
page-default-value = 預設（{$value}）
page-axis-across = 橫軸
page-axis-up = 縱軸
page-hold = {$var} 固定為
page-hold-aria = {$var} 固定的值
page-hold-slider-aria = 滑桿：{$var} 固定的值
page-hold-hint = 地圖畫出 f 在這個變數固定為此值時的切面；各方法的執行用到所有變數，路徑投影到地圖的兩個變數上
