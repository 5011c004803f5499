// A stand-in for `mailcheck serve` on 127.0.0.1: answers /v1/lint with a set report,
// or slowly, or with an error. Counts what it was asked.
import http from "node:http";

export async function startServer(behaviour) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => { body += c; });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, type: req.headers["content-type"], body });
      const b = typeof behaviour === "function" ? behaviour(body) : behaviour;
      if (b.hang) return; // never answers
      setTimeout(() => {
        res.writeHead(b.status ?? 200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(b.json ?? {}));
      }, b.delayMs ?? 0);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    seen,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nothing listens on: bound, then released. */
export async function deadUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

export function report(...severities) {
  return {
    path: "-",
    score: severities.length ? 4 : 10,
    diagnostics: severities.map((severity, i) => ({
      rule: `test.${severity}-${i}`, severity, message: `Замечание ${i + 1}`,
      line: i + 1, column: 1, offset: 0, length: 0, text: "", suggestions: [], field: "body",
    })),
  };
}
