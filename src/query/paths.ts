/**
 * Resolution of a field path such as `race__circuit__country__@icontains`: the foreign keys it
 * follows (each one a join), the field it ends on, and its lookup. Unknown fields and lookups fail
 * with the valid choices listed.
 */
import { didYouMeanHint } from "../core/did-you-mean.ts";
import { PormgError } from "../core/errors.ts";
import { catalogModel, type QueryCatalog, type QueryField, type QueryModel } from "./catalog.ts";
import { isLookup, type LookupName, lookupChoices } from "./lookups.ts";

/** A JoinStep is one foreign key a path follows: from the table at `from` to the table at `path`. */
export interface JoinStep {
  /** The path up to and including this foreign key, e.g. `race`, then `race__circuit`. */
  readonly path: string;
  /** The path of the table this key belongs to (`""` for the queried model). */
  readonly from: string;
  /** The foreign-key column on the `from` table. */
  readonly fkColumn: string;
  /** The referenced table and column. */
  readonly table: string;
  readonly column: string;
  /** A LEFT JOIN: this key, or one before it on the path, may be NULL (else an INNER JOIN). */
  readonly left: boolean;
}

/** A ResolvedPath is a key resolved against the models. */
export interface ResolvedPath {
  /** The key as written. */
  readonly key: string;
  /** The foreign keys followed, in order. */
  readonly joins: readonly JoinStep[];
  /** The path of the table holding `field` (`""` for the queried model). */
  readonly owner: string;
  readonly field: QueryField;
  /** The value read may be NULL: the field is nullable, or reached through a LEFT JOIN. */
  readonly nullable: boolean;
  readonly lookup: LookupName;
}

function fieldList(model: QueryModel): string {
  return [...model.fields.values()].map((f) => (f.relation ? `${f.name} (→ ${f.relation.model})` : f.name)).join(", ");
}

function unknownField(key: string, part: string, model: QueryModel, lookups: boolean): PormgError {
  const names = [...model.fields.keys()];
  const hint = didYouMeanHint(part, names);
  return new PormgError(
    "USAGE",
    `Unknown field "${part}" in "${key}": model "${model.name}" (table "${model.table}") has no such field${hint}. ` +
      `Valid fields: ${fieldList(model)}.${lookups ? ` A key may end with a lookup: ${lookupChoices()}.` : ""}`,
    { key, field: part, model: model.name, fields: names },
  );
}

function badLookup(key: string, part: string): PormgError {
  const name = part.replace(/^@/, "");
  return new PormgError(
    "USAGE",
    `Unknown lookup "${part}" in "${key}"${didYouMeanHint(name, [...lookupNames()])}. Valid lookups: ${lookupChoices()}.`,
    { key, lookup: part },
  );
}

function* lookupNames(): Iterable<string> {
  yield* lookupChoices()
    .split(", ")
    .map((l) => l.slice(1));
}

/**
 * Resolves `key` from the model `root`. With `lookups` false (values, ordering) the key must end on
 * a field; otherwise its last part may be a lookup, `@name` or Django's bare `name`.
 */
export function resolvePath(catalog: QueryCatalog, root: QueryModel, key: string, lookups: boolean): ResolvedPath {
  const parts = key.split("__");
  if (key === "" || parts.some((p) => p === ""))
    throw new PormgError(
      "USAGE",
      `Invalid key "${key}": write field names joined by "__", e.g. "race__year" or "race__year__@gte".`,
      { key },
    );
  let model = root;
  let owner = "";
  let left = false;
  const joins: JoinStep[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith("@")) throw i === 0 ? unknownField(key, part, model, lookups) : badLookup(key, part);
    const field = model.fields.get(part);
    if (!field) throw unknownField(key, part, model, lookups);
    const next = parts[i + 1];
    const rest = parts.length - i - 1;
    const followsKey =
      field.relation !== undefined && next !== undefined && !next.startsWith("@") && !(rest === 1 && isLookup(next));
    if (followsKey && field.relation) {
      const target = catalogModel(catalog, field.relation.model);
      left = left || field.nullable;
      const path = owner === "" ? part : `${owner}__${part}`;
      joins.push({
        path,
        from: owner,
        fkColumn: field.column,
        table: target.table,
        column: field.relation.column,
        left,
      });
      model = target;
      owner = path;
      continue;
    }
    if (rest === 0) return { key, joins, owner, field, nullable: left || field.nullable, lookup: "exact" };
    if (!lookups)
      throw new PormgError(
        "USAGE",
        `Invalid key "${key}": "${part}" is a field of "${model.name}", so nothing may follow it here (no lookups in values or ordering).`,
        { key },
      );
    const name = (next as string).replace(/^@/, "");
    if (rest === 1 && isLookup(name))
      return { key, joins, owner, field, nullable: left || field.nullable, lookup: name };
    if ((next as string).startsWith("@")) {
      if (rest === 1) throw badLookup(key, next as string);
      throw new PormgError("USAGE", `Invalid key "${key}": a lookup ("${next}") must be the last part of a key.`, {
        key,
      });
    }
    // A foreign key followed by a bare word is a join or a lookup (handled above); a plain field is neither.
    throw new PormgError(
      "USAGE",
      `Invalid key "${key}": "${part}" is not a foreign key, so only a lookup may follow it, and "${parts.slice(i + 1).join("__")}" is none${didYouMeanHint(name, [...lookupNames()])}. Valid lookups: ${lookupChoices()}.`,
      { key },
    );
  }
  throw new PormgError("INTERNAL", `Key "${key}" was not resolved.`, { key });
}
