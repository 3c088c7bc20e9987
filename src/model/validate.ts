/**
 * Validation at load: every problem in a set of exported models, collected and reported together
 * (one line each, naming the model, the field and the fix) as one `MODEL_INVALID` error (exit 78).
 */

import { didYouMeanHint } from "../core/did-you-mean.ts";
import { PormgError } from "../core/errors.ts";
import { CLAUSE_OPTIONS, MODEL_OPTIONS, ON_DELETE, ON_UPDATE } from "./field-options.ts";
import { joinTableDeclarations } from "./join-tables.ts";
import type { ModelDialect } from "./model-rules.ts";
import { optionHint } from "./option-hint.ts";
import {
  columnOf,
  hasColumn,
  isRelation,
  type ModelEntry,
  type ModelSet,
  modelSet,
  primaryKeyFields,
  relationTargetField,
  resolveRef,
} from "./resolve.ts";
import { type Field, isField, type Model } from "./types.ts";
import {
  CLAUSES,
  CONSTRAINT_OPTIONS,
  clauseProblems,
  INDEX_OPTIONS,
  indexKeyProblems,
  keyFieldProblems,
  PRIMARY_KEY_OPTIONS,
  unknownOptionProblems,
} from "./validate-clauses.ts";
import { deferrableKey, fieldProblems } from "./validate-field.ts";

/** Every problem in `models` (`{ exportName: model }`) for `dialect`, one message line each. */
export function validateModels(models: Readonly<Record<string, Model>>, dialect: ModelDialect): string[] {
  const set = modelSet(models);
  const out: string[] = [];
  const seenValues = new Map<Model, string>();
  for (const entry of set.entries) {
    const other = seenValues.get(entry.model);
    if (other !== undefined)
      out.push(`Model "${entry.name}": is the same model as "${other}" exported twice; export each model once`);
    seenValues.set(entry.model, entry.name);
    out.push(...modelProblems(entry, set, dialect));
  }
  // Names may compare case-insensitively (SQLite): "Users" and "users" are one table there.
  const insensitive = dialect.capabilities.identifierCase === "insensitive";
  const key = (name: string) => (insensitive ? name.toLowerCase() : name);
  const tables = new Map<string, { owner: string; table: string }>();
  const claim = (table: string, owner: string) => {
    const previous = tables.get(key(table));
    if (previous === undefined) tables.set(key(table), { owner, table });
    else if (previous.table === table)
      out.push(`${owner}: table "${table}" is also the table of ${previous.owner}; give one of them another dbTable`);
    else
      out.push(
        `${owner}: table "${table}" is the same table as "${previous.table}" of ${previous.owner} on SQLite, which ignores the case of names; give one of them another dbTable`,
      );
  };
  for (const entry of set.entries) claim(entry.table, `Model "${entry.name}"`);
  for (const j of joinTableDeclarations(set))
    claim(j.table, `Model "${j.owner.name}" field "${j.fieldName}" join table`);
  return out;
}

/** The problems of the SQLite table options `strict` and `withoutRowid` of one model. */
function tableOptionProblems(at: string, model: Model, dialect: ModelDialect): string[] {
  const out: string[] = [];
  const o = model.options;
  for (const key of ["strict", "withoutRowid"] as const) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== "boolean") out.push(`${at}: ${key} must be true or false`);
    else if (o[key] && !dialect.models.tableOptions) out.push(`${at}: ${key} exists only on SQLite; remove it`);
  }
  if (o.withoutRowid === true && dialect.models.tableOptions) {
    if (primaryKeyFields(model).length === 0)
      out.push(`${at}: a WITHOUT ROWID table needs a primary key; declare one or remove withoutRowid`);
    for (const [name, f] of Object.entries(model.fields))
      if (isField(f) && (f.kind === "IDField" || (f.options.identity !== undefined && f.options.identity !== false)))
        out.push(
          `${at} field "${name}": a WITHOUT ROWID table has no AUTOINCREMENT key; use IntegerField({ primaryKey: true }) or remove withoutRowid`,
        );
  }
  return out;
}

/** Throws a `MODEL_INVALID` PormgError listing every problem, if there are any. */
export function assertValidModels(models: Readonly<Record<string, Model>>, dialect: ModelDialect): void {
  const problems = validateModels(models, dialect);
  if (problems.length === 0) return;
  throw new PormgError(
    "MODEL_INVALID",
    `${problems.length} problem${problems.length === 1 ? "" : "s"} in the models:\n${problems.join("\n")}`,
    { problems },
  );
}

function modelProblems(entry: ModelEntry, set: ModelSet, dialect: ModelDialect): string[] {
  const at = `Model "${entry.name}"`;
  const { model } = entry;
  const out: string[] = [];
  if (entry.name === "default") out.push(`${at}: a model must be a named export; export it as const <Name>`);
  else if (entry.name.startsWith("_"))
    out.push(`${at}: model names starting with \`_\` are reserved; rename the export`);
  const o = model.options;
  for (const key of Object.keys(o))
    if (!(MODEL_OPTIONS as readonly string[]).includes(key))
      out.push(`${at}: unknown model option "${key}"${optionHint(key, MODEL_OPTIONS)}; remove it`);
  if (o.dbTable !== undefined && (typeof o.dbTable !== "string" || o.dbTable === ""))
    out.push(`${at}: dbTable must be a non-empty string`);
  if (o.managed !== undefined && typeof o.managed !== "boolean") out.push(`${at}: managed must be true or false`);
  if (o.renamedFrom !== undefined && typeof o.renamedFrom !== "string") out.push(`${at}: renamedFrom must be a string`);
  out.push(...clauseProblems(`${at}:`, { storage: o.storage }, dialect));
  out.push(...tableOptionProblems(at, model, dialect));

  const insensitive = dialect.capabilities.identifierCase === "insensitive";
  const fieldKeys = Object.keys(model.fields);
  // The fields with a column, and whether two of them could share one: only through a dbColumn,
  // or (names compared ignoring case) a name with capitals. Otherwise the field names, distinct
  // keys of one object, are the columns, and no column needs looking up.
  const fieldNames: string[] = [];
  let mayCollide = false;
  for (const name of fieldKeys) {
    const f = model.fields[name];
    if (!isField(f) || !hasColumn(f)) continue;
    fieldNames.push(name);
    const dbColumn = f.options.dbColumn;
    if ((typeof dbColumn === "string" && dbColumn !== "") || (insensitive && name !== name.toLowerCase()))
      mayCollide = true;
  }
  const columns = new Map<string, string>();
  for (const name of fieldKeys) {
    const value = model.fields[name];
    out.push(...fieldProblems(entry, name, value, set, dialect));
    if (!mayCollide || !isField(value) || !hasColumn(value)) continue;
    const column = columnOf(name, value);
    // Names may compare case-insensitively (SQLite): "Name" and "name" are one column there.
    const columnKey = insensitive ? column.toLowerCase() : column;
    const previous = columns.get(columnKey);
    const caseOnly = previous !== undefined && columnOf(previous, model.fields[previous] as Field) !== column;
    if (previous !== undefined)
      out.push(
        `${at} field "${name}": column "${column}" is also the column of field "${previous}"${caseOnly ? " (SQLite ignores the case of names)" : ""}; give one a dbColumn`,
      );
    else columns.set(columnKey, name);
  }
  /** `keys`: index keys (`IndexKeySpec`, `"-name"`), key fields (`KeyFieldSpec`), or plain field names. */
  const checkFields = (where: string, names: unknown, keys: "index" | "key" | "names" = "names"): void => {
    const allowDesc = keys === "index";
    if (!Array.isArray(names) || names.length === 0) {
      out.push(`${at}: ${where} needs fields: a non-empty list of field names`);
      return;
    }
    for (const n of names) {
      if (allowDesc && typeof n === "object" && n !== null) {
        out.push(...indexKeyProblems(`${at}: ${where}`, n as Record<string, unknown>, fieldNames, dialect));
        continue;
      }
      if (keys === "key" && typeof n === "object" && n !== null) {
        out.push(...keyFieldProblems(`${at}: ${where}`, n as Record<string, unknown>, fieldNames, dialect));
        continue;
      }
      const name = typeof n === "string" && allowDesc && n.startsWith("-") ? n.slice(1) : n;
      if (typeof name !== "string" || !fieldNames.includes(name))
        out.push(
          `${at}: ${where} names unknown field ${JSON.stringify(n)}${typeof name === "string" ? didYouMeanHint(name, fieldNames) : ""}`,
        );
    }
  };

  /** `include` names fields of the model (its shape is checked with the other clauses). */
  const checkInclude = (where: string, names: unknown): void => {
    if (!Array.isArray(names)) return;
    for (const n of names)
      if (typeof n === "string" && !fieldNames.includes(n))
        out.push(`${at}: ${where} include names unknown field ${JSON.stringify(n)}${didYouMeanHint(n, fieldNames)}`);
  };

  const pk = o.primaryKey;
  if (pk !== undefined) {
    const pkFields = Array.isArray(pk) ? pk : (pk as { fields?: unknown } | null)?.fields;
    checkFields("primaryKey", pkFields, "key");
    if (!Array.isArray(pk) && typeof pk === "object" && pk !== null) {
      out.push(...unknownOptionProblems(`${at}: primaryKey`, pk, PRIMARY_KEY_OPTIONS));
      out.push(...clauseProblems(`${at}: primaryKey`, pk as Record<string, unknown>, dialect));
    }
    for (const [name, f] of Object.entries(model.fields))
      if (isField(f) && f.options.primaryKey === true)
        out.push(`${at} field "${name}": primaryKey: true conflicts with the model option primaryKey; remove one`);
  } else {
    const pkFields = primaryKeyFields(model);
    if (pkFields.length > 1)
      out.push(
        `${at}: fields ${pkFields.map((n) => `"${n}"`).join(", ")} each say primaryKey: true; declare a composite key with the model option primaryKey: [...]`,
      );
  }

  const indexes = o.indexes;
  if (indexes !== undefined && !Array.isArray(indexes)) out.push(`${at}: indexes must be a list of Models.Index(...)`);
  for (const [i, def] of (Array.isArray(indexes) ? indexes : []).entries()) {
    const where = `index ${i + 1}`;
    if ((def as { __pormg?: unknown })?.__pormg !== "index") {
      out.push(`${at}: ${where} is not a Models.Index(...)`);
      continue;
    }
    const io = (def as { options: Record<string, unknown> }).options;
    out.push(...unknownOptionProblems(`${at}: ${where}`, io, INDEX_OPTIONS));
    checkFields(where, io.fields, "index");
    if (io.method !== undefined && !dialect.models.clauseOptions)
      out.push(`${at}: ${where} method exists only on PostgreSQL; remove it`);
    out.push(
      ...clauseProblems(
        `${at}: ${where}`,
        { nullsNotDistinct: io.nullsNotDistinct, include: io.include, storage: io.storage },
        dialect,
      ),
    );
    if (dialect.models.clauseOptions) checkInclude(where, io.include);
    if (io.nullsNotDistinct === true && io.unique !== true)
      out.push(`${at}: ${where} nullsNotDistinct applies to unique indexes only; add unique: true or remove it`);
  }
  const constraints = o.constraints;
  if (constraints !== undefined && !Array.isArray(constraints))
    out.push(`${at}: constraints must be a list of Models.UniqueConstraint/CheckConstraint/ForeignKeyConstraint`);
  for (const [i, def] of (Array.isArray(constraints) ? constraints : []).entries()) {
    const where = `constraint ${i + 1}`;
    const c = def as { __pormg?: unknown; kind: string; options: Record<string, unknown> };
    if (c?.__pormg !== "constraint") {
      out.push(`${at}: ${where} is not a Models.*Constraint(...)`);
      continue;
    }
    const allowed = CONSTRAINT_OPTIONS[c.kind] ?? [];
    for (const key of Object.keys(c.options))
      if (!allowed.includes(key) && !(c.kind === "check" && key === "deferrable"))
        out.push(`${at}: ${where} has unknown option "${key}"${optionHint(key, allowed)}`);
    const clauses: Record<string, unknown> = {};
    for (const k of Object.keys(c.options)) if (k in CLAUSES) clauses[k] = c.options[k];
    out.push(
      ...clauseProblems(`${at}: ${where}`, clauses, dialect, {
        ...(c.kind === "foreignKey" && { deferrable: CLAUSE_OPTIONS.deferrableOrFalse }),
      }),
    );
    if (c.kind === "check") {
      if (typeof c.options.condition !== "string" || c.options.condition.trim() === "")
        out.push(`${at}: ${where} needs condition: an SQL condition`);
      if (c.options.deferrable !== undefined)
        out.push(`${at}: ${where} PostgreSQL cannot defer a CHECK constraint; remove deferrable`);
      continue;
    }
    checkFields(where, c.options.fields, c.kind === "unique" ? "key" : "names");
    if (c.kind === "unique" && dialect.models.clauseOptions) checkInclude(where, c.options.include);
    if (c.kind === "foreignKey") out.push(...foreignKeyConstraintProblems(at, where, entry, c.options, set));
  }
  out.push(...relationCycleProblems(entry, set));
  return out;
}

function foreignKeyConstraintProblems(
  at: string,
  where: string,
  entry: ModelEntry,
  o: Record<string, unknown>,
  set: ModelSet,
): string[] {
  const out: string[] = [];
  if (o.onDelete !== undefined && !ON_DELETE.includes(o.onDelete as string))
    out.push(`${at}: ${where} onDelete must be one of ${ON_DELETE.join(", ")}`);
  if (o.onUpdate !== undefined && !ON_UPDATE.includes(o.onUpdate as string))
    out.push(`${at}: ${where} onUpdate must be one of ${ON_UPDATE.join(", ")}`);
  if (o.deferred !== undefined && o.deferrable !== undefined)
    out.push(
      `${at}: ${where} deferred and deferrable exclude each other; keep deferrable (it says the timing in full)`,
    );
  const setFields = o.onDeleteFields;
  if (setFields !== undefined) {
    if (o.onDelete !== "SET_NULL" && o.onDelete !== "SET_DEFAULT")
      out.push(`${at}: ${where} onDeleteFields needs onDelete "SET_NULL" or "SET_DEFAULT"`);
    const own = Array.isArray(o.fields) ? (o.fields as unknown[]) : [];
    if (!Array.isArray(setFields) || setFields.length === 0 || setFields.some((n) => !own.includes(n)))
      out.push(`${at}: ${where} onDeleteFields must be a non-empty list of the constraint's own fields`);
  }
  const target = resolveRef(o.references as string, entry, set);
  if (!target) return [...out, `${at}: ${where} references a model that is not exported; export it or fix the name`];
  const toFields = (o.toFields as unknown[] | undefined) ?? primaryKeyFields(target.model);
  for (const n of toFields)
    if (typeof n !== "string" || !target.model.fields[n])
      out.push(`${at}: ${where} toFields names unknown field ${JSON.stringify(n)} of model "${target.name}"`);
  if (deferrableKey(target.model, toFields))
    out.push(
      `${at}: ${where} references the deferrable primary key of model "${target.name}"; PostgreSQL cannot reference a deferrable key, so drop deferrable there`,
    );
  if (Array.isArray(o.fields) && o.fields.length !== toFields.length)
    out.push(`${at}: ${where} has ${o.fields.length} fields but references ${toFields.length}; list as many of each`);
  return out;
}

/** Relations whose column type would follow a cycle of relations (A → B → A on key fields). */
function relationCycleProblems(entry: ModelEntry, set: ModelSet): string[] {
  const out: string[] = [];
  const fields = entry.model.fields;
  for (const name of Object.keys(fields)) {
    const f = fields[name];
    if (!isField(f) || !isRelation(f)) continue;
    let current = { entry, field: f };
    for (let step = 0; ; step++) {
      const target = resolveRef(current.field.to, current.entry, set);
      const targetName = target && relationTargetField(current.field, target);
      const next = targetName === undefined ? undefined : target?.model.fields[targetName];
      if (!target || !next || !isField(next) || !isRelation(next)) break;
      if (step > set.entries.length) {
        out.push(
          `Model "${entry.name}" field "${name}": its relation chain loops back on itself, so it has no column type; point it at a non-relation key`,
        );
        break;
      }
      current = { entry: target, field: next };
    }
  }
  return out;
}
