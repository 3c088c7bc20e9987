/**
 * A DialectName names the SQL flavour a database speaks (`postgresql`, `sqlite`): a Driver's
 * `dialect`, a Schema's `dialect` and the plan header's `pormg-dialect`. The registered dialects
 * (`src/dialect/dialect.ts`) say which names exist; code outside `src/dialect/` never compares one,
 * so a new dialect needs no change here.
 */
export type DialectName = string;
