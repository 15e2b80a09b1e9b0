// Placeholder script of the back end: sends the formula to POST /api/diff and shows the
// partial derivatives, or the error's message (the caret lines included). The front end's
// script replaces it.
"use strict";

async function api(cmd, formula, options) {
  const response = await fetch("/api/" + cmd, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ formula, options: options || {} }),
  });
  return { status: response.status, body: await response.json() };
}

async function differentiate(event) {
  if (event) event.preventDefault();
  const out = document.getElementById("result");
  const formula = document.getElementById("formula").value;
  try {
    const { body } = await api("diff", formula, {});
    if (body.error) {
      out.className = "error";
      out.textContent = body.error.message;
      return;
    }
    out.className = "";
    const d = body.derivatives || {};
    out.textContent = Object.keys(d).map((k) => k + " = " + d[k]).join("\n");
  } catch (e) {
    out.className = "error";
    out.textContent = "the server did not answer: " + e;
  }
}

async function showLimits() {
  try {
    const l = await (await fetch("/api/limits")).json();
    document.getElementById("limits").textContent =
      "limits: " + l.budget_seconds + " s per request, formulas up to " +
      l.formula_bytes + " bytes, " + l.jobs + " computations at once";
  } catch (e) {
    // The limits line is decoration; the page works without it.
  }
}

document.getElementById("form").addEventListener("submit", differentiate);
showLimits();
differentiate();
