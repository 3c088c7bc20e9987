/**
 * Validation of one field of one model: option names and types, option combinations, and what the
 * dialect supports. Each problem is one line naming the model, the field and the fix.
 */

import { didYouMeanHint } from "../core/did-you-mean.ts";
import { FIELD_OPTIONS, RESERVED_FIELD_NAMES } from "./field-options.ts";
import type { ModelDialect } from "./model-rules.ts";
import { optionHint } from "./option-hint.ts";
import {
  isRelation,
  keyFieldName,
  type ModelEntry,
  type ModelSet,
  primaryKeyFields,
  relationTargetField,
  resolveRef,
} from "./resolve.ts";
import { DEFAULT_MAX_LENGTH } from "./type-map.ts";
import { type Field, isField, type Model } from "./types.ts";

/** The network address field kinds (`ModelRules.networkTypes`). */
const NETWORK_KINDS = new Set(["GenericIPAddressField", "CIDRField"]);
/** Field kinds whose column can take a collation (text columns, and columns whose type is written out). */
const COLLATABLE_KINDS = new Set([
  "CharField",
  "TextField",
  "EmailField",
  "URLField",
  "SlugField",
  "PasswordField",
  "NativeField",
  "ForeignKey",
  "OneToOneField",
]);
const GIB = 1024 * 1024 * 1024;

/** Checks a field's name; returns problems without the `Model "X" field "y": ` prefix. */
export function fieldNameProblems(name: string): readonly string[] {
  let problems = nameProblems.get(name);
  if (problems === undefined) {
    problems = Object.freeze(readNameProblems(name));
    // Models repeat their field names (`id`, `created_at` …): each distinct name is checked once.
    if (nameProblems.size >= NAME_CACHE_SIZE) nameProblems.clear();
    nameProblems.set(name, problems);
  }
  return problems;
}

const nameProblems = new Map<string, readonly string[]>();
const NAME_CACHE_SIZE = 10_000;

function readNameProblems(name: string): string[] {
  if (name.startsWith("_"))
    return ["names starting with `_` are reserved; rename the field and keep the column with dbColumn"];
  if (name.includes("__")) return ["`__` is reserved for lookups; rename the field and keep the column with dbColumn"];
  if (RESERVED_FIELD_NAMES.includes(name))
    return [`"${name}" is a model option name; rename the field and keep the column with dbColumn: "${name}"`];
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    return ["a field name must be letters, digits and `_`, starting with a letter; keep the column with dbColumn"];
  return [];
}

/** Every problem with field `name` of model `entry` on `dialect`, as full message lines. */
export function fieldProblems(
  entry: ModelEntry,
  name: string,
  value: unknown,
  set: ModelSet,
  dialect: ModelDialect,
): string[] {
  const at = `Model "${entry.name}" field "${name}"`;
  if (!isField(value)) return [`${at}: is not a field; declare it with a Models.*Field(...) constructor`];
  const named = fieldNameProblems(name);
  const out = named.length === 0 ? [] : named.map((p) => `${at}: ${p}`);
  const f: Field = value;
  const o = f.options;
  const known = FIELD_OPTIONS[f.kind];
  for (const key of Object.keys(o)) {
    const v = o[key];
    const check = known[key];
    if (!check) {
      out.push(`${at}: unknown option "${key}" for ${f.kind}${optionHint(key, Object.keys(known))}; remove it`);
      continue;
    }
    const expected = v === undefined ? undefined : check(v);
    if (expected !== undefined) out.push(`${at}: option "${key}" must be ${expected}, got ${JSON.stringify(v)}`);
  }
  const say = (problem: string) => out.push(`${at}: ${problem}`);
  const m = dialect.models;
  const here = dialect.label;
  const isPk = primaryKeyFields(entry.model).includes(name);

  if (NETWORK_KINDS.has(f.kind) && !m.networkTypes)
    say(`${f.kind} exists only on PostgreSQL; use a CharField on ${here}`);
  if (!m.realFloats && o.real === true) say(`real: true exists only on PostgreSQL; remove it on ${here}`);
  if (!m.binaryJson && o.binary === true) say(`binary: true (jsonb) exists only on PostgreSQL; remove it on ${here}`);
  if (!m.identityKinds && (o.generatedAlways === true || o.serial === true))
    say(`generatedAlways and serial exist only on PostgreSQL; remove them on ${here}`);
  const identity = f.kind === "IDField" || (o.identity !== undefined && o.identity !== false);
  if (identity && typeof o.identity === "object" && o.identity !== null && !m.identityKinds) {
    const id = o.identity as { always?: unknown; serial?: unknown };
    if (id.always === true || id.serial === true)
      say("identity always/serial exist only on PostgreSQL; use identity: true");
  }
  if (identity && m.identityIsRowid && !(isPk && primaryKeyFields(entry.model).length === 1))
    say("on SQLite a generated key must be the only primary-key column (INTEGER PRIMARY KEY AUTOINCREMENT)");
  if (identity && (o.default !== undefined || o.dbDefault !== undefined))
    say("a generated (identity) column cannot have a default; remove default/dbDefault");
  if (o.default !== undefined && o.dbDefault !== undefined) say("default and dbDefault exclude each other; keep one");
  if (m.primaryKeysNotNull && isPk && o.null === true)
    say(`a primary-key column cannot be null on ${here}; remove null: true`);
  if (o.collation !== undefined && !COLLATABLE_KINDS.has(f.kind))
    say(`${f.kind} is not a text column, so it takes no collation; remove collation`);
  if (isRelation(f)) {
    if (o.deferred !== undefined && o.deferrable !== undefined)
      say("deferred and deferrable exclude each other; keep deferrable (it says the timing in full)");
    for (const key of ["deferrable", "match", "notValid"])
      if (!m.foreignKeyClauses && o[key] !== undefined) say(`${key} exists only on PostgreSQL; remove it on ${here}`);
  }
  if (isPk && f.kind === "IDField" && o.null === true) say("an IDField cannot be null");

  if (o.generated !== undefined) out.push(...generatedProblems(o, isPk, identity).map((p) => `${at}: ${p}`));
  if (f.kind === "CharField" && o.maxLength === null && !m.unboundedVarchar)
    say(`maxLength: null (a varchar without length) exists only on PostgreSQL; use a TextField on ${here}`);
  if (f.kind === "DateTimeField" || f.kind === "TimeField") {
    const p = o.precision;
    if (typeof p === "number" && Number.isInteger(p) && (p < 0 || p > 6))
      say(`precision is the number of fractional-second digits, 0 to 6, got ${p}`);
    if (!m.timePrecision && p !== undefined) say(`precision exists only on PostgreSQL; remove it on ${here}`);
  }
  if (f.kind === "TimeField" && o.withTimeZone === true && !m.timeZones)
    say(`withTimeZone: true (timetz) exists only on PostgreSQL; remove it on ${here}`);

  const maxLength = o.maxLength;
  if (typeof maxLength === "number" && Number.isInteger(maxLength)) {
    if (maxLength < 1) say(`maxLength must be at least 1, got ${maxLength}`);
    if (f.kind === "SlugField" && maxLength > 255) say(`a SlugField's maxLength is at most 255, got ${maxLength}`);
    if (f.kind === "PasswordField" && maxLength < 64)
      say(`a PasswordField's maxLength is at least 64, got ${maxLength}`);
    if (f.kind === "BinaryField" && maxLength > GIB)
      say(`a BinaryField's maxLength is at most 1 GiB, got ${maxLength}`);
  }
  const max = typeof maxLength === "number" ? maxLength : maxLength === null ? undefined : DEFAULT_MAX_LENGTH[f.kind];
  if (max !== undefined && typeof o.default === "string" && f.kind !== "BinaryField" && o.default.length > max)
    say(`default is longer than maxLength ${max}; shorten it or raise maxLength`);
  if (Array.isArray(o.choices) && o.default !== undefined) {
    const values = (o.choices as unknown[]).map((c) => (Array.isArray(c) ? c[0] : c));
    if (!values.includes(o.default))
      say(`default ${JSON.stringify(o.default)} is not one of its choices; add it or change it`);
  }
  if (f.kind === "DecimalField") {
    const digits = o.maxDigits === undefined ? 10 : o.maxDigits;
    const places = o.decimalPlaces === undefined ? 2 : o.decimalPlaces;
    if (typeof digits === "number" && digits < 1) say(`maxDigits must be at least 1, got ${digits}`);
    if (typeof digits === "number" && typeof places === "number" && places > digits)
      say(`decimalPlaces (${places}) is greater than maxDigits (${digits}); lower decimalPlaces or raise maxDigits`);
    if (digits === null && places !== null)
      say("decimalPlaces needs maxDigits; give maxDigits or set decimalPlaces: null too");
    const most = m.maxDecimalDigits;
    if (most !== undefined && typeof digits === "number" && digits > most)
      say(
        `SQLite stores decimals as 8-byte floats, so maxDigits is at most ${most} there, got ${digits}; ` +
          `lower it (a column declared with more digits is Models.NativeField({ type: "DECIMAL(${digits},…)" }))`,
      );
  }
  if (f.kind === "NativeField" && typeof o.type === "string") {
    // SQLite: the sole key declared `INT`, `BIGINT` … (not `INTEGER`) is not a rowid alias; only a NativeField keeps that.
    const keyNotAlias = isPk && primaryKeyFields(entry.model).length === 1 && m.keyTypeKeepsNative(o.type);
    const better = keyNotAlias ? undefined : m.knownTypeField(o.type);
    if (better) say(`type "${o.type}" is a type pormg knows; use Models.${better}(...) instead of NativeField`);
    if (!m.typelessColumns && o.type.trim() === "")
      say(`a ${here} column needs a type; give NativeField a type, e.g. { type: "macaddr" }`);
  }
  if (f.kind === "NativeField" && o.type === undefined) say('NativeField needs a type, e.g. { type: "macaddr" }');
  if (m.fieldProblems) for (const problem of m.fieldProblems(f, isPk)) say(problem);
  if (isRelation(f) || f.kind === "ManyToManyField") out.push(...relationProblems(at, entry, f, set));
  return out;
}

/** Whether `fields` are exactly the model's primary key and it is declared deferrable. */
export function deferrableKey(model: Model, fields: readonly unknown[]): boolean {
  const pk = model.options.primaryKey as { fields?: unknown; deferrable?: unknown } | undefined;
  if (pk === undefined || Array.isArray(pk) || pk.deferrable === undefined || !Array.isArray(pk.fields)) return false;
  return pk.fields.length === fields.length && pk.fields.every((f) => fields.includes(keyFieldName(f)));
}

/** The problems of a `generated` option: it excludes defaults, identity and the primary key. */
function generatedProblems(o: Readonly<Record<string, unknown>>, isPk: boolean, identity: boolean): string[] {
  if (o.generated === undefined) return [];
  const out: string[] = [];
  if (o.default !== undefined || o.dbDefault !== undefined)
    out.push("a generated column cannot have a default; remove default/dbDefault or generated");
  if (identity) out.push("a generated column cannot be an identity; remove identity or generated");
  if (isPk) out.push("a generated column cannot be part of the primary key; remove primaryKey or generated");
  if (o.autoNow === true || o.autoNowAdd === true)
    out.push("a generated column is computed by the database; remove autoNow/autoNowAdd or generated");
  return out;
}

function relationProblems(at: string, entry: ModelEntry, f: Field, set: ModelSet): string[] {
  const out: string[] = [];
  const o = f.options;
  const target = resolveRef(f.to, entry, set);
  const refText = typeof f.to === "string" ? `"${f.to}"` : "a model value";
  if (!target) {
    const hint = typeof f.to === "string" ? didYouMeanHint(f.to, [...set.byName.keys()]) : "";
    out.push(`${at}: references ${refText}, which is not an exported model${hint}; export it or fix the name`);
    return out;
  }
  if (f.kind === "ManyToManyField") {
    if (o.through !== undefined && !resolveRef(o.through as string, entry, set))
      out.push(`${at}: through model is not an exported model; export it or fix the name`);
    for (const end of [entry, target])
      if (o.through === undefined && primaryKeyFields(end.model).length !== 1)
        out.push(
          `${at}: model "${end.name}" needs a single-column primary key for an automatic join table; use through`,
        );
    return out;
  }
  if (o.onDelete === "SET_NULL" && o.null !== true)
    out.push(`${at}: onDelete "SET_NULL" needs null: true; add null: true or choose another onDelete`);
  if (o.onDelete === "SET_DEFAULT" && o.default === undefined && o.dbDefault === undefined)
    out.push(`${at}: onDelete "SET_DEFAULT" needs a default; add default or choose another onDelete`);
  if (o.onUpdate === "SET_NULL" && o.null !== true)
    out.push(`${at}: onUpdate "SET_NULL" needs null: true; add null: true or choose another onUpdate`);
  const targetField = relationTargetField(f, target);
  if (targetField === undefined)
    out.push(`${at}: model "${target.name}" has no single-column primary key to reference; give pkField`);
  else if (!target.model.fields[targetField] || target.model.fields[targetField]?.kind === "ManyToManyField")
    out.push(
      `${at}: pkField "${targetField}" is not a field of model "${target.name}"${didYouMeanHint(targetField, Object.keys(target.model.fields))}`,
    );
  if (o.dbConstraint !== false && targetField !== undefined && deferrableKey(target.model, [targetField]))
    out.push(
      `${at}: references the deferrable primary key of model "${target.name}"; PostgreSQL cannot reference a deferrable key, so drop deferrable there or add dbConstraint: false`,
    );
  if (!target.managed && entry.managed && o.dbConstraint !== false)
    out.push(`${at}: references unmanaged model "${target.name}"; add dbConstraint: false`);
  return out;
}
