# nabla min: methods, stop reasons, classifications, global search, certificates
# English catalog. Every message here exists in ../zh-TW/min.ftl.ftl with the same variables.

