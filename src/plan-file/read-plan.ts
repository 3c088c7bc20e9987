import type { PlanStep } from "../schema/operation.ts";
import { type ClassifiedStatement, classifyStatements } from "../sql/classify.ts";
import { statementsOf } from "../sql/split-statements.ts";
import { type Token, tokenize } from "../sql/tokenize.ts";
import { checkDataStep, checkHandled } from "./data-step-rules.ts";
import { decodeFlags, decodeText, type StepFlags } from "./header-values.ts";
import { lineOf, lineStarts, malformed } from "./malformed.ts";
import { PLAN_FORMAT_VERSION, type PlanDocument } from "./plan-document.ts";
import { type PlanFileDialect, rebuildsTables } from "./plan-file-dialect.ts";
import { decodePlanText, readHeader } from "./read-header.ts";
import { stepStatements } from "./step-statements.ts";

const STEP = "-- step:";
const FLAGS = "-- pormg-step-flags:";

/**
 * Reads a plan file strictly, as data: nothing in it is executed or evaluated. `input` is the file's
 * bytes (checked to be UTF-8) or its text; `path` names it in errors. Every deviation from the
 * format `writePlan` writes — a missing or unknown format marker, a bad, unknown or duplicate
 * header line, header lines after the first step, SQL before it, an empty step, an unterminated
 * string or comment, a step whose last statement lacks its `;`, transaction control inside a step,
 * binary garbage — throws PormgError `PLAN_MALFORMED` with `<path>:<line>: <what>. <fix>`.
 *
 * Step flags are never weaker than what the SQL tokenizer finds: a step is destructive when its
 * `-- pormg-step-flags:` line says so or any statement in it is (`planStatements`: the tokenizer,
 * except for the drops a SQLite rebuild restores in the same step, judged by the planner's verdict
 * and checked again at apply), and transactional only when both agree, so an edited flags line
 * cannot hide a DROP.
 *
 * Data steps: a label that reads like one (`^\s*data\s*\(`, any case) must
 * start exactly `Data (pre):` or `Data (post):` — unless it is a generated label of a table whose
 * name starts that way; a `Data (pre):` step must be transactional (it runs inside the plan's
 * transaction, before the schema steps). A lossy finding marked `"handled":"pre"` must be a
 * counted `rows` finding that a pre step can fix (not a new NOT NULL column), in a plan that has
 * a `Data (pre):` step. Steps are returned in file order; `executionOrder` gives the run order.
 * `options.applied` reads a plan that already ran (an archive checked against the history): the
 * data-step rules, which guard what is about to run, are not applied to it then. `dialects` are the
 * known dialects (the registered ones): the header must name one of them.
 */
export function readPlan(
  input: string | Uint8Array,
  path: string,
  dialects: readonly PlanFileDialect[],
  options: { readonly applied?: boolean } = {},
): PlanDocument {
  const text = decodePlanText(input, path);
  const lines = text.split("\n");
  const header = readHeader(
    lines,
    path,
    dialects.map((d) => d.name),
  );
  const dialect = dialects.find((d) => d.name === header.dialect) as PlanFileDialect;
  const bodyStart = lines.slice(0, header.bodyLine).reduce((n, line) => n + line.length + 1, 0);
  const dataRules = options.applied !== true;
  const steps = readSteps(text.slice(bodyStart), header.bodyLine, dialect, dialects, path, dataRules);
  if (dataRules) checkHandled(header.lossy, header.lossyLines, steps, path);
  if (steps.length === 0) {
    throw malformed(
      path,
      lines.length,
      "the plan has no step: steps start with a line `-- step: <label>`",
      "Regenerate the plan with `pormg makemigrations`; a plan with nothing to do is not written.",
    );
  }
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    version: header.version,
    name: header.name,
    dialect: header.dialect,
    modelsHash: header.modelsHash,
    tables: header.tables,
    lossy: header.lossy,
    generatedChecksum: header.generatedChecksum,
    ...(header.appliedChecksum !== undefined && { appliedChecksum: header.appliedChecksum }),
    steps,
  };
}

interface RawStep {
  readonly label: string;
  readonly labelLine: number;
  /** Offset of the label comment in the body. */
  readonly labelAt: number;
  flags?: StepFlags;
  /** Offset in the body where the step's SQL starts (after its label and flags lines). */
  sqlFrom: number;
  sqlTo: number;
  /** The step's last token that is not a comment (body offsets), read in the body's one tokenization. */
  last?: Token;
  /** The step's tokens after its label (and flags) line, from the body's one tokenization. */
  readonly tokens: Token[];
}

const describeUnterminated: Readonly<Record<string, string>> = {
  string: "string literal",
  quoted_identifier: "quoted identifier",
  block_comment: "block comment",
};

/** Splits the body (from the first `-- step:` line) into steps, using the tokenizer so strings and comments never split. */
function readSteps(
  body: string,
  firstLine: number,
  dialect: PlanFileDialect,
  dialects: readonly PlanFileDialect[],
  path: string,
  dataRules: boolean,
): PlanStep[] {
  const starts = lineStarts(body);
  const lineAt = (offset: number) => firstLine + lineOf(starts, offset);
  const raw: RawStep[] = [];
  let previous: Token | undefined;
  for (const t of tokenize(body, dialect.sql)) {
    if (t.unterminated) {
      throw malformed(
        path,
        lineAt(t.start),
        `unterminated ${describeUnterminated[t.kind] ?? t.kind} that starts here runs to the end of the file (is the file truncated?)`,
        "Close it, or move the plan aside with `pormg discard` and regenerate it with `pormg makemigrations`.",
      );
    }
    const before = previous;
    previous = t;
    const owner = raw[raw.length - 1];
    if (t.kind !== "line_comment") {
      if (owner) {
        if (t.kind !== "block_comment") owner.last = t;
        owner.tokens.push(t);
      }
      continue;
    }
    const lineStart = (starts[lineOf(starts, t.start) - 1] as number) ?? 0;
    if (body.slice(lineStart, t.start).trim() !== "") {
      owner?.tokens.push(t);
      continue;
    }
    const atColumn1 = lineStart === t.start;
    const text = t.text.trimEnd();
    const n = lineAt(t.start);
    if (atColumn1 && text.startsWith(STEP)) {
      const current = raw[raw.length - 1];
      if (current) current.sqlTo = t.start;
      raw.push({
        label: readLabel(text, path, n),
        labelLine: n,
        labelAt: t.start,
        sqlFrom: t.end + 1,
        sqlTo: body.length,
        tokens: [],
      });
    } else if (/^--\s*step\s*:/i.test(text)) {
      throw malformed(path, n, "malformed step label: a step starts with a line `-- step: <label>` at column 1");
    } else if (atColumn1 && text.startsWith(FLAGS)) {
      const current = raw[raw.length - 1];
      if (!current || before?.start !== current.labelAt || body.slice(before.end, t.start) !== "\n") {
        throw malformed(path, n, "`-- pormg-step-flags:` must directly follow its step's `-- step:` line");
      }
      const flags = decodeFlags(text.slice(FLAGS.length).trim());
      if (typeof flags === "string") throw malformed(path, n, `\`-- pormg-step-flags:\` is invalid: ${flags}`);
      if (flags.rebuild !== undefined && !rebuildsTables(dialect)) {
        const rebuilders = dialects.filter(rebuildsTables).map((d) => d.label);
        throw malformed(path, n, `a \`rebuild\` step flag is only valid in a ${rebuilders.join(" or ")} plan`);
      }
      current.flags = flags;
      current.sqlFrom = t.end + 1;
    } else if (/^--\s*pormg-/i.test(text)) {
      throw malformed(
        path,
        n,
        "header line after the first step",
        "Move it to the header at the top of the file, above the first `-- step:` line.",
      );
    } else owner?.tokens.push(t);
  }
  const built = raw.map((step) => buildStep(step, body, lineAt, dialect, path, dataRules));
  return classified(built, dialect);
}

function readLabel(text: string, path: string, n: number): string {
  const rest = text.slice(STEP.length);
  if (rest.trim() !== "" && !rest.startsWith(" ")) {
    throw malformed(path, n, "malformed step label: a step starts with a line `-- step: <label>` at column 1");
  }
  const label = decodeText(rest.trim());
  if (label === undefined) throw malformed(path, n, `step label ${rest.trim()} is not a valid quoted string`);
  if (label === "") throw malformed(path, n, "the step has no label: write `-- step: <label>`");
  return label;
}

/** The canonical form of a step's SQL, as `readPlan` returns it: no leading blank lines, no trailing whitespace. */
export function canonicalStepSql(sql: string): string {
  return sql.replace(/^(?:[ \t]*\n)+/, "").trimEnd();
}

function buildStep(
  step: RawStep,
  body: string,
  lineAt: (offset: number) => number,
  dialect: PlanFileDialect,
  path: string,
  dataRules: boolean,
): BuiltStep {
  const region = body.slice(Math.min(step.sqlFrom, step.sqlTo), step.sqlTo);
  const withoutBlankLines = region.replace(/^(?:[ \t]*\n)+/, "");
  const sql = withoutBlankLines.trimEnd();
  const name = JSON.stringify(step.label);
  if (sql === "") {
    throw malformed(path, step.labelLine, `step ${name} has no SQL (is the file truncated?)`);
  }
  const offset = step.sqlFrom + region.length - withoutBlankLines.length;
  // The step's tokens as the body's one tokenization read them, split and classified here (the
  // same statements `classifySql(sql)` finds: the step's SQL is a run of whole tokens of the body).
  const statements = classifyStatements(statementsOf(body, step.tokens, dialect.sql), dialect.sql, offset);
  if (statements.length === 0) throw malformed(path, step.labelLine, `step ${name} holds only comments, no SQL`);
  const last = step.last as Token;
  if (!(last.kind === "punctuation" && last.text === ";")) {
    throw malformed(
      path,
      lineAt(last.start),
      `the last statement of step ${name} does not end with \`;\` (is the file truncated?)`,
      "End the statement with `;`, or move the plan aside with `pormg discard` and regenerate it with `pormg makemigrations`.",
    );
  }
  for (const s of statements) {
    const line = lineAt(offset + s.start);
    if (s.transactionControl) {
      throw malformed(
        path,
        line,
        `step ${name} holds \`${s.verb}\`: pormg runs the plan in one transaction and opens and ends it itself`,
        "Remove the statement.",
      );
    }
    if (!s.transactional && statements.length > 1) {
      throw malformed(
        path,
        line,
        `step ${name} holds a statement that cannot run inside a transaction together with other statements`,
        "Give that statement a step of its own.",
      );
    }
  }
  const flags = step.flags ?? { destructive: false, transactional: true };
  if (dataRules) checkDataStep(step, flags.transactional && statements.every((s) => s.transactional), path);
  // `destructive` as the flags line says; `classified` adds what the statements say.
  // Built field by field (no spread of optional parts), in the order of `PlanStep`.
  const fields: Record<string, unknown> = { label: step.label, sql, destructive: flags.destructive };
  if (flags.rebuild !== undefined) fields.rebuild = { table: flags.rebuild };
  if (flags.reasons !== undefined) fields.reasons = flags.reasons;
  fields.transactional = flags.transactional && statements.every((s) => s.transactional);
  if (flags.recreate) fields.recreate = true;
  const built = fields as unknown as PlanStep;
  return { step: built, statements };
}

/** A step as read, with its statements as `classifySql` classified them (so they are classified once). */
interface BuiltStep {
  readonly step: PlanStep;
  readonly statements: readonly ClassifiedStatement[];
}

/**
 * The steps with `destructive` never weaker than their statements (`planStatements`: the tokenizer,
 * the planner's verdict on a SQLite rebuild, a constraint the plan drops and adds back).
 */
function classified(built: readonly BuiltStep[], dialect: PlanFileDialect): PlanStep[] {
  // What `planStatements` gives for each step, one step at a time (its statements already classified).
  return built.map(({ step, statements }) =>
    step.destructive || !stepStatements(step, dialect, statements).some((c) => c.destructive)
      ? step
      : { ...step, destructive: true },
  );
}
