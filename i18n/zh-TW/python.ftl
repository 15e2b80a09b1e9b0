# the Python package's notebook displays (HTML in Jupyter); ids start with py-
# 繁體中文目錄。這裡的每則訊息都在 ../en/python.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

py-formula-at = { $formula }，在 { $point }
py-tangents = 前向模式，方向 { $var }：切線值
py-col-tangent = 切線值
py-adjoints = 反向傳遞：伴隨值 { $symbol }，從輸出往回算
py-col-adjoint = 伴隨值
py-col-sum = 總和
py-rss = 殘差平方和
py-dof = 自由度
py-reduced-chi2 = 約化 &chi;&sup2;
py-sigma-absolute = &sigma; 為絕對不確定度（共變異數不縮放）
py-covariance-scaled = 共變異數依約化 &chi;&sup2; 縮放
py-whole-answer = 完整的答案
py-more-rows = ……還有 { $count } 列
py-of = 對象：{ $what }
py-and = { $first } 與 { $second }
py-col-point = 點
py-col-gradient = 梯度
py-col-outcome = 結果
py-check-summary = { $points } 個點上的 { $partials } 個偏導數：{ $agree } 個一致，{ $disagree } 個「不一致」，{ $kink } 個在不可微點，{ $notfinite } 個非有限值，{ $unresolved } 個無法分辨
py-col-yours = 你的偏導數
py-col-exact-partial = 精確偏導數
py-col-points = 點數
py-col-worst-point = 最差的點
py-col-exact-there = 該點的精確值
py-col-yours-there = 該點你的值
py-col-diagnosis = 診斷
py-n-of-m-disagree = { $m } 個點中有 { $n } 個「不一致」
py-skipped = ，略過 { $count } 個
py-agreeing-order = 你的偏導數換成這個順序就一致：（{ $order }）
py-sweep-forward = 前向差分誤差 d/d{ $var }
py-sweep-central = 中央差分誤差 d/d{ $var }
py-sweep-at = 在 { $point }；粗體為最佳步長
