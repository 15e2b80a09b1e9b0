# shared words: language names, labels used by several commands
# English catalog. Every message here exists in ../zh-TW/common.ftl.ftl with the same variables.

# The language's own name, as the page's switch shows it.
lang-name = English
