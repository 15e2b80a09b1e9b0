# shared words: language names, labels used by several commands
# 繁體中文目錄。這裡的每則訊息都在 ../en/common.ftl.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。

lang-name = 繁體中文
