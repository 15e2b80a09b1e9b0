# nabla fit: data, methods, stops, parameters and standard errors
# 繁體中文目錄。這裡的每則訊息都在 ../en/fit.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。檔案中的「行」是文字行（第 3 行），資料的「列」是一筆樣本，「欄」是一個變數。

## 文字報告（FitReport）的標籤，由程式補齊寬度。

fit-label-model = 模型
fit-label-loss = 損失函數
fit-label-method = 方法
fit-label-data = 資料
fit-label-epoch = 訓練週期
fit-label-final-loss = 最終損失
fit-label-fit = 擬合
fit-label-stop = 停止
fit-loss-line = 各列 { $loss } 的平均，目標欄 `{ $target }`
fit-loss-line-sigma = 各列 { $loss } 的平均，目標欄 `{ $target }`，σ 取自欄 `{ $sigma }`
fit-data-line = { $rows } 列，批量 { $batch }（每個訓練週期 { $iterations } 次迭代）
fit-data-line-shuffled = { $rows } 列，批量 { $batch }（每個訓練週期 { $iterations } 次迭代），以亂數種子 { $seed } 打亂順序
fit-epoch-header = 損失
fit-epoch-header-every = 損失（每 { $every } 個訓練週期及最後一個）
fit-at-lower = （位於下界）
fit-at-upper = （位於上界）
fit-rss = 殘差平方和 { $value }
fit-chi2 = 卡方 { $value }
fit-dof = 自由度 { $dof }
fit-reduced-chi2 = 約化卡方 { $value }
fit-r-squared = R^2 { $value }
fit-sigma-absolute = σ 為絕對不確定度（共變異數未縮放）
fit-covariance-scaled = 共變異數以約化卡方縮放
fit-list-join = { $a }，{ $b }
fit-stop-line = { $outer }，{ $inner }：{ $stop }
fit-count-iterations = { $n } 次迭代
fit-count-trial-steps = { $n } 次試探步
fit-count-epochs = { $n } 個訓練週期
fit-note-line = 註：{ $note }

## 訓練停止的原因（FitStop）。

fit-stop-epochs = 所有訓練週期都已跑完
fit-stop-gradient-tolerance = 已收斂，梯度小於容許誤差
fit-stop-gradient-tolerance-only = 停在梯度小於容許誤差之處，但牛頓步仍會降低損失（處於平坦區，或容許誤差對此損失函數太寬）：未收斂
fit-stop-line-search-failed = 停滯，線搜尋在梯度不小之處（縮放梯度大於 { $gtol }）找不到更低的損失：未收斂
fit-stop-line-search-converged = 已收斂，線搜尋找不到更低的損失，且縮放梯度小於 { $gtol }
fit-stop-stalled = 停滯，損失在 { $epochs } 個訓練週期內的相對下降小於 { $rel }，且所在之處梯度不小（縮放梯度大於 { $gtol }）：未收斂
fit-stop-stalled-converged = 已收斂，損失在 { $epochs } 個訓練週期內的相對下降小於 { $rel }，且縮放梯度小於 { $gtol }
fit-stop-converged = 已收斂，單純形已塌縮
fit-stop-sum-of-squares = 已收斂，平方和的相對減少量小於 { $ftol }
fit-stop-step = 已收斂，步長相對於參數小於 { $xtol }
fit-stop-sum-of-squares-and-step = 已收斂，平方和的相對減少量與相對於參數的步長都小於 { $ftol }
fit-stop-orthogonal = 已收斂，殘差與雅可比矩陣的各欄正交，誤差在 { $gtol } 以內
fit-stop-exact = 已收斂，模型完全擬合每一列
fit-stop-evaluations = 殘差已求值到每個訓練週期允許的 { $count } 次，仍未達到任何容許誤差
fit-stop-machine-precision = 已收斂到機器精度，平方和在雙精度下無法再變小
fit-stop-first-order-optimality = 已收斂，縮放梯度小於 { $gtol }（每個分量都很小，或正推向參數所在的界限）
fit-stop-not-finite-start = 起點的損失不是有限的數
fit-stop-diverged = 已發散

## 答案的判定依據（max |gradient| 等符號照原樣）。

fit-evidence-gradient-tolerance = 在學到的參數處，max |gradient| = { $largest } <= tol = { $tol }
fit-evidence-plateau = max |gradient| = { $largest } <= tol = { $tol }，但牛頓步仍會使損失下降超過起點損失的 { $decrease }
fit-evidence-scaled-above = 在學到的參數處，max |gradient| = { $largest }，縮放梯度 max_j |g_j| / sqrt(2 H_jj loss) = { $scaled } > { $limit }
fit-evidence-gradient = 在學到的參數處，max |gradient| = { $largest }
fit-evidence-scaled-below = 在學到的參數處，max |gradient| = { $largest }，縮放梯度 max_j |g_j| / sqrt(2 H_jj loss) = { $scaled } <= { $limit }

## 註記：關於設定與標準誤，讀者該知道的事。

fit-note-column-hidden = `{ $data }` 的欄 `{ $param }` 沒有被使用：`{ $param }` 是參數，由學習得到，而不是從資料讀取；請將該欄改名，或把 `{ $param }` 從參數中移除以讀取該欄
fit-note-not-converged-errors = 沒有通過任何收斂檢驗，因此標準誤是 { $method } 最終參數處的值，而該處未必是最小平方法的解
fit-note-at-bound = 位於界限：{ $list }；共變異數不考慮界限，因此這些標準誤是此點上無界限最小平方問題的標準誤（與 lmfit 的報告方式相同），而不是固定在界限上之參數的對稱不確定度
fit-at-bound-lower = `{ $name }`（下界 { $value }）
fit-at-bound-upper = `{ $name }`（上界 { $value }）
fit-side-lower = 下界
fit-side-upper = 上界
fit-note-start-moved = `{ $name }` 的初始值（{ $value }）{ $on ->
        [on] 恰好落在其{ $side } { $bound } 上
       *[near] 與其{ $side } { $bound } 相距不到 1e-10
    }；信賴域反射法讓參數嚴格保持在界限內，因此改從 { $to } 開始
fit-note-partition-batch = 每一步的批量是 { $count } 個分割區之一，每個訓練週期以隨機順序進行（亂數種子 { $seed }）
fit-note-partition-stall = 縮放梯度的檢驗需要損失函數的海森矩陣，而分割區不會收集它，因此這次停止以停滯回報
fit-note-no-dof = 沒有標準誤：{ $rows } 列資料對 { $params } 個參數，沒有剩下的自由度可估計殘差的變異數；請用比參數個數更多的資料列來擬合
fit-note-zero-column = 沒有標準誤：在解處模型不依賴第 { $index } 個參數（它在雅可比矩陣中的那一欄為零），因此資料無法決定它
fit-note-rank-deficient = 沒有標準誤：雅可比矩陣在解處秩不足（某些參數或參數的組合不會改變模型），因此共變異數不存在；請固定或移除多餘的參數
fit-note-covariance-overflow = 沒有標準誤：共變異數溢位；雅可比矩陣在解處接近秩不足
fit-note-residuals-left-out = 這 { $rows } 列的殘差沒有放進此答案（答案最多只帶 { $max } 列的殘差）；殘差圖仍會畫出全部

## 殘差圖。

fit-plot-title = { $model } 的殘差（對 { $x }）
fit-plot-title-weighted = { $model } 的加權殘差（對 { $x }）
fit-plot-the-model = 模型
fit-plot-y = 模型 - 目標
fit-plot-y-weighted = (模型 - 目標) / σ
fit-plot-row = 列號

## 錯誤（FitError）：哪裡錯、錯在何處、如何修正。

fit-err-io = 無法讀取 `{ $file }`：{ $source }；請檢查檔案的路徑
fit-err-not-utf8 = `{ $file }` 第 { $line } 行不是有效的 UTF-8 文字；請將檔案存成 UTF-8
fit-err-csv = `{ $file }` 第 { $line } 行：{ $source }；請確認檔案是以逗號分隔的文字
fit-err-line-too-long = `{ $file }` 第 { $line } 行超過 { $max } 位元組；資料檔案每一列寫成一行，例如 `1.5,2.25`
fit-err-field-too-long = `{ $file }` 第 { $line } 行：第 { $field } 個欄位（`{ $start }`）超過 { $max } 位元組；欄位應是數字或欄名
fit-err-too-many-columns = `{ $file }` 第 { $line } 行：標頭有 { $found } 欄，超過 { $max } 欄；只保留公式用到的欄
fit-err-too-many-cells = `{ $file }` 第 { $line } 行：數字總數超過 { $max } 個；請擬合資料列的一部分樣本，或減少欄數
fit-err-empty = `{ $file }` 是空的；第一行必須是列出各欄名稱的標頭，例如 `x,y`
fit-err-no-rows = `{ $file }` 只有標頭，沒有資料列；請在標頭下方為每個樣本加一行數字
fit-err-unnamed-column = `{ $file }` 第 { $line } 行：標頭的第 { $position } 欄沒有名稱；請為每一欄命名（或刪除行尾多餘的逗號）
fit-err-duplicate-column = `{ $file }` 第 { $line } 行：欄名 `{ $column }` 出現兩次（第 { $first } 欄與第 { $second } 欄）；請將其中一欄改名
fit-err-ragged-row = `{ $file }` 第 { $line } 行有 { $found } 個欄位，但標頭有 { $expected } 欄：{ $detail }；請讓每一列在每一欄都有一個值
fit-ragged-missing = 缺少欄 `{ $column }`
fit-ragged-extra = 第 { $field } 個欄位沒有對應的欄
fit-err-column-length = `{ $file }`：欄 `{ $column }` 有 { $found } 個值，但第一欄有 { $expected } 個；請讓每一欄在每一列都有一個值
fit-err-not-a-number = `{ $file }` 第 { $line } 行，欄 `{ $column }`：{ $problem }
fit-cell-empty = 這一格是空的；用到的欄每一格都需要一個數字
fit-cell-not-finite = `{ $text }` 不是有限的數；請寫有限的值，例如 1.5
fit-cell-not-number = `{ $text }` 不是數字；請寫十進位數字，例如 1.5 或 -2e-3
fit-err-missing-column = `{ $file }` 第 { $line } 行：沒有欄 `{ $column }`，而公式把它當作資料使用（標頭有 { $header }）；請將某一欄改名為 `{ $column }`，或把 `{ $column }` 設為參數來學習它
fit-err-separator = `{ $file }` 第 { $line } 行：沒有欄 `{ $column }`；標頭 `{ $header }` 只有一欄，檔案似乎以 `{ $separator }` 作為分隔符號：nabla 讀取以逗號分隔的檔案，請先把小數逗號寫成小數點（`1,5` -> `1.5`），再把每個 `{ $separator }` 改成 `,`
fit-err-missing-target = `{ $file }` 第 { $line } 行：沒有目標欄 `{ $column }`（標頭有 { $header }）；請將要擬合的欄改名為 `{ $column }`，或選擇其他目標欄
fit-err-missing-sigma = `{ $file }` 第 { $line } 行：沒有不確定度 σ 的欄 `{ $column }`（標頭有 { $header }）；請指定存放每列 σ 的欄
fit-err-invalid-sigma = `{ $file }` 第 { $line } 行，欄 `{ $column }`：不確定度 σ = { $value } 不是正數；每個 σ 都必須是正數（該列目標值的標準差）
fit-err-sigma-conflict = 不確定度的欄 `{ $name }` 同時也是{ $role ->
        [param] 參數
       *[target] 目標欄
    }；請選擇存放每列 σ 的欄
fit-err-loss-without-sigma = 損失函數 `{ $loss }` 沒有用到 `sigma`，也就是來自欄 `{ $column }` 的每列不確定度；請在式中使用 `sigma`，例如 `((pred - target)/sigma)^2`，或不要提供不確定度
fit-err-no-params = 沒有要學習的參數；請指定公式中要學習的變數，例如 `w` 與 `b`
fit-err-duplicate-param = 參數 `{ $name }` 列了兩次；每個參數只列一次
fit-err-unknown-param = 參數 `{ $name }` 沒有出現在公式中（公式的變數有：{ $vars }）；請把它從參數中移除，或修正拼字
fit-err-unknown-init = `{ $name }` 有初始值，但不是參數（參數有：{ $params }）；請修正初始值的名稱
fit-err-non-finite-init = `{ $name }` 的初始值不是有限的數；請給一個數字，例如 { $name }=1
fit-err-target-is-param = 目標 `{ $name }` 同時也是參數；請選擇其他目標欄，或將參數改名
fit-err-loss-without-pred = 損失函數 `{ $loss }` 沒有用到 `pred`；請以預測值 `pred` 與目標值 `target` 寫出它，例如 `(pred - target)^2`
fit-err-invalid-batch = 批量 `{ $text }` 無效；請給至少 1 的列數（1 表示每次一列的隨機步驟），或以 `all` 表示全部資料
fit-err-invalid-epochs = { $problem }；訓練週期數請介於 1 到 { $max }
fit-epochs-zero = 0 個訓練週期什麼也不會訓練
fit-epochs-too-many = { $epochs } 個訓練週期超過上限 { $max }
fit-err-invalid-tol = 梯度容許誤差 { $tol } 不是大於或等於 0 的有限數；請給例如 1e-12
fit-err-needs-full-batch = 方法 `{ $method }` 以線搜尋走全批量的步驟；請使用全部資料（`Batch::All`），或改用一階方法（例如 adam）做小批量訓練
fit-err-lm-needs-squared-error = 方法 `{ $method }`（{ $long }）做最小平方法擬合，損失函數為 `(pred - target)^2`，但目前的損失函數是 `{ $loss }`；請去掉自訂的損失函數，或改用其他方法（例如 lbfgs）
fit-method-lm = Levenberg-Marquardt 法
fit-method-trf = 信賴域反射法
fit-err-lm-too-large = 方法 `{ $method }` 最多擬合 { $max } 個參數（每列的計算量隨參數個數的平方成長），而這次擬合有 { $params } 個；這麼多參數請改用 lbfgs
fit-err-bounds-need-trf = 參數的界限需要方法 `trf`（信賴域反射法），但目前的方法是 `{ $method }`；請選擇 trf、不指定方法讓擬合自行選擇，或去掉界限
fit-err-unknown-bound = `{ $name }` 有界限，但不是參數（參數有：{ $params }）；請修正界限的名稱，或把 `{ $name }` 加入參數
fit-err-duplicate-bound = `{ $name }` 的界限給了兩次；每個參數的界限只給一次，寫成 lower..upper
fit-err-invalid-bounds = `{ $name }` 的界限 { $range } { $problem }；請讓下界小於上界，例如 0..inf（inf 表示該側沒有界限）
fit-bounds-nan = 有一端不是數字
fit-bounds-equal = 讓參數沒有變動的空間（若要固定它，請直接把它的值寫進公式）
fit-bounds-order = 順序顛倒或是空的
fit-err-start-outside-bounds = `{ $name }` 的初始值 { $value } 在界限 { $range } 之外；請給界限內的初始值
fit-err-start-outside-bounds-default = `{ $name }` 的初始值 { $value }（預設值）在界限 { $range } 之外；請給界限內的初始值
fit-err-not-finite-residual = 在目前的參數下，某個殘差或其導數不是有限的數（{ $value }）；請檢查模型在資料上的定義域，或從更接近解的地方開始
fit-err-not-partitioned = 方法 `{ $method }` 需要海森矩陣的總和，而分割區不會收集這些總和；分割的資料請選擇 lm（最小平方法）、lbfgs 或一階方法
fit-err-partition = 某個分割區失敗：{ $message }
fit-err-non-finite-start = 在起點（{ $assignments }），{ $what }是 { $value }，出現在 `{ $file }` 第 { $line } 行；請在公式的定義域內選擇初始值
fit-err-diverged = 訓練在第 { $epoch } 個訓練週期、第 { $iteration } 次迭代時發散：{ $what }變成 { $value }；{ $advice }（最後的有限參數：{ $last }）
fit-what-loss = 損失
fit-what-loss-gradient = 損失的梯度
fit-what-gradient = 梯度
fit-what-parameter = 參數
fit-value-nan = NaN（不是數字）
fit-value-overflow = { $value }（溢位）
fit-advice-lr = 請使用較小的學習率，例如 lr = { $lr }
fit-advice-no-lr = 方法 `{ $method }` 沒有可以調低的學習率；請從更接近極小值的地方開始，或檢查損失函數是否有下界

## 命令列（nabla fit）：自己的錯誤，以及指出旗標的提示。

fit-cli-init-no-name = --init 中的 `{ $part }` 沒有名稱；初始值請寫成 name=value，例如 --init w=3,b=1
fit-cli-init-twice = `{ $name }` 在 --init 中給了兩次；每個初始值只給一次
fit-cli-bounds-empty = --bounds `{ $text }` 沒有指定任何參數；請寫成 name=lower..upper，例如 { $example }
fit-cli-bounds-no-name = --bounds 中的 `{ $part }` 沒有名稱；界限請寫成 name=lower..upper，例如 { $example }
fit-cli-bounds-not-range = --bounds 中的 `{ $range }` 不是區間；界限請寫成 name=lower..upper，例如 { $example }
fit-cli-bound-missing = --bounds 的 `{ $part }` 缺少一端的界限；沒有界限的一側請寫 inf 或 -inf，例如 { $example }
fit-cli-bound-not-finite = --bounds 的 `{ $part }` 中，`{ $end }` 不是有限的數；沒有界限的一側請寫 inf 或 -inf，例如 { $example }
fit-cli-bound-not-number = 無法把 --bounds 的 `{ $part }` 中的 `{ $end }` 讀成數字；請寫數字、常數算式（例如 pi/2），或 inf 與 -inf，例如 { $example }
fit-cli-vars = --vars 不適用於 fit；請用 --params 指定參數，資料則依 CSV 標頭的欄名
fit-cli-stdin-both = 公式與 --data 不能同時從標準輸入（`-`）讀取；請以引數或 -f PATH 給公式
fit-cli-stdin-name = 標準輸入
fit-cli-progress-epochs = 訓練週期
fit-cli-progress-loss = 損失
fit-hint-io = --data 接受 CSV 檔案的路徑，或以 - 表示標準輸入
fit-hint-missing-column = 若要改為學習 `{ $column }`，請把它加入 --params：--params { $params }
fit-hint-missing-target = 用 --target 選擇要擬合的欄（預設為 y）
fit-hint-no-params = 用 --params 指定參數，例如 --params w,b
fit-hint-params = 參數就是 --params 列出的名稱
fit-hint-init = 初始值以 --init 給定
fit-hint-bounds = 界限以 --bounds 給定，例如 --bounds b1=0..inf
fit-hint-start-inside = 用 --init 給一個界限內的初始值，例如 --init { $name }={ $value }
fit-hint-bounds-trf = 去掉 --method（擬合就會使用 trf），或使用 --method trf
fit-hint-tol = 容許誤差由 --tol 設定，例如 --tol 1e-12
fit-hint-sigma = 用 --sigma 指定不確定度的欄
fit-hint-epochs = 訓練週期數由 --epochs 設定
fit-hint-target-param = 用 --target 選擇目標欄，用 --params 選擇參數
fit-hint-full-batch = 使用 --batch all，或以一階方法（例如 --method adam）做小批量訓練
fit-hint-non-finite-start = 用 --init 給初始值，例如 { $example }
fit-hint-smaller-lr = 以較小的 --lr 重新執行，例如 --lr { $lr }
fit-hint-no-lr = 較小的 --lr 對 { $method } 沒有幫助；請用 --init 給更接近極小值的初始值（例如 { $example }），或檢查公式與 --loss
