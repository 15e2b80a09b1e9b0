# nabla plot: titles, axes, legends, notes
# English catalog. Every message here exists in ../zh-TW/plot.ftl.ftl with the same variables.

