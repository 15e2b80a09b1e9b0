# errors and hints of the engine, the library and the command line
# 繁體中文目錄。這裡的每則訊息都在 ../en/errors.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

error-line = 錯誤：{ $message }
hint-line = 提示：{ $message }

parse-empty = 公式是空的；請輸入一個算式，例如 `x^2 + 1`
parse-unclosed = 這個 `(` 沒有對應的 `)`；請補上 `)`
parse-unknown-function = 不認得的函數 `{ $name }`；可用的函數列在 `grammar/formula.ebnf`
parse-unknown-function-suggest = 不認得的函數 `{ $name }`（是不是要寫 `{ $suggestion }`？）
parse-arity = `{ $name }` 需要 { $expected }，但給了 { $found } 個
warning-line = 警告：{ $message }
note-line = 注意：{ $message }

## 公式剖析器（ParseErrorKind）

parse-equation = `=` 會寫成方程式，但 nabla 只對算式求值和求最小值：請只寫算式；要解方程式，請寫成兩邊之差的平方（`(lhs - rhs)^2`）再求最小值；或寫成定義，例如 `f(x, y) = ...`
parse-expected = 這裡應該是{ $expected }，卻遇到{ $found }
parse-expect-operator = 運算子，例如 `+`、`*` 或 `^`
parse-expect-operand = 數字、變數、函數呼叫或左括號 `(`
parse-expect-parameter-name = 參數名稱
parse-expect-lambda-parameter-end = 逗號 `,` 或冒號 `:`（接在 lambda 參數之後）
parse-expect-parameter-end = 逗號 `,` 或右括號 `)`
parse-expect-close-or-operator = 右括號 `)` 或運算子
parse-expect-argument-end = 逗號 `,`、右括號 `)` 或運算子
parse-found-char = 字元 `{ $char }`
parse-found-end = 公式的結尾
parse-unmatched = 多了一個沒有對應 `(` 的 `)`；請刪掉它，或在它前面補上 `(`
parse-unknown-prefix = 不認得的前綴 `{ $prefix }.`；請去掉前綴（寫成 `sin(x)`），或改用 `np.`、`numpy.`、`math.` 或 `torch.`
parse-args-one = 1 個引數
parse-args-two = 2 個引數
parse-args-one-or-two = 1 或 2 個引數
parse-function-without-call = `{ $name }` 是函數；請加上括號呼叫它，例如 `{ $name }(x)`
parse-not-a-function = `{ $name }` 不是函數；要相乘請寫成 `{ $name }*(...)`
parse-reserved = `{ $name }` 是保留的名稱（常數或函數）；請換一個變數名稱
parse-undeclared = `{ $name }` 不是定義裡的參數；請把它加進參數列（{ $params }）
parse-duplicate-parameter = 參數 `{ $name }` 列了兩次；請刪掉一個
parse-number-too-large = 數字 `{ $text }` 太大，64 位元浮點數放不下（最大約為 1.8e308）；請改用較小的數
parse-too-deep = 公式的括號和函數呼叫巢狀超過 { $limit } 層；請簡化公式
parse-full-width-note = 已將全形字元 { $fullwidth } 視為 { $ascii }

## 引擎的錯誤（Error、EvalError、JitError）

error-unknown-variable = 不認得的變數 `{ $name }`；公式的變數是：{ $known }
error-missing-variable = 變數列表少了 `{ $name }`；請把它加上（公式用到：{ $known }）
error-constant-as-variable = `{ $name }` 在這個公式裡已解析為常數，之後不能再變成變數；請連同變數列表一起解析公式（`Formula::parse_with_vars`，命令列用 `--vars`）
error-duplicate-variable = 變數 `{ $name }` 列了兩次；每個變數只列一次
error-dimension = 這個點有 { $found } 個座標，但公式有 { $expected } 個變數（{ $known }）；請每個變數給一個值
error-too-large-to-print = 算式太大，無法輸出（約 { $chars } 個字元，上限是 { $limit }）；請改為求值
error-hessian-too-large = { $dim } 個變數的海森矩陣太大，無法推導（上限是 { $max }）；請改用一階方法，例如 L-BFGS
error-native-unavailable = 無法使用原生機器碼：{ $reason }；請改用直譯器（`Backend::Auto` 或 `Backend::Interpreter`）
eval-error-foreign-workspace = 這個工作區屬於另一個編譯好的程式；請用這個程式的 `workspace()` 建立工作區
eval-error-inputs = 程式讀取 { $expected } 個輸入，但給了 { $found } 個；請每個輸入給一個值
eval-error-outputs = 程式寫出 { $expected } 個輸出，但輸出切片的長度是 { $found }；請讓長度與輸出個數相符
jit-unsupported = 這台機器不支援原生機器碼：{ $reason }
jit-codegen = 產生原生機器碼失敗：{ $reason }
jit-not-built = 這個 nabla 編譯時沒有啟用功能 `jit`

## 命令列：讀取公式、點與矩形區域

cli-cannot-write-output = 無法寫出輸出：{ $error }
cli-cannot-write-output-full = 無法寫出輸出：{ $error }；請清出一些空間，或寫到別的地方
cli-cannot-write-json = 無法寫出 JSON：{ $error }
cli-what-file = 公式檔案 `{ $path }`
cli-what-stdin = 標準輸入
cli-cannot-read = 無法讀取{ $what }：{ $error }
cli-too-long = { $what }超過 { $mib } MiB；公式最多只能這麼長
cli-not-utf8 = { $what }不是 UTF-8 文字（位移 { $offset } 處的位元組無效）
cli-cannot-read-file = 無法讀取公式檔案 `{ $path }`：{ $error }
cli-no-formula = 沒有給公式；請把公式當作引數傳入、用 `-f PATH` 指定檔案，或用 `-` 從標準輸入讀取
cli-point-count = 點 `{ $text }` 有 { $values } 個值，但公式有 { $vars } 個變數（{ $names }）；請每個變數給一個值，或寫出名稱：{ $example }
cli-point-unnamed = `{ $text }` 裡的 `{ $part }` 沒有名稱；請把每個座標寫成 名稱=值，例如 { $example }
cli-point-unknown = `{ $text }` 裡有不認得的變數 `{ $name }`；公式的變數是：{ $names }
cli-point-twice = `{ $name }` 在 `{ $text }` 裡給了兩次；每個變數只給一次
cli-point-missing = 點 `{ $text }` 少了 { $missing }；請給出每個變數，例如 { $example }
cli-box-empty = 矩形區域 `{ $text }` 是空的；請給一個範圍，例如 { $example }
cli-box-count = 矩形區域 `{ $text }` 有 { $ranges } 個範圍，但公式有 { $vars } 個變數（{ $names }）；請給一個共用的範圍、每個變數一個範圍，或寫出名稱：{ $example }
cli-box-unnamed = 矩形區域 `{ $text }` 裡的 `{ $part }` 沒有名稱；請為每個範圍寫出名稱，例如 { $example }
cli-box-unknown = 矩形區域 `{ $text }` 裡有不認得的變數 `{ $name }`；公式的變數是：{ $names }
cli-box-twice = `{ $name }` 在矩形區域 `{ $text }` 裡給了兩次；每個變數只給一次
cli-box-missing = 矩形區域 `{ $text }` 少了 { $missing }；請為每個變數給一個範圍，例如 { $example }
cli-range-not-range = 矩形區域 `{ $text }` 裡的 `{ $range }` 不是範圍；請寫成 lo..hi，例如 { $example }
cli-range-empty = 矩形區域 `{ $text }` 裡的範圍 `{ $range }` 是空的；請把下限寫在前面，例如 -2..2
cli-number-missing = `{ $text }` 裡少了一個數字；請給數字，例如 { $example }
cli-number-unreadable = 無法讀取 `{ $text }` 裡的數字 `{ $number }`：
cli-number-not-number = `{ $text }` 裡的 `{ $number }` 不是數字；請給數字，例如 { $example }（或常數算式，例如 pi/2）
cli-number-not-finite = `{ $text }` 裡的 `{ $number }` 不是有限的數；請給數字，例如 { $example }
cli-not-whole-number = `{ $text }` 不是整數；請給 { $min } 到 { $max } 之間的整數
cli-not-seconds = `{ $text }` 不是秒數；請給一個數字，例如 2.5
cli-schema-unknown = 沒有名為 `{ $name }` 且有 JSON 答案的命令；請指定其中之一：{ $commands }

## 公式能解析、但可能不是原意時的警告（FormulaWarning）

warn-product-like-name = `{ $name }` 會當作一個名為 `{ $name }` 的變數；如果要的是乘積，請寫成 `{ $product }`
warn-constant-as-variable = `{ $name }` 會當作{ $what }，而不是變數；如果要的是變數，請把它列進變數列表（{ $vars }）；如果要保留常數並不再看到這則警告，請寫成 `{ $spelled }`
warn-constant-e = 自然常數 e（2.71828...）
warn-constant-pi = 圓周率 π（3.14159...）

limits-whole-number = 請給一個 { $min } 到 { $max } 之間的整數
limits-out-of-range = `{ $value }` 超出範圍；{ $range }
limits-time = 時間限制必須大於 0 且不超過 { $max } 秒
