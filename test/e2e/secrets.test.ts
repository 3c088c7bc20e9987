/**
 * No password ever reaches output: 16 password shapes that break URL parsers, given through every
 * way a password reaches pormg (--url, PORMG_DATABASE_URL, DATABASE_URL, connection.yml `url:` and `password:`),
 * unencoded and percent-encoded, on every command that connects, in plain, --json and --debug
 * output. Each run is a real CLI process.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inBatches, PG_URL, pormgAsync, type Run, tempDir } from "../lib/cli.ts";

const HEAD = "Zq7S3cret";
const TAIL = "Xk9Tail";
const SHAPES = [
  "/",
  "#",
  "?",
  "@",
  ":",
  "%",
  "%2F",
  " ",
  '"',
  "'",
  "\\",
  "[]",
  "&x=1",
  "@@",
  "/#?@",
  "@127.0.0.1:1/",
].map((middle) => `${HEAD}${middle}${TAIL}`);

const MODELS = `import { Models } from "pormg";\nexport const Thing = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 20 }) });\n`;

/** A folder whose connection.yml gives the password as `how` says, plus the env and flags to pass. */
function setupSource(
  how: string,
  password: string,
  port = 1,
): { cwd: string; args: string[]; env: Record<string, string> } {
  const cwd = tempDir("pormg-secret-");
  mkdirSync(join(cwd, "db"));
  writeFileSync(join(cwd, "db", "models.ts"), MODELS);
  const raw = `postgres://root:${password}@127.0.0.1:${port}/test`;
  const encoded = `postgres://root:${encodeURIComponent(password)}@127.0.0.1:${port}/test`;
  const yml = (body: string) =>
    writeFileSync(join(cwd, "db", "connection.yml"), `dev:\n  adapter: PostgreSQL\n${body}`);
  const plain = "  host: 127.0.0.1\n  database: test\n";
  switch (how) {
    case "--url":
      yml(plain);
      return { cwd, args: ["--url", raw], env: {} };
    case "--url encoded":
      yml(plain);
      return { cwd, args: ["--url", encoded], env: {} };
    case "PORMG_DATABASE_URL":
      yml(plain);
      return { cwd, args: [], env: { PORMG_DATABASE_URL: raw } };
    case "DATABASE_URL":
      // A container's folder: no connection.yml, the platform's variable names the target.
      return { cwd, args: [], env: { DATABASE_URL: raw } };
    case "url:":
      yml(`  url: ${JSON.stringify(raw)}\n`);
      return { cwd, args: [], env: {} };
    case "password:":
      yml(
        `  host: 127.0.0.1\n  port: ${port}\n  database: test\n  username: root\n  password: ${JSON.stringify(password)}\n`,
      );
      return { cwd, args: [], env: {} };
    default:
      throw new Error(how);
  }
}

const SOURCES = ["--url", "--url encoded", "PORMG_DATABASE_URL", "DATABASE_URL", "url:", "password:"];

function leaks(run: Run): string[] {
  const out = run.stdout + run.stderr;
  return [HEAD, TAIL].filter((piece) => out.includes(piece));
}

function expectClean(label: string, run: Run): void {
  expect({ label, leaked: leaks(run) }).toEqual({ label, leaked: [] });
  expect({ label, bug: (run.stdout + run.stderr).includes("bug in pormg") }).toEqual({ label, bug: false });
  expect({ label, code: [0, 1, 2, 3, 4, 64, 78].includes(run.code) }).toEqual({ label, code: true });
}

describe("passwords never reach output", () => {
  test("16 password shapes × 6 sources on status, plain and --json --debug", async () => {
    const tasks = SHAPES.flatMap((password) =>
      SOURCES.flatMap((how) =>
        [[], ["--json", "--debug"]].map((mode) => async () => {
          const { cwd, args, env } = setupSource(how, password);
          return {
            label: `${how} ${JSON.stringify(password)} ${mode.join(" ")}`,
            run: await pormgAsync(["status", ...args, ...mode], { cwd, env }),
          };
        }),
      ),
    );
    const results = await inBatches(tasks);
    for (const { label, run } of results) {
      expectClean(label, run);
      expect({ label, error: /error\[(USAGE|CONFIG_INVALID|CONNECT_FAILED)\]/.test(run.stderr) }).toEqual({
        label,
        error: true,
      });
    }
  }, 240_000);

  test("an unencoded / ? # or @ is refused with how to percent-encode it", async () => {
    const { cwd, args, env } = setupSource("--url", `${HEAD}/${TAIL}`);
    const r = await pormgAsync(["status", ...args], { cwd, env });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(
      'error[USAGE]: --url: "postgres://root:***@127.0.0.1:1/test": the user name or password holds an unencoded "/"',
    );
    expect(r.stderr).toContain('"/" → %2F');
    const yml = setupSource("url:", `${HEAD}#${TAIL}`);
    const y = await pormgAsync(["status"], { cwd: yml.cwd });
    expect(y.code).toBe(78);
    expect(y.stderr).toContain('holds an unencoded "#"');
  });

  test("every command, through each source, with the hardest shapes", async () => {
    const commands = [
      ["info"],
      ["status"],
      ["check"],
      ["makemigrations"],
      ["dry-run"],
      ["migrate"],
      ["history"],
      ["history", "verify"],
      ["schema", "--from", "db"],
      ["import-models", "--out", "elsewhere.ts"],
      ["init"],
      ["mark-applied", "20260101000000000", "x"],
      ["mark-failed", "20260101000000000"],
      ["remove", "20260101000000000"],
      ["inspect", "--explain", "Thing"],
    ];
    const tasks = [`${HEAD}/#?@${TAIL}`, `${HEAD}"'\\${TAIL}`].flatMap((password) =>
      ["--url", "--url encoded", "DATABASE_URL", "password:"].flatMap((how) =>
        commands.map((command) => async () => {
          const { cwd, args, env } = setupSource(how, password);
          const argv = [...command, ...args, "--json", "--debug", "--non-interactive"];
          return { label: `${how} ${argv.join(" ")}`, run: await pormgAsync(argv, { cwd, env }) };
        }),
      ),
    );
    for (const { label, run } of await inBatches(tasks)) expectClean(label, run);
  }, 240_000);

  test("--targets: passwords in the targets file, written or through ${VAR}, on migrate, status and check", async () => {
    const tasks = [`${HEAD}/#?@${TAIL}`, `${HEAD}%${TAIL}`, `${HEAD}"'\\${TAIL}`].flatMap((password) =>
      ["migrate", "status", "check"].flatMap((command) =>
        [[], ["--json", "--debug"]].map((mode) => async () => {
          const { cwd } = setupSource("password:", password);
          const encoded = encodeURIComponent(password);
          writeFileSync(
            join(cwd, "targets.txt"),
            `postgres://root:${encoded}@127.0.0.1:1/test\npostgres://root:\${TENANT_PW}@127.0.0.1:1/other\n\${TENANT_URL}\n`,
          );
          const env = { TENANT_PW: encoded, TENANT_URL: `postgres://root:${encoded}@127.0.0.1:1/third` };
          const argv = [command, "--targets", "targets.txt", "--parallel", "3", ...mode];
          return { label: `${argv.join(" ")} ${JSON.stringify(password)}`, run: await pormgAsync(argv, { cwd, env }) };
        }),
      ),
    );
    for (const { label, run } of await inBatches(tasks)) {
      expectClean(label, run);
      expect({ label, code: run.code }).toEqual({ label, code: 1 });
    }
  }, 120_000);

  test("on a server that accepts the connection, the shown target is redacted too", async () => {
    const server = new URL(PG_URL);
    const tasks = SHAPES.map((password) => async () => {
      const cwd = tempDir("pormg-secret-");
      const url = `postgres://${server.username}:${encodeURIComponent(password)}@${server.host}${server.pathname}`;
      return { label: password, run: await pormgAsync(["info", "--json", "--url", url], { cwd }) };
    });
    for (const { label, run } of await inBatches(tasks)) {
      expectClean(label, run);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).target).toContain(":***@");
    }
  }, 120_000);
});
