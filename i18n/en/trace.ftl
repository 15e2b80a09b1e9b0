# nabla trace and nabla graph
# English catalog. Every message here exists in ../zh-TW/trace.ftl.ftl with the same variables.

