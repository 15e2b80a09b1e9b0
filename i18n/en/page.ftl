# the page of nabla serve (ids start with page-)
# English catalog. Every message here exists in ../zh-TW/page.ftl.ftl with the same variables.

