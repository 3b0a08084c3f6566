// One server for the whole run, on a free port with a fresh database: the tests never talk to
// another running instance.
import { startServer } from "./server";

export default async function globalSetup() {
  const { baseURL, child, log } = await startServer();
  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_SERVER_PID = String(child.pid);
  process.env.E2E_SERVER_LOG = log;
}
