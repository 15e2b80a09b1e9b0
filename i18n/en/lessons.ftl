# the page's lessons (ids start with lesson-)
# English catalog. Every message here exists in ../zh-TW/lessons.ftl.ftl with the same variables.

