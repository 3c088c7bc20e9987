/**
 * The scenarios of the docs' examples (scripts/docs/examples.ts): how a scratch folder is prepared,
 * each step a run of pormg from source or a file copy, and the run itself.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";

const ROOT = resolve(import.meta.dirname, "../..");
const EXAMPLE = join(ROOT, "scripts", "example");

/** How the scratch folder is prepared before an example runs (each step a CLI run or a file copy). */
export type Scenario =
  | "empty"
  | "setup"
  | "models"
  | "pending"
  | "migrated"
  | "changed"
  | "unique"
  | "no-config"
  | "syntax-error"
  | "throws"
  | "typos"
  | "unknown-field"
  | "verify-fails";

/** Replaces the scratch folder's models file with `source`. */
function writeModels(cwd: string, source: string): void {
  writeFileSync(join(cwd, "db", "models.ts"), source);
}

const TEAM = 'import { Models } from "pormg";\n\nexport const Team = Models.Model({\n  id: Models.IDField(),\n';

/** The command that runs pormg from source under the running Bun. */
export const PORMG: readonly string[] = [process.execPath, join(ROOT, "cmd", "pormg.ts")];

/**
 * The environment of a run: no colour unless `extra` asks for it (`NO_COLOR` beats `FORCE_COLOR`
 * in cmd/colors.ts, so an example that sets `FORCE_COLOR` must not get `NO_COLOR`).
 */
export function runEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC" };
  if (extra.FORCE_COLOR === undefined) base.NO_COLOR = "1";
  return { ...base, ...extra };
}

/** Runs pormg from source under the running Bun in `cwd`. */
export function pormg(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}) {
  const r = spawnSync(PORMG[0] as string, [...PORMG.slice(1), ...args], {
    cwd,
    encoding: "utf8",
    env: runEnv(env),
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function must(args: readonly string[], cwd: string): void {
  const r = pormg(args, cwd);
  if (r.code !== 0) throw new Error(`scenario step pormg ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
}

const STEPS: Readonly<Record<Scenario, { readonly after?: Scenario; readonly run: (cwd: string) => void }>> = {
  empty: { run: () => {} },
  setup: { after: "empty", run: (cwd) => must(["setup", "--db", "db"], cwd) },
  models: { after: "setup", run: (cwd) => copyFileSync(join(EXAMPLE, "models.ts"), join(cwd, "db", "models.ts")) },
  pending: {
    after: "models",
    run: (cwd) => {
      must(["makemigrations", "--db", "db", "--name", "create f1 tables"], cwd);
      const seed = readFileSync(join(EXAMPLE, "seed.sql"), "utf8");
      appendFileSync(
        join(cwd, "db", "migrations", "pending_migrations.sql"),
        `-- step: Data (post): seed the example\n${seed}`,
      );
    },
  },
  migrated: {
    after: "pending",
    run: (cwd) => {
      must(["migrate", "--db", "db"], cwd);
      writeFileSync(join(cwd, "targets.txt"), "dev\nsqlite:db/replica.sqlite\n");
    },
  },
  changed: {
    after: "migrated",
    run: (cwd) => {
      // The second version of the example's models: a dropped column makes the plan destructive.
      const v2 = readFileSync(join(EXAMPLE, "models-v2.ts"), "utf8");
      writeFileSync(join(cwd, "db", "models.ts"), v2.replace(/^\s*lat: .*\n/m, ""));
      must(["makemigrations", "--db", "db", "--name", "nationality and constructors"], cwd);
    },
  },
  "no-config": { after: "setup", run: (cwd) => rmSync(join(cwd, "db", "connection.yml")) },
  "syntax-error": {
    after: "setup",
    run: (cwd) => writeModels(cwd, `${TEAM}  name: Models.CharField(maxLength: 40),\n});\n`),
  },
  throws: {
    after: "setup",
    run: (cwd) =>
      writeModels(
        cwd,
        `const limits: Record<string, number[]> = {};\n${TEAM}  name: Models.CharField({ maxLength: limits.name.length }),\n});\n`,
      ),
  },
  typos: {
    after: "setup",
    run: (cwd) =>
      writeModels(
        cwd,
        `${TEAM}  name: Models.CharField({ max_length: 40 }),\n  motto: Models.TextField({ nullable: true }),\n});\n`,
      ),
  },
  "unknown-field": {
    after: "setup",
    run: (cwd) => writeModels(cwd, `${TEAM}  motto: Models.TextFeild(),\n});\n`),
  },
  "verify-fails": {
    after: "changed",
    // A hand-written step naming a table that does not exist: `dry-run --verify` fails at it.
    run: (cwd) =>
      appendFileSync(
        join(cwd, "db", "migrations", "pending_migrations.sql"),
        '\n-- step: Data (post): mark champions\nUPDATE "champion" SET "points" = 0;\n',
      ),
  },
  unique: {
    after: "migrated",
    run: (cwd) => {
      // A unique over duplicated values: the plan would fail on existing rows.
      const models = join(cwd, "db", "models.ts");
      writeFileSync(models, readFileSync(models, "utf8").replace("default: 0 })", "default: 0, unique: true })"));
      must(["makemigrations", "--db", "db", "--name", "unique points"], cwd);
    },
  },
};

/** Prepares each scenario once (in a folder of its own under `base`) and returns its folder. */
export function scenarioFolder(base: string, scenario: Scenario, made: Map<Scenario, string>): string {
  const done = made.get(scenario);
  if (done) return done;
  const step = STEPS[scenario];
  const dir = join(base, scenario);
  if (step.after) cpSync(scenarioFolder(base, step.after, made), dir, { recursive: true });
  else cpSync(mkdtempSync(join(base, "blank-")), dir, { recursive: true });
  step.run(dir);
  made.set(scenario, dir);
  return dir;
}
