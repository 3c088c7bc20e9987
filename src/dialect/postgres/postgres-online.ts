import { stepLabel } from "../../plan/labels.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import { deferredStep, type RenderedStep, step } from "../../plan/rendered-step.ts";
import type { Check, Column, ForeignKey, Index, Unique } from "../../schema/ir.ts";
import { defaultName, truncateIdentifier } from "../../schema/names.ts";
import type { ColumnChange } from "../../schema/operation.ts";
import { quoteIdent, renderAddForeignKey, renderCheck, renderCreateIndex, renderDeferrable } from "./postgres-ddl.ts";

/**
 * The online variants of PostgreSQL's blocking steps (docs/online.md), chosen — purely — for a
 * table that existed and held rows when the plan was made (`RenderContext.online`). The half that
 * takes only a brief lock stays in the plan's transaction; the half that scans or builds runs
 * after the commit as its own non-transactional step (`deferredStep`), which a failed `migrate`
 * resumes from. Every function returns undefined when the blocking form is the one to write.
 */

/** Whether `table` (named as the plan names it) gets online variants: it exists live, and held rows. */
export function isOnline(table: string, names: PlanNames, context: RenderContext): boolean {
  const online = context.online;
  if (online === undefined || names.created(table) !== undefined) return false;
  return online.populated.has(names.liveTable(table));
}

const concurrently = (createIndex: string) =>
  createIndex.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX CONCURRENTLY ");
const validate = (table: string, name: string) =>
  `ALTER TABLE ${quoteIdent(table)} VALIDATE CONSTRAINT ${quoteIdent(name)};`;

/** A new index: `CREATE [UNIQUE] INDEX CONCURRENTLY`, after the commit. */
export function onlineIndex(table: string, index: Index & { readonly name: string }): RenderedStep[] {
  return [
    deferredStep(stepLabel.online.createIndex(table, index.name), [concurrently(renderCreateIndex(table, index))]),
  ];
}

/**
 * A new UNIQUE constraint: its index built concurrently, then `ADD CONSTRAINT … UNIQUE USING INDEX`
 * (a brief lock). Blocking when a foreign key the plan adds may reference the table (the key needs
 * the unique index inside the transaction).
 */
export function onlineUnique(
  table: string,
  unique: Unique,
  name: string,
  context: RenderContext,
): RenderedStep[] | undefined {
  if (context.online?.referenced?.has(table)) return undefined;
  const index: Index = {
    name,
    keys: unique.columns.map((column) => ({ column })),
    unique: true,
    ...(unique.nullsNotDistinct && { nullsNotDistinct: true }),
    ...(unique.include && { include: unique.include }),
    ...(unique.storage && { storage: unique.storage }),
  };
  const attach =
    `ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(name)} UNIQUE USING INDEX ${quoteIdent(name)}` +
    `${renderDeferrable(unique.deferrable)};`;
  return [
    deferredStep(stepLabel.online.createUniqueIndex(table, name), [concurrently(renderCreateIndex(table, index))]),
    deferredStep(stepLabel.online.uniqueUsingIndex(table, name), [attach]),
  ];
}

/** A new foreign key: `ADD CONSTRAINT … NOT VALID` in the transaction, `VALIDATE CONSTRAINT` after it. */
export function onlineForeignKey(table: string, fk: ForeignKey): RenderedStep[] | undefined {
  if (fk.notValid) return undefined;
  const name = fk.name ?? defaultName.foreignKey(table, fk.columns);
  return [
    step(stepLabel.online.foreignKeyNotValid(table, fk.columns), [
      renderAddForeignKey(table, { ...fk, name, notValid: true }),
    ]),
    deferredStep(stepLabel.online.validate(table, name), [validate(table, name)]),
  ];
}

/** A new named CHECK: `ADD … NOT VALID` in the transaction, `VALIDATE CONSTRAINT` after it. */
export function onlineCheck(table: string, check: Check): RenderedStep[] | undefined {
  const name = check.name;
  if (check.notValid || name === undefined) return undefined;
  return [
    step(stepLabel.online.checkNotValid(table, name), [
      `ALTER TABLE ${quoteIdent(table)} ADD ${renderCheck(check)} NOT VALID;`,
    ]),
    deferredStep(stepLabel.online.validate(table, name), [validate(table, name)]),
  ];
}

/** The name of the temporary check that proves a column NOT NULL (never PostgreSQL 18's `<t>_<c>_not_null`). */
export function notNullCheckName(table: string, column: string): string {
  return truncateIdentifier(`${table}_${column}_is_not_null`);
}

/**
 * `SET NOT NULL` on a column of a populated table, as four steps: a `CHECK (c IS NOT NULL) NOT
 * VALID` in the transaction, then after it `VALIDATE CONSTRAINT` (a scan under SHARE UPDATE
 * EXCLUSIVE), `SET NOT NULL` (PostgreSQL 12+ skips its own scan given the valid check) and the
 * check dropped. Only when nullability is the column's one change (`rest`: other statements the
 * same change needs, e.g. a new default, stay in the transaction).
 */
export function onlineSetNotNull(
  table: string,
  from: Column,
  to: Column,
  changes: readonly ColumnChange[],
): { readonly online: RenderedStep[]; readonly rest: readonly ColumnChange[] } | undefined {
  if (!changes.includes("nullable") || !from.nullable || to.nullable) return undefined;
  const rest = changes.filter((c) => c !== "nullable");
  if (rest.some((c) => c !== "default")) return undefined;
  const t = quoteIdent(table);
  const c = quoteIdent(to.name);
  const name = notNullCheckName(table, to.name);
  return {
    rest,
    online: [
      step(stepLabel.online.notNullCheck(table, to.name), [
        `ALTER TABLE ${t} ADD CONSTRAINT ${quoteIdent(name)} CHECK (${c} IS NOT NULL) NOT VALID;`,
      ]),
      deferredStep(stepLabel.online.validate(table, name), [validate(table, name)]),
      deferredStep(stepLabel.online.setNotNull(table, to.name), [`ALTER TABLE ${t} ALTER COLUMN ${c} SET NOT NULL;`]),
      deferredStep(stepLabel.online.dropNotNullCheck(table, to.name), [
        `ALTER TABLE ${t} DROP CONSTRAINT ${quoteIdent(name)};`,
      ]),
    ],
  };
}
