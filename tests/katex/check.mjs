// Typesets LaTeX with KaTeX in its strictest mode, for tests/suite/katex.rs: reads a JSON array of
// LaTeX strings on standard input and prints a JSON array with, for each, null when KaTeX parsed
// and rendered it without error or warning, else KaTeX's message.
import katex from "katex";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((tex) => {
    try {
      katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: "error" });
      return null;
    } catch (e) {
      return String(e.message);
    }
  });
  process.stdout.write(JSON.stringify(results));
});
