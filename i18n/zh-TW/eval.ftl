# nabla eval, grad and diff
# 繁體中文目錄。這裡的每則訊息都在 ../en/eval.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

## nabla eval

eval-at = 在 { $names } = { $point }
eval-no-point = 公式有變數 { $names }；請用 --at { $example } 給一個點
eval-verdict-value = 函數值
eval-note-non-finite-on-the-way = 計算途中 { $step }；這個值是浮點運算經過它得到的結果，公式在這一點可能沒有定義

## nabla grad

grad-label-value = 函數值
grad-label-gradient = 梯度
grad-verdict = 函數值與精確的梯度
grad-note-too-large = 偏導數太大，無法寫成公式輸出（約 { $chars } 個字元）；上面的函數值與梯度是精確求值的結果

## 函數值或梯度不是有限數時的句子

not-finite-sentence = { $what }在 { $names } = { $point } 處{ $kind }
not-finite-what-value = 函數值
not-finite-what-gradient = 梯度
not-finite-nan = 不是數值（超出某個函數的定義域，或是 0/0）
not-finite-infinite = 為 { $value }（溢位或除以零）

## nabla diff

diff-unknown-variable = 要微分的變數裡有不認得的 `{ $name }`；公式的變數是：{ $known }
diff-hessian-too-large = { $n } 個變數的海森矩陣有 { $entries } 個元素；請挑選幾個變數來微分
diff-verdict-partials = 偏導數
diff-verdict-hessian = 二階導數（海森矩陣）
diff-verdict-evidence = 精確的符號微分
