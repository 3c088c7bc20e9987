/**
 * QuerySet, the immutable query builder: `filter`, `exclude`, `values`, `orderBy`, `limit` and
 * `offset` each return a new QuerySet. Every key is resolved and every value checked when it is
 * added, so a mistake fails at the call that made it. A QuerySet only describes a query;
 * `inspectQuery` compiles it to SQL with bound parameters.
 */
import type { DialectName } from "../core/dialect-name.ts";
import { PormgError } from "../core/errors.ts";
import type { QueryCatalog, QueryModel } from "./catalog.ts";
import { checkValue, type Scalar } from "./lookups.ts";
import { type ResolvedPath, resolvePath } from "./paths.ts";

/** Filters map keys (`field`, `fk__field`, `field__@lookup`) to values; several keys in one call must all match. */
export type Filters = Readonly<Record<string, unknown>>;

/** A Condition is one checked filter: its resolved key and its value. */
export interface Condition {
  readonly path: ResolvedPath;
  readonly value: Scalar | readonly Scalar[];
}

/** A WhereGroup is one `filter` (all conditions hold) or one `exclude` (not all of them hold) call. */
export interface WhereGroup {
  readonly negated: boolean;
  readonly conditions: readonly Condition[];
}

/** An OrderTerm is one `orderBy` key: `"field"` ascending or `"-field"` descending. */
export interface OrderTerm {
  readonly path: ResolvedPath;
  readonly descending: boolean;
}

/** QueryState is everything a QuerySet describes, for the compiler. */
export interface QueryState {
  readonly catalog: QueryCatalog;
  readonly model: QueryModel;
  readonly where: readonly WhereGroup[];
  /** The selected keys (`values(...)`); absent: every column of the model. */
  readonly values?: readonly ResolvedPath[];
  readonly order: readonly OrderTerm[];
  readonly limit?: number;
  readonly offset?: number;
}

function count(what: "limit" | "offset", n: unknown): number {
  if (typeof n === "number" && Number.isSafeInteger(n) && n >= 0) return n;
  throw new PormgError("USAGE", `${what}(${String(n)}): pass a whole number of rows, 0 or more.`, { [what]: n });
}

/** A QuerySet is an immutable description of a query on one model (see the module comment). */
export class QuerySet {
  readonly #state: QueryState;

  /** Starts a query on `model` of `catalog`; use `query()` or `bindModels()` rather than this. */
  constructor(state: QueryState) {
    this.#state = Object.freeze(state);
  }

  /** The described query, for the compiler. */
  get state(): QueryState {
    return this.#state;
  }

  /** The export name of the queried model. */
  get model(): string {
    return this.#state.model.name;
  }

  /** The dialect the query compiles for. */
  get dialect(): DialectName {
    return this.#state.catalog.dialect.name;
  }

  #with(change: Partial<QueryState>): QuerySet {
    return new QuerySet({ ...this.#state, ...change });
  }

  #group(filters: Filters, negated: boolean): QuerySet {
    if (typeof filters !== "object" || filters === null || Array.isArray(filters))
      throw new PormgError("USAGE", `${negated ? "exclude" : "filter"}() takes an object such as { year: 2024 }.`);
    const { catalog, model } = this.#state;
    const conditions = Object.entries(filters).map(([key, value]): Condition => {
      const path = resolvePath(catalog, model, key, true);
      return { path, value: checkValue(key, path.lookup, value) };
    });
    if (conditions.length === 0) return this;
    return this.#with({ where: [...this.#state.where, { negated, conditions }] });
  }

  /** Keeps the rows matching every key of `filters` (`{ race__year: 2024, driver__surname__@icontains: "ham" }`). */
  filter(filters: Filters): QuerySet {
    return this.#group(filters, false);
  }

  /** Drops the rows matching every key of `filters`; rows whose compared value is NULL are kept. */
  exclude(filters: Filters): QuerySet {
    return this.#group(filters, true);
  }

  /** Selects only these keys (fields, or `fk__field` through foreign keys), named after the keys. */
  values(...keys: readonly string[]): QuerySet {
    const { catalog, model } = this.#state;
    return this.#with({ values: keys.map((k) => resolvePath(catalog, model, k, false)) });
  }

  /** Orders by these keys, `"-key"` descending; a later call replaces the ordering. */
  orderBy(...keys: readonly string[]): QuerySet {
    const { catalog, model } = this.#state;
    const order = keys.map((k): OrderTerm => {
      const descending = k.startsWith("-");
      return { path: resolvePath(catalog, model, descending ? k.slice(1) : k, false), descending };
    });
    return this.#with({ order });
  }

  /** Returns at most `n` rows. */
  limit(n: number): QuerySet {
    return this.#with({ limit: count("limit", n) });
  }

  /** Skips the first `n` rows. */
  offset(n: number): QuerySet {
    return this.#with({ offset: count("offset", n) });
  }
}
