import type { PlanStep } from "../../schema/operation.ts";
import { isKeyword } from "../../sql/token-predicates.ts";
import { type Token, tokenize } from "../../sql/tokenize.ts";
import { mysqlSql } from "./mysql-sql.ts";

/**
 * Several changes to one table in one `ALTER TABLE` (the Renderer's `combine`): a run of adjacent
 * steps that each are one `ALTER TABLE t ADD COLUMN | ADD CONSTRAINT | MODIFY COLUMN …` or `CREATE
 * INDEX … ON t` statement on the same table becomes one step (a CREATE INDEX as its `ADD INDEX`
 * action; a step left alone keeps its statement as rendered), `ALTER TABLE t <action>, <action> …;`, labelled with the
 * steps' labels joined by `; `. InnoDB rebuilds a table once per ALTER TABLE, so this copies a large
 * table once instead of once per change, and an ALTER TABLE applies whole or not at all, so the
 * combined step is still one unit a failure stops before.
 *
 * Only what adds or restates is combined: a step with DROP, RENAME or CHANGE anywhere in its
 * statement (outside strings and names) stays alone — MySQL resolves the names in one statement's
 * actions against the table as it was, so a rename or a drop next to other actions could read
 * differently — and so does a destructive step, a step with reasons, or a multi-statement step
 * (the temporary default of a new NOT NULL datetime). Steps are never reordered: only neighbours,
 * already in the planner's dependency order, are joined.
 */
export function combineAlterSteps(steps: readonly PlanStep[]): PlanStep[] {
  const out: PlanStep[] = [];
  let run: { table: string; head: string; actions: string[]; steps: PlanStep[] } | undefined;
  const flush = () => {
    if (run === undefined) return;
    out.push(run.steps.length === 1 ? (run.steps[0] as PlanStep) : joined(run.head, run.actions, run.steps));
    run = undefined;
  };
  for (const step of steps) {
    const alter = combinable(step);
    if (alter === undefined) {
      flush();
      out.push(step);
      continue;
    }
    if (run !== undefined && run.table === alter.table && run.steps[0]?.transactional === step.transactional) {
      run.actions.push(alter.actions);
      run.steps.push(step);
      continue;
    }
    flush();
    run = { table: alter.table, head: alter.head, actions: [alter.actions], steps: [step] };
  }
  flush();
  return out;
}

/**
 * The key of the table (its name and its label's table), the `ALTER TABLE t` head and the actions
 * of a step this can combine; else undefined.
 */
function combinable(step: PlanStep): { table: string; head: string; actions: string } | undefined {
  if (step.destructive || step.reasons !== undefined || step.rebuild !== undefined || step.recreate) return undefined;
  const tokens = tokenize(step.sql, mysqlSql).filter((t) => t.kind !== "line_comment" && t.kind !== "block_comment");
  const semicolons = tokens.filter((t) => t.kind === "punctuation" && t.text === ";");
  if (semicolons.length !== 1 || tokens.at(-1) !== semicolons[0]) return undefined;
  if (tokens.some((t) => ["DROP", "RENAME", "CHANGE"].some((k) => isKeyword(t, k)))) return undefined;
  const prefix = step.label.indexOf(" | ");
  if (prefix < 0) return undefined;
  const end = (tokens.at(-1) as Token).start;
  const key = (table: string) => `${table}\u0000${step.label.slice(0, prefix)}`;
  const index = createIndex(tokens);
  if (index !== undefined) {
    const { kind, name, table, rest } = index;
    return {
      table: key(table.value),
      head: `ALTER TABLE ${table.text}`,
      actions: `ADD ${kind}INDEX ${name.text} ${step.sql.slice(rest.start, end).trimEnd()}`,
    };
  }
  const [alter, table, name, first, second] = tokens;
  if (!isKeyword(alter, "ALTER") || !isKeyword(table, "TABLE") || name?.kind !== "quoted_identifier") return undefined;
  const adds = isKeyword(first, "ADD") && (isKeyword(second, "COLUMN") || isKeyword(second, "CONSTRAINT"));
  const modifies = isKeyword(first, "MODIFY") && isKeyword(second, "COLUMN");
  if (!adds && !modifies) return undefined;
  const start = (first as Token).start;
  return {
    table: key(name.value),
    head: step.sql.slice(0, start).trimEnd(),
    actions: step.sql.slice(start, end).trimEnd(),
  };
}

/**
 * `CREATE [UNIQUE | FULLTEXT | SPATIAL] INDEX name ON table (…)`: its kind (`UNIQUE ` … or empty),
 * name, table and the token its key list starts at — the same index as the ALTER TABLE action
 * `ADD [kind] INDEX name (…)` (MySQL maps CREATE INDEX to that ALTER TABLE); else undefined.
 */
function createIndex(tokens: readonly Token[]): { kind: string; name: Token; table: Token; rest: Token } | undefined {
  if (!isKeyword(tokens[0], "CREATE")) return undefined;
  let at = 1;
  const kind = ["UNIQUE", "FULLTEXT", "SPATIAL"].find((k) => isKeyword(tokens[at], k));
  if (kind !== undefined) at++;
  const [index, name, on, table, rest] = tokens.slice(at, at + 5);
  if (!isKeyword(index, "INDEX") || name?.kind !== "quoted_identifier" || !isKeyword(on, "ON")) return undefined;
  if (table?.kind !== "quoted_identifier" || rest === undefined) return undefined;
  return { kind: kind === undefined ? "" : `${kind} `, name, table, rest };
}

function joined(head: string, actions: readonly string[], steps: readonly PlanStep[]): PlanStep {
  const [first] = steps as [PlanStep];
  const table = first.label.slice(0, first.label.indexOf(" | "));
  const label = `${table} | ${steps.map((s) => s.label.slice(table.length + 3)).join("; ")}`;
  return { ...first, label, sql: `${head}\n  ${actions.join(",\n  ")};` };
}
