# nabla fit: data, methods, stops, parameters and standard errors
# English catalog. Every message here exists in ../zh-TW/fit.ftl.ftl with the same variables.

