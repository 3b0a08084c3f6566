// Starts a Passerelle of its own: a free port, a fresh SQLite file seeded with the demo, today
// pinned to 1 May 2026. Used once per run (global setup) and by specs that need other settings.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync } from "node:fs";
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

export interface Started {
  baseURL: string;
  child: ChildProcess;
  log: string;
  /** Runs `passerelle collect-once` on this server's database as another process would, with
   * "today" pinned; returns the bank files it wrote, one message id per line. */
  collectOnce: (today: string) => string;
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<Started> {
  const root = resolve(__dirname, "..");
  const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
  const binary = process.env.PASSERELLE_BIN || join(targetDir, "release", "passerelle");
  const siteRoot = process.env.LEPTOS_SITE_ROOT || join(root, "target", "site");
  if (!existsSync(binary)) throw new Error(`server binary not built: ${binary} (run scripts/build-site.sh)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "passerelle-e2e-"));
  const log = join(dir, "server.log");
  const out = openSync(log, "a");
  const databaseURL = `sqlite://${join(dir, "e2e.db")}?mode=rwc`;
  const collectOnce = (today: string) =>
    execFileSync(binary, ["collect-once"], { cwd: root, env: { ...process.env, PASSERELLE_DATABASE_URL: databaseURL, PASSERELLE_TODAY: today, RUST_LOG: "warn" }, encoding: "utf8" });
  const child = spawn(binary, ["--demo"], {
    cwd: root,
    env: {
      ...process.env,
      PASSERELLE_DATABASE_URL: databaseURL,
      PASSERELLE_ADDR: `127.0.0.1:${port}`,
      PASSERELLE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PASSERELLE_TODAY: "2026-05-01",
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_ENV: "PROD",
      // Baked in by the release build; the test command's debug build reads it here.
      LEPTOS_OUTPUT_NAME: "passerelle",
      RUST_LOG: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", out, out],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (code ${child.exitCode}); see ${log}`);
    try {
      if ((await fetch(`${baseURL}/readyz`)).ok) return { baseURL, child, log, collectOnce };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error(`server not ready after 60 s; see ${log}`);
}
