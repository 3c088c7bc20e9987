/**
 * The examples the docs show, each the real output of the CLI run in a scratch folder prepared
 * by a scenario. A doc embeds one with `<!-- example: ID -->` (see docs/development.md); add an
 * entry here to add an example.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catV } from "./cat-v.ts";
import { normalize } from "./normalize.ts";
import { PORMG, pormg, runEnv, type Scenario, scenarioFolder } from "./scenarios.ts";
import { captureTui, type TuiStep } from "./tmux.ts";

export type { Scenario } from "./scenarios.ts";

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
  /** Extra environment (`FORCE_COLOR: "1"` colours the output; then `NO_COLOR` is not set). */
  readonly env?: Readonly<Record<string, string>>;
  /** `cat-v`: the prompt reads `$ VAR=… pormg … | cat -v` and escapes show as `cat -v` shows them. */
  readonly show?: "cat-v";
  /** More runs in the same folder after this one, each shown with its own prompt. */
  readonly then?: readonly { readonly args: readonly string[]; readonly exit?: number }[];
  /** A dashboard screen instead: `pormg ARGS` in a tmux window of `size`, after `steps`. */
  readonly tui?: { readonly size: readonly [number, number]; readonly steps: readonly TuiStep[] };
}

const color = (args: readonly string[], exit = 0, then: Example["then"] = []): Example => ({
  scenario: "changed",
  args,
  prompt: true,
  exit,
  env: { FORCE_COLOR: "1" },
  show: "cat-v",
  then,
});
const tui = (scenario: Scenario, size: readonly [number, number], ...steps: TuiStep[]): Example => ({
  scenario,
  args: ["tui", "--db", "db"],
  tui: { size, steps },
});
const OPEN: TuiStep = { until: "Rows at risk:" };

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
  "color-dry-run": color(["dry-run", "--db", "db"]),
  "color-migrate": color(["migrate", "--db", "db"], 3, [{ args: ["migrate", "--db", "db", "--destructive"] }]),
  "tui-80-open": tui("changed", [80, 24], OPEN),
  "tui-80-folded": tui("changed", [80, 24], OPEN, { keys: ["c"], until: "›▸ constructor | Create table" }),
  "tui-80-help": tui("changed", [80, 24], OPEN, { keys: ["?"], until: "── Keys (any key closes) ──" }),
  "tui-80-verify-fails": tui("verify-fails", [80, 24], OPEN, { keys: ["v"], until: "Verify: ✗ failed" }),
  "tui-160-open": tui("changed", [160, 48], OPEN),
  "tui-160-verify": tui("changed", [160, 48], OPEN, { keys: ["v"], until: "Verify: ✓ succeeded" }),
};

/** Runs one example in a copy of its scenario's folder and returns its normalized output. */
export async function runExample(id: string, base: string, made: Map<Scenario, string>): Promise<string> {
  const example = EXAMPLES[id];
  if (!example) throw new Error(`unknown example "${id}" (scripts/docs/examples.ts lists them)`);
  // The scratch folder is named the same for every example, so paths in the output are stable.
  const cwd = join(base, "run", "app");
  rmSync(join(base, "run"), { recursive: true, force: true });
  cpSync(scenarioFolder(base, example.scenario, made), cwd, { recursive: true });
  const archived = join(cwd, "db", "migrations", "applied_migrations");
  const args = example.args.map((a) => substitute(a, archived));
  if (args[0] === "@file") return normalize(readFileSync(join(cwd, args[1] as string), "utf8").trimEnd(), cwd);
  if (example.tui) {
    const { size, steps } = example.tui;
    const screen = await captureTui(id, [...PORMG, ...args], cwd, size, runEnv(example.env), steps);
    // The tab row shortens a long target in the middle, cutting the scratch path anywhere: show it whole.
    return normalize(screen, cwd, true).replace(/^(.* · sqlite:)\S+$/m, "$1/srv/app/db/dev.sqlite");
  }
  const runs = [{ args, exit: example.exit }, ...(example.then ?? [])];
  const out: string[] = [];
  for (const run of runs) out.push(...show(id, example, run.args, run.exit ?? 0, cwd));
  return normalize(out.join("\n"), cwd);
}

/** One run of an example: its prompt (if shown) and output. */
function show(id: string, example: Example, args: readonly string[], exit: number, cwd: string): string[] {
  const r = pormg(args, cwd, example.env);
  if (r.code !== exit)
    throw new Error(`example ${id}: pormg ${args.join(" ")} exited ${r.code}, not ${exit}: ${r.stderr}`);
  const shown = args.map((a) => (/[\s"'$]/.test(a) ? `"${a}"` : a)).join(" ");
  const vars = Object.entries(example.env ?? {}).map(([k, v]) => `${k}=${v} `);
  const prompt = example.show === "cat-v" ? `$ ${vars.join("")}pormg ${shown} | cat -v` : `$ pormg ${shown}`;
  const stdout = example.show === "cat-v" ? catV(r.stdout).trimEnd() : r.stdout.trimEnd();
  const stderr = r.stderr.trim() ? [r.stderr.trimEnd()] : [];
  return [
    ...(example.prompt ? [prompt] : []),
    ...(example.stderr === "before" ? stderr : []),
    stdout,
    ...(example.stderr === "after" ? stderr : []),
  ];
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
