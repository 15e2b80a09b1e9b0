# nabla fit: data, methods, stops, parameters and standard errors
# 繁體中文目錄。這裡的每則訊息都在 ../en/fit.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

