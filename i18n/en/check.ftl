# nabla check: central differences, the step sweep, hand-derived partials
# English catalog. Every message here exists in ../zh-TW/check.ftl.ftl with the same variables.

