# nabla trace and nabla graph
# 繁體中文目錄。這裡的每則訊息都在 ../en/trace.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

## nabla trace 的文字輸出

trace-at = 在 { $names } = { $values }
trace-forward-title = 前向傳遞：求值軌跡
trace-col-step = 步驟
trace-col-operation = 運算
trace-col-value = 值
trace-col-uses = 使用次數
trace-output = 輸出
trace-tangents-title = 前向模式，方向 { $var }：切線值 v̇k = dvk/d{ $var }
trace-forward-result = 以前向模式求得 df/d{ $var } = { $value }
trace-adjoints-title = 反向傳遞：伴隨值 v̄k = df/dvk，從輸出往回算
trace-value = 值
trace-gradient = 梯度
trace-cost = 梯度的計算成本：求值要 { $operations } 個運算，之後每次傳遞對每個局部偏導數（共 { $partials } 個）做一次乘加
trace-forward-sweeps = { $count } 次傳遞（每個變數一次）
trace-reverse-sweeps = 1 次傳遞
trace-forward-mode = 前向模式
trace-reverse-mode = 反向模式
trace-multiply-adds = { $count } 次乘加
trace-latex-forward = 前向模式，方向
trace-latex-reverse = 反向模式

## 判定（答案的句子；失敗時命令列把它當成錯誤印出）

trace-sentence = 求值軌跡、它的伴隨值與梯度
trace-not-finite-value = 在 { $names } = { $values } 的值不是有限值（NaN 或無窮大）{ $place }
trace-not-finite-gradient = 在 { $names } = { $values } 的梯度不是有限值（NaN 或無窮大）{ $place }
trace-starts-where = ；從這裡開始：{ $location }
trace-step-not-finite = { $step } = { $operation } 是{ $what }
trace-adjoint-not-finite = { $step } = { $operation } 的伴隨值是{ $what }
trace-nan = 非數值（NaN）
trace-pos-inf = 正無窮大
trace-neg-inf = 負無窮大
graph-sentence = 運算式圖
graph-sentence-evaluated = 運算式圖、它的值與伴隨值
graph-title-at = { $formula }  在 { $names } = { $values }
graph-dot-value = 值 { $value }
graph-dot-adjoint = 伴隨值 { $value }

## 錯誤

trace-err-point-length = 這個點有 { $found } 個值，但公式有 { $expected } 個變數；請依公式的變數順序，每個變數給一個值
trace-err-direction = 沒有第 { $index } 號變數：公式有 { $count } 個變數；請選 0 到 { $count }（不含）之間的方向
trace-err-too-many-steps = 這個公式的求值軌跡有 { $count } 個步驟；nabla trace 最多顯示 { $max } 個，這已經多到讀不完了；請追蹤較小的公式，或用 `nabla grad` 只求值與梯度
trace-err-no-direction = 這個公式沒有變數，所以前向模式沒有方向；請拿掉 --forward
trace-err-unknown-dir = --dir 的變數 `{ $name }` 不認得；公式的變數是：{ $names }
graph-err-too-many-nodes-dot = 運算式圖有 { $count } 個節點；nabla graph 最多匯出 { $max } 個，再多就讀不懂了；請畫較小的公式
graph-err-too-many-nodes = 運算式圖有 { $count } 個節點；nabla graph 最多畫 { $max } 個，再多就讀不懂了；請畫較小的公式，或用 --dot 輸出給 Graphviz 的圖（最多 10000 個節點）
graph-err-no-trace = 圖的答案裡沒有求值軌跡
graph-wrote = 已寫入 { $file }（{ $nodes } 個節點，{ $edges } 條邊，分 { $layers } 層，{ $crossings } 個交叉）
