# the page's lessons (ids start with lesson-)
# 繁體中文目錄。這裡的每則訊息都在 ../en/lessons.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

