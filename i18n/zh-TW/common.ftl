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
