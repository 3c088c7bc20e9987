/**
 * The examples the docs show, each the real output of the CLI run in a scratch folder prepared
 * by a scenario. A doc embeds one with `<!-- example: ID -->` (see docs/development.md); add an
 * entry here to add an example.
 */
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { normalize } from "./normalize.ts";

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
  | "unknown-field";

/** One example: where it runs, the pormg arguments, and what of the run it shows. */
export interface Example {
  readonly scenario: Scenario;
  /** The arguments after `pormg`; `["@file", path]` shows a file of the scratch folder instead. */
  readonly args: readonly string[];
  /** Print `$ pormg …` before the output (text examples). */
  readonly prompt?: boolean;
  /** Show stderr too: `after` stdout (errors, notes), or `before` it (progress printed while it runs). */
  readonly stderr?: "after" | "before";
  /** The exit code the run must end with (default 0). */
  readonly exit?: number;
}

const QUERY = "Result race__year=2024 driver__surname__@icontains=ham";
const json = (scenario: Scenario, args: readonly string[], exit = 0): Example => ({
  scenario,
  args: [...args, "--db", "db", "--json"],
  exit,
});

/** Every example, by the id its marker names. */
export const EXAMPLES: Readonly<Record<string, Example>> = {
  setup: { scenario: "empty", args: ["setup", "--db", "db"], prompt: true },
  info: { scenario: "setup", args: ["info", "--db", "db"], prompt: true },
  "info-migrated": { scenario: "migrated", args: ["info", "--db", "db"], prompt: true },
  makemigrations: {
    scenario: "models",
    args: ["makemigrations", "--db", "db", "--name", "create f1 tables"],
    prompt: true,
  },
  "plan-file": { scenario: "changed", args: ["@file", "db/migrations/pending_migrations.sql"] },
  "dry-run": { scenario: "pending", args: ["dry-run", "--db", "db", "--verify"], prompt: true },
  migrate: { scenario: "pending", args: ["migrate", "--db", "db"], prompt: true, stderr: "after" },
  status: { scenario: "migrated", args: ["status", "--db", "db"], prompt: true },
  "check-drift": { scenario: "changed", args: ["check", "--db", "db"], prompt: true, exit: 2 },
  "dry-run-destructive": { scenario: "changed", args: ["dry-run", "--db", "db"], prompt: true, stderr: "after" },
  "migrate-targets": {
    scenario: "migrated",
    args: ["migrate", "--db", "db", "--targets", "targets.txt", "--parallel", "1"],
    prompt: true,
    stderr: "before",
  },
  "migrate-precheck": { scenario: "unique", args: ["migrate", "--db", "db"], prompt: true, stderr: "after", exit: 3 },
  history: { scenario: "migrated", args: ["history", "--db", "db"], prompt: true },
  "inspect-sqlite": { scenario: "migrated", args: ["inspect", "--db", "db", QUERY], prompt: true },
  "inspect-sqlite-explain": {
    scenario: "migrated",
    args: [
      "inspect",
      "--db",
      "db",
      "Result race__circuit__country=Italy",
      "--values",
      "driver__surname,points",
      "--order-by",
      "-points",
      "--explain",
    ],
    prompt: true,
  },
  "inspect-postgres": {
    scenario: "models",
    args: ["inspect", "--db", "db", "--url", "postgres://app@db.example:5432/app", QUERY],
    prompt: true,
  },
  "json-setup": json("empty", ["setup"]),
  "json-info": json("setup", ["info"]),
  "json-makemigrations": json("models", ["makemigrations", "--name", "create f1 tables"]),
  "json-dry-run": json("pending", ["dry-run", "--verify"]),
  "json-migrate": json("pending", ["migrate"]),
  "json-status": json("migrated", ["status"]),
  "json-check": json("changed", ["check"], 2),
  "json-discard": json("changed", ["discard"]),
  "json-schema": json("models", ["schema", "--format", "json"]),
  "json-inspect": json("migrated", ["inspect", QUERY]),
  "json-import-models": json("migrated", ["import-models", "--out", "db/imported.ts"]),
  "json-init": json("migrated", ["init"]),
  "json-history": json("migrated", ["history"]),
  "json-history-verify": json("migrated", ["history", "verify"]),
  "json-history-head": json("migrated", ["history", "head"]),
  "json-history-rebuild": json("migrated", ["history", "rebuild"]),
  "json-mark-failed": json("migrated", ["mark-failed", "@version", "--reason", "fixed by hand"]),
  "json-mark-applied": json("migrated", [
    "mark-applied",
    "@version",
    "create f1 tables",
    "--sql-file",
    "db/migrations/applied_migrations/@archived",
  ]),
  "json-remove": json("migrated", ["remove", "@version", "--reason", "re-apply it"]),
  "json-migrate-targets": json("migrated", ["migrate", "--targets", "targets.txt"]),
  "json-status-targets": json("migrated", ["status", "--targets", "targets.txt"]),
  "json-check-targets": json("changed", ["check", "--targets", "targets.txt"], 2),
  "json-version": { scenario: "empty", args: ["--version", "--json"] },
  "json-error": json("empty", ["check"], 78),
  "setup-kept": { scenario: "no-config", args: ["setup", "--db", "db"], prompt: true },
  "models-syntax-error": {
    scenario: "syntax-error",
    args: ["check", "--db", "db"],
    prompt: true,
    stderr: "after",
    exit: 78,
  },
  "models-throws": { scenario: "throws", args: ["check", "--db", "db"], prompt: true, stderr: "after", exit: 78 },
  "models-typos": { scenario: "typos", args: ["check", "--db", "db"], prompt: true, stderr: "after", exit: 78 },
  "models-unknown-field": {
    scenario: "unknown-field",
    args: ["check", "--db", "db"],
    prompt: true,
    stderr: "after",
    exit: 78,
  },
};

/** Replaces the scratch folder's models file with `source`. */
function writeModels(cwd: string, source: string): void {
  writeFileSync(join(cwd, "db", "models.ts"), source);
}

const TEAM = 'import { Models } from "pormg";\n\nexport const Team = Models.Model({\n  id: Models.IDField(),\n';

/** Runs pormg from source under the running Bun in `cwd`. */
function pormg(args: readonly string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "cmd", "pormg.ts"), ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", TZ: "UTC" },
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

/** Runs one example in a copy of its scenario's folder and returns its normalized output. */
export function runExample(id: string, base: string, made: Map<Scenario, string>): string {
  const example = EXAMPLES[id];
  if (!example) throw new Error(`unknown example "${id}" (scripts/docs/examples.ts lists them)`);
  // The scratch folder is named the same for every example, so paths in the output are stable.
  const cwd = join(base, "run", "app");
  rmSync(join(base, "run"), { recursive: true, force: true });
  cpSync(scenarioFolder(base, example.scenario, made), cwd, { recursive: true });
  const archived = join(cwd, "db", "migrations", "applied_migrations");
  const args = example.args.map((a) => substitute(a, archived));
  if (args[0] === "@file") return normalize(readFileSync(join(cwd, args[1] as string), "utf8").trimEnd(), cwd);
  const r = pormg(args, cwd);
  if (r.code !== (example.exit ?? 0))
    throw new Error(`example ${id}: pormg ${args.join(" ")} exited ${r.code}, not ${example.exit ?? 0}: ${r.stderr}`);
  const shown = example.args.map((a) => (/[\s"'$]/.test(a) ? `"${a}"` : a)).join(" ");
  const stderr = r.stderr.trim() ? [r.stderr.trimEnd()] : [];
  const out = [
    ...(example.prompt ? [`$ pormg ${shown}`] : []),
    ...(example.stderr === "before" ? stderr : []),
    r.stdout.trimEnd(),
    ...(example.stderr === "after" ? stderr : []),
  ].join("\n");
  return normalize(out, cwd);
}

/** `@version` and `@archived`: the first archived plan's version and file name. */
function substitute(arg: string, archived: string): string {
  if (!arg.includes("@version") && !arg.includes("@archived")) return arg;
  const files = existsSync(archived)
    ? readdirSync(archived)
        .sort()
        .filter((f) => f.endsWith(".sql"))
    : [];
  const file = files[0] ?? "";
  return arg.replace("@version", file.slice(0, 17)).replace("@archived", file);
}

/** A fresh base folder for one run of the examples. */
export function examplesBase(): string {
  return mkdtempSync(join(tmpdir(), "pormg-docs-"));
}
