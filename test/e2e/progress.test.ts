/**
 * The progress line, end to end at a real terminal: `pormg migrate` runs under a pseudo-terminal
 * (util-linux `script`) while this test holds the migration lock (a PostgreSQL advisory lock on
 * a connection of its own, as another server would) for about 2 s, and the plan has a slow
 * statement. The transcript shows the line naming the holder and the seconds waited, then the
 * statement with its index; with `--json`, or with stdout piped, nothing of it appears.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { connect } from "../../src/dialect/connect.ts";
import { LOCK_KEY_SQL, migrationLockName } from "../../src/dialect/postgres/postgres-lock-holder.ts";
import { PG_URL, ROOT, runAsync } from "../lib/cli.ts";
import { authorModels, ok, type Project, project } from "./migrate-helpers.ts";

const HOLDER = "e2e-progress-holder";
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/** Holds the project's migration lock on a connection of this process for `ms`, then frees it. */
async function holdLockFor(p: Project, ms: number): Promise<{ pid: number; released: Promise<void> }> {
  const db = await connect({ dialect: "postgresql", url: PG_URL });
  await db.execute(`SET application_name = '${HOLDER}'`);
  const name = migrationLockName(p.schema);
  await db.query(`SELECT pg_advisory_lock(${LOCK_KEY_SQL})`, [name]);
  const [row] = await db.query("SELECT pg_backend_pid() AS pid");
  const released = new Promise<void>((resolve) =>
    setTimeout(async () => {
      await db.query(`SELECT pg_advisory_unlock(${LOCK_KEY_SQL})`, [name]);
      await db.close();
      resolve();
    }, ms),
  );
  return { pid: Number(row?.pid), released };
}

/** Carriage return and "erase line": how the progress line rewrites and clears itself. */
const CLEAR = "\r\x1b[2K";

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs `pormg <args>` at a pseudo-terminal (stdout and stderr both on it), `shell` appended to the command line. */
function atTerminal(p: Project, args: readonly string[], shell = "") {
  const line = [process.execPath, join(ROOT, "cmd", "pormg.ts"), ...args].map(quote).join(" ");
  return runAsync("script", ["-qfc", `stty cols 250; ${line}${shell}`, "/dev/null"], {
    cwd: p.cwd,
    env: { NO_COLOR: "", TERM: "xterm" },
  });
}

describe.skipIf(!hasScript)("postgresql: the progress line at a terminal", () => {
  test("a lock wait names the holder and counts seconds; a slow statement shows its index; --json and a pipe show none", async () => {
    const p = await project("postgresql", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      p.appendStep("Data (post): slow", "SELECT pg_sleep(1.6);");
      const holder = await holdLockFor(p, 2200);
      const shown = await atTerminal(p, ["migrate", "--lock-wait", "20"]);
      await holder.released;
      expect(shown.code).toBe(0);
      const transcript = shown.stdout;
      // The line rewrites itself in place (carriage return, clear line) and names the holder.
      expect(transcript).toMatch(
        new RegExp(
          `\\r\\x1b\\[2Kpormg: waited [12] s \\(of 20 s\\) for the migration lock, held by pid ${holder.pid} \\(${HOLDER}\\)`,
        ),
      );
      expect(transcript).toContain(`${CLEAR}pormg: step 2/2, statement 1/1, 1 s: SELECT pg_sleep(1.6)`);
      // It is cleared before the outcome is printed, and the outcome is green.
      expect(transcript).toContain(`${CLEAR}\x1b[32mApplied\x1b[39m `);

      // The same wait with --json, or with stdout piped: no progress line, no colour.
      p.models(authorModels("born: Models.IntegerField({ null: true }),"));
      ok(p.run(["makemigrations"]));
      const again = await holdLockFor(p, 2200);
      const started = performance.now();
      const [json, piped] = await Promise.all([
        atTerminal(p, ["migrate", "--lock-wait", "20", "--json"]),
        atTerminal(p, ["migrate", "--lock-wait", "20"], " | cat"),
      ]);
      await again.released;
      expect(performance.now() - started).toBeGreaterThanOrEqual(2000);
      for (const run of [json, piped]) {
        expect(run.code).toBe(0);
        expect(run.stdout).not.toContain("pormg: ");
        expect(run.stdout).not.toContain("\x1b[");
      }
      expect(JSON.parse(json.stdout)).toMatchObject({ schema: "pormg.migrate/1" });
      expect(piped.stdout).toMatch(/Applied |Already applied/);
    } finally {
      await p.dispose();
    }
  }, 30_000);
});
