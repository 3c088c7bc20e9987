import { lossyCode } from "../plan/lossy-code.ts";
import { DATA_POST, DATA_PRE } from "../plan-file/execution-order.ts";
import { encodeLossy } from "../plan-file/header-values.ts";
import type { LossyFinding } from "../schema/operation.ts";
import type { CountedFinding } from "./count-findings.ts";

// An identifier as the count queries quote it: `"name"`, or `` `name` `` on MySQL.
const QUOTED = '(?:"(?:[^"]|"")+"|`(?:[^`]|``)+`)';
const COUNT_WHERE = new RegExp(String.raw`^SELECT count\(\*\) AS n FROM (${QUOTED}) WHERE ([\s\S]+)$`);
const IS_NULL = new RegExp(`^(${QUOTED}) IS NULL$`);

const place = (f: Pick<LossyFinding, "table" | "column">) => `${f.table}${f.column ? `.${f.column}` : ""}`;

/**
 * The `Data (pre):` step that would fix a finding's rows, as plan-file text to paste: a label and
 * one statement with a `<value>` (or `<…>`) placeholder to fill in. Built from the finding's count
 * query, which names the live table and column (what a pre step sees: it runs before any rename).
 */
export function preStepTemplate(finding: LossyFinding): string {
  const label = `-- step: ${DATA_PRE} fix ${place(finding)}`;
  const where = COUNT_WHERE.exec(finding.countSql ?? "");
  if (!where) {
    return [
      label,
      `-- Change or delete the rows this query counts: ${finding.countSql ?? "(none)"}`,
      "<UPDATE … or DELETE FROM … WHERE …>;",
    ].join("\n");
  }
  const [, table, predicate] = where as unknown as [string, string, string];
  const column = IS_NULL.exec(predicate)?.[1];
  if (column) return `${label}\nUPDATE ${table} SET ${column} = <value> WHERE ${predicate};`;
  return `${label}\nUPDATE ${table} SET <column> = <value> WHERE ${predicate};`;
}

/**
 * How to fix one failing precheck finding, as indented lines for the PRECHECK_FAILED message:
 * for a new NOT NULL column the models option that fixes it; for a finding handled by a pre step
 * that still fails, that the step leaves rows; for any other counted finding the `Data (pre):`
 * step to paste into the plan and the finding's header line marked `"handled":"pre"`.
 */
export function precheckFix(finding: CountedFinding, planPath: string): string[] {
  const indent = (text: string) => text.split("\n").map((line) => `        ${line}`);
  if (lossyCode(finding) === "add_not_null") {
    return [
      `      fix: give the field on column "${finding.column ?? "?"}" of "${finding.table}" a default in the models — \`default: <value>\` or \`dbDefault: "<SQL>"\` — and run \`pormg makemigrations\` again;`,
      `      or declare it \`null: true\`, fill it with a \`${DATA_POST}\` step, and make it NOT NULL in the next migration.`,
      "      (A new NOT NULL date or date-time column with no default gets PormG's temporary default instead: the time the migration runs.)",
    ];
  }
  if (finding.handled === "pre") {
    return [
      `      the ${DATA_PRE} steps leave ${finding.rows} row(s) that fail (${finding.rowsBefore ?? "?"} before them): fix the step's SQL.`,
    ];
  }
  if (finding.countSql === undefined) return [];
  return [
    `      fix: add a step that fixes these rows before the schema changes — append it to ${planPath} (a ${DATA_PRE} step runs first wherever it stands):`,
    ...indent(preStepTemplate(finding)),
    "      and mark the finding as handled by it: replace its header line with",
    ...indent(`-- pormg-lossy: ${encodeLossy({ ...finding, handled: "pre" })}`),
  ];
}
