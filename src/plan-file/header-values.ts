import type { LossyFinding } from "../schema/operation.ts";

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Encodes a free-text value (a label, a name, a table name) so it fits on one line of the plan
 * file and reads back unchanged: verbatim when that is unambiguous, else as a JSON string literal
 * (starting with `"`). Verbatim needs no control characters or line separators, no leading or
 * trailing whitespace and no leading `"`.
 */
export function encodeText(value: string): string {
  const plain =
    value.length > 0 &&
    ![...value].some((ch) => ch < " " || (ch >= "\u007f" && ch <= "\u009f") || ch === "\u2028" || ch === "\u2029") &&
    value.trim() === value &&
    !value.startsWith('"') &&
    !loneSurrogate.test(value);
  return plain ? value : jsonLine(value);
}

/** Decodes {@link encodeText}; undefined when a quoted value is not one valid JSON string. */
export function decodeText(text: string): string | undefined {
  if (!text.startsWith('"')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** JSON on one line, with the line separators JSON leaves raw escaped too. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

/** Encodes a lossy finding as the JSON after `-- pormg-lossy: `, keys in a fixed order. */
export function encodeLossy(finding: LossyFinding): string {
  return jsonLine({
    table: finding.table,
    ...(finding.column !== undefined && { column: finding.column }),
    kind: finding.kind,
    reason: finding.reason,
    ...(finding.countSql !== undefined && { countSql: finding.countSql }),
    ...(finding.handled !== undefined && { handled: finding.handled }),
  });
}

const lossyKeys = new Set(["table", "column", "kind", "reason", "countSql", "handled"]);

/** Decodes the JSON of a `-- pormg-lossy:` line; returns what is wrong as a string when it is not a finding. */
export function decodeLossy(text: string): LossyFinding | string {
  const value = parseObject(text);
  if (typeof value === "string") return value;
  const unknown = Object.keys(value).find((k) => !lossyKeys.has(k));
  if (unknown !== undefined) return `unknown key "${unknown}" (known: ${[...lossyKeys].join(", ")})`;
  const { table, column, kind, reason, countSql, handled } = value;
  if (typeof table !== "string" || table === "") return `"table" must be a non-empty string`;
  if (column !== undefined && (typeof column !== "string" || column === "")) {
    return `"column" must be a non-empty string`;
  }
  if (kind !== "rows" && kind !== "silent") return `"kind" must be "rows" or "silent"`;
  if (typeof reason !== "string" || reason === "") return `"reason" must be a non-empty string`;
  if (countSql !== undefined && (typeof countSql !== "string" || countSql === "")) {
    return `"countSql" must be a non-empty string`;
  }
  if (handled !== undefined && handled !== "pre") return `"handled" must be "pre" (a Data (pre) step fixes the rows)`;
  return {
    table,
    ...(column !== undefined && { column }),
    kind,
    reason,
    ...(countSql !== undefined && { countSql }),
    ...(handled !== undefined && { handled }),
  };
}

/** The flags of a generated step as written on its `-- pormg-step-flags:` line. */
export interface StepFlags {
  readonly destructive: boolean;
  readonly transactional: boolean;
  readonly rebuild?: string;
  /** Why the planner judged the step destructive (a SQLite rebuild's dropped columns …). */
  readonly reasons?: readonly string[];
  /** The drop half of a constraint re-creation (`PlanStep.recreate`). */
  readonly recreate?: true;
}

/** Encodes step flags as the JSON after `-- pormg-step-flags: `, or undefined when all are defaults. */
export function encodeFlags(flags: StepFlags): string | undefined {
  const reasons = flags.reasons ?? [];
  if (
    !flags.destructive &&
    flags.transactional &&
    flags.rebuild === undefined &&
    reasons.length === 0 &&
    flags.recreate === undefined
  )
    return undefined;
  return jsonLine({
    ...(flags.destructive && { destructive: true }),
    ...(!flags.transactional && { transactional: false }),
    ...(flags.rebuild !== undefined && { rebuild: flags.rebuild }),
    ...(reasons.length > 0 && { reasons }),
    ...(flags.recreate && { recreate: true }),
  });
}

const flagKeys = new Set(["destructive", "transactional", "rebuild", "reasons", "recreate"]);

/** Decodes the JSON of a `-- pormg-step-flags:` line; returns what is wrong as a string when it is invalid. */
export function decodeFlags(text: string): StepFlags | string {
  const value = parseObject(text);
  if (typeof value === "string") return value;
  const unknown = Object.keys(value).find((k) => !flagKeys.has(k));
  if (unknown !== undefined) return `unknown key "${unknown}" (known: ${[...flagKeys].join(", ")})`;
  const { destructive = false, transactional = true, rebuild, reasons, recreate } = value;
  if (typeof destructive !== "boolean") return `"destructive" must be true or false`;
  if (typeof transactional !== "boolean") return `"transactional" must be true or false`;
  if (rebuild !== undefined && (typeof rebuild !== "string" || rebuild === "")) {
    return `"rebuild" must be a non-empty table name`;
  }
  const texts = (list: unknown): list is string[] =>
    Array.isArray(list) && list.length > 0 && list.every((r) => typeof r === "string" && r !== "");
  if (reasons !== undefined && !texts(reasons)) return `"reasons" must be a non-empty list of non-empty strings`;
  if (recreate !== undefined && recreate !== true) return `"recreate" must be true`;
  return {
    destructive,
    transactional,
    ...(rebuild !== undefined && { rebuild }),
    ...(reasons !== undefined && { reasons }),
    ...(recreate === true && { recreate: true as const }),
  };
}

function parseObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  return value as Record<string, unknown>;
}
