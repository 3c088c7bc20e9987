import type { DialectCapabilities } from "../core/capabilities.ts";
import type { ExpressionNames } from "../schema/expression-names.ts";

/**
 * What the diff needs of a dialect: how it reads names in expressions (`ExpressionNames`) and
 * what it can change in place — columns (`columnChange`: an in-place retype drops what reads the
 * column), constraints (`constraintChange`), constraint names (`namedConstraints`) and whether a
 * re-created generated column loses its indexes and constraints (`generatedColumnDependents`). A Dialect fits.
 */
export interface DiffDialect extends ExpressionNames {
  readonly capabilities: Pick<
    DialectCapabilities,
    | "identifierCase"
    | "columnChange"
    | "constraintChange"
    | "namedConstraints"
    | "generatedColumnDependents"
    | "foreignKeyRetypes"
  >;
}
