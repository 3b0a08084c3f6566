// Starts a Passerelle of its own for this run: a free port, a fresh SQLite file seeded with
// the demo, today pinned to 1 May 2026. Never reuses a server that is already running.
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? ok(addr.port) : ko(new Error("no port"))));
    });
  });
}

export default async function globalSetup() {
  const root = resolve(__dirname, "..");
  const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
  const binary = process.env.PASSERELLE_BIN || join(targetDir, "release", "passerelle");
  const siteRoot = process.env.LEPTOS_SITE_ROOT || join(root, "target", "site");
  if (!existsSync(binary)) throw new Error(`server binary not built: ${binary} (run cargo leptos build --release)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "passerelle-e2e-"));
  const log = openSync(join(dir, "server.log"), "a");
  const child = spawn(binary, ["--demo"], {
    cwd: root,
    env: {
      ...process.env,
      PASSERELLE_DATABASE_URL: `sqlite://${join(dir, "e2e.db")}?mode=rwc`,
      PASSERELLE_ADDR: `127.0.0.1:${port}`,
      PASSERELLE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PASSERELLE_TODAY: "2026-05-01",
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_ENV: "PROD",
      RUST_LOG: "warn",
    },
    stdio: ["ignore", log, log],
    detached: false,
  });
  process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
  process.env.E2E_SERVER_PID = String(child.pid);
  process.env.E2E_SERVER_LOG = join(dir, "server.log");
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (code ${child.exitCode}); see ${join(dir, "server.log")}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server not ready after 60 s");
}
