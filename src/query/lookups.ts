/**
 * The lookups a filter key may end with (PormG's `field__@gt` spelling, or Django's `field__gt`),
 * and the checks each one makes on its value before anything is compiled.
 */
import { PormgError } from "../core/errors.ts";

/** Every lookup, in the order error messages list them; `exact` is what a key without a lookup means. */
export const LOOKUPS = [
  "exact",
  "gt",
  "gte",
  "lt",
  "lte",
  "ne",
  "in",
  "nin",
  "range",
  "isnull",
  "contains",
  "icontains",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
] as const;

/** A LookupName is one lookup of {@link LOOKUPS}. */
export type LookupName = (typeof LOOKUPS)[number];

/** The pattern lookups: LIKE on PostgreSQL; GLOB (case-sensitive) or lower(…) LIKE (the `i` ones) on SQLite. */
export type PatternLookup = "contains" | "icontains" | "startswith" | "istartswith" | "endswith" | "iendswith";

/** A Scalar is a value a parameter may carry. */
export type Scalar = string | number | bigint | boolean | Date | null;

/** Whether `name` is a lookup (without the `@`). */
export function isLookup(name: string): name is LookupName {
  return (LOOKUPS as readonly string[]).includes(name);
}

/** Whether `lookup` matches text patterns. */
export function isPatternLookup(lookup: LookupName): lookup is PatternLookup {
  return lookup.endsWith("contains") || lookup.endsWith("startswith") || lookup.endsWith("endswith");
}

/** The lookup list as error messages show it: `@gt, @gte, …`. */
export function lookupChoices(): string {
  return LOOKUPS.map((l) => `@${l}`).join(", ");
}

function scalar(key: string, value: unknown, allowNull: boolean): Scalar {
  if (value === null) {
    if (allowNull) return null;
    throw new PormgError(
      "USAGE",
      `Filter "${key}": null cannot be compared with this lookup. Use "<field>__@isnull" (true or false) instead.`,
      { key },
    );
  }
  if (typeof value === "number" && !Number.isFinite(value))
    throw new PormgError("USAGE", `Filter "${key}": ${value} is not a finite number. Pass a finite number.`, { key });
  if (["string", "number", "bigint", "boolean"].includes(typeof value) || value instanceof Date) return value as Scalar;
  throw new PormgError(
    "USAGE",
    `Filter "${key}": a ${Array.isArray(value) ? "list" : typeof value} is not a comparable value. Pass a string, number, bigint, boolean, Date${allowNull ? " or null" : ""}.`,
    { key },
  );
}

/**
 * The checked value of one filter: a scalar (null only for `exact`/`ne`), a list for `in`/`nin`,
 * two scalars for `range`, a boolean for `isnull`, text for the pattern lookups.
 */
export function checkValue(key: string, lookup: LookupName, value: unknown): Scalar | readonly Scalar[] {
  switch (lookup) {
    case "in":
    case "nin":
      if (!Array.isArray(value))
        throw new PormgError("USAGE", `Filter "${key}": @${lookup} needs a list of values, e.g. [1, 2, 3].`, { key });
      return value.map((v) => scalar(key, v, false));
    case "range":
      if (!Array.isArray(value) || value.length !== 2)
        throw new PormgError("USAGE", `Filter "${key}": @range needs two values [low, high] (both included).`, { key });
      return value.map((v) => scalar(key, v, false));
    case "isnull":
      if (typeof value !== "boolean")
        throw new PormgError("USAGE", `Filter "${key}": @isnull needs true or false.`, { key });
      return value;
    case "exact":
    case "ne":
      return scalar(key, value, true);
    default: {
      const v = scalar(key, value, false);
      if (isPatternLookup(lookup)) {
        if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") return String(v);
        throw new PormgError("USAGE", `Filter "${key}": @${lookup} needs text to search for.`, { key });
      }
      return v;
    }
  }
}

/** Escapes `%`, `_` and `\` for a LIKE pattern written with `ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Escapes `*`, `?` and `[` for a GLOB pattern (each becomes a one-character class). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** Where a pattern lookup anchors its text: anywhere, at the start, or at the end. */
export function patternAnchor(lookup: PatternLookup): "contains" | "startswith" | "endswith" {
  return lookup.replace(/^i/, "") as "contains" | "startswith" | "endswith";
}

/** Whether a pattern lookup ignores case (`icontains`, `istartswith`, `iendswith`). */
export function ignoresCase(lookup: PatternLookup): boolean {
  return lookup.startsWith("i");
}

/** Wraps escaped text in the wildcards an anchor needs (`many` is `%` for LIKE, `*` for GLOB). */
export function wrapPattern(escaped: string, anchor: "contains" | "startswith" | "endswith", many: string): string {
  if (anchor === "contains") return `${many}${escaped}${many}`;
  return anchor === "startswith" ? `${escaped}${many}` : `${many}${escaped}`;
}
