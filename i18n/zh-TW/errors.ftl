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
