import { isPormgError, PormgError } from "../core/errors.ts";
import { encodeFlags, encodeLossy, encodeText } from "./header-values.ts";
import { PLAN_FORMAT_VERSION, type PlanDocument } from "./plan-document.ts";
import type { PlanFileDialect } from "./plan-file-dialect.ts";
import { canonicalStepSql, readPlan } from "./read-plan.ts";

/**
 * Writes a plan document as plan file text (docs/design.md §5): the header — format marker, version, name,
 * dialect, models hash, one `-- pormg-schema-table: <fingerprint> <table>` line per table read, one
 * `-- pormg-lossy: <json>` line per lossy finding, and last `-- pormg-generated-checksum:` — then
 * each step as `-- step: <label>`, a `-- pormg-step-flags: <json>` line when the step is destructive,
 * non-transactional, a SQLite rebuild (with the planner's reasons, when it gives them) or the drop
 * half of a constraint re-creation (`recreate`), and its
 * SQL, in the order given (pormg gives them in execution order, so in a plan it wrote file order is
 * execution order); the text ends with a newline. Labels, the name and table names that would not
 * survive a line verbatim are written as JSON strings.
 *
 * Pure. Throws PormgError `INTERNAL` (a bug in the caller) when the document is not one `readPlan`
 * would give back: no steps, step SQL with CR, leading blank lines or trailing whitespace, or SQL
 * that does not read back as the same steps.
 */
export function writePlan(doc: PlanDocument, dialects: readonly PlanFileDialect[]): string {
  if (doc.steps.length === 0) throw internal("a plan needs at least one step");
  const lines = [
    `-- pormg-migration-format: ${PLAN_FORMAT_VERSION}`,
    `-- pormg-version: ${doc.version}`,
    `-- pormg-name: ${encodeText(doc.name)}`,
    `-- pormg-dialect: ${doc.dialect}`,
    `-- pormg-models-hash: ${doc.modelsHash}`,
    ...doc.tables.map((t) => `-- pormg-schema-table: ${t.fingerprint} ${encodeText(t.name)}`),
    ...doc.lossy.map((f) => `-- pormg-lossy: ${encodeLossy(f)}`),
    `-- pormg-generated-checksum: ${doc.generatedChecksum}`,
    ...(doc.appliedChecksum !== undefined ? [`-- pormg-applied-checksum: ${doc.appliedChecksum}`] : []),
  ];
  for (const step of doc.steps) {
    if (step.sql.includes("\r") || canonicalStepSql(step.sql) !== step.sql || step.sql === "") {
      throw internal(
        `step ${JSON.stringify(step.label)} has SQL that is empty, has CR line endings or surrounding blank space`,
      );
    }
    lines.push(`-- step: ${encodeText(step.label)}`);
    const flags = encodeFlags({
      destructive: step.destructive,
      transactional: step.transactional,
      ...(step.rebuild && { rebuild: step.rebuild.table }),
      ...(step.reasons && { reasons: step.reasons }),
      ...(step.recreate && { recreate: true as const }),
    });
    if (flags !== undefined) lines.push(`-- pormg-step-flags: ${flags}`);
    lines.push(step.sql);
  }
  const text = `${lines.join("\n")}\n`;
  checkReadsBack(doc, text, dialects);
  return text;
}

/** Reads the written text back and checks the header and every step's label and SQL survived. */
function checkReadsBack(doc: PlanDocument, text: string, dialects: readonly PlanFileDialect[]): void {
  let back: PlanDocument;
  try {
    back = readPlan(text, "<written plan>", dialects);
  } catch (e) {
    if (isPormgError(e, "PLAN_MALFORMED")) throw internal(`pormg wrote a plan it cannot read back: ${e.message}`);
    throw e;
  }
  const same =
    back.version === doc.version &&
    back.name === doc.name &&
    back.dialect === doc.dialect &&
    back.steps.length === doc.steps.length &&
    back.steps.every((s, i) => s.label === doc.steps[i]?.label && s.sql === doc.steps[i]?.sql) &&
    JSON.stringify(back.tables) ===
      JSON.stringify(doc.tables.map((t) => ({ name: t.name, fingerprint: t.fingerprint })));
  if (!same) throw internal("the written plan does not read back as the same steps");
}

function internal(what: string): PormgError {
  return new PormgError(
    "INTERNAL",
    `Cannot write the plan: ${what}. This is an internal error; please report it with the models and the command that led to it.`,
  );
}
