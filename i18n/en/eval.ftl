# nabla eval, grad and diff
# English catalog. Every message here exists in ../zh-TW/eval.ftl.ftl with the same variables.

