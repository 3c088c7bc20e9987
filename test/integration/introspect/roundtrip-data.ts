import type { Schema } from "../../../src/schema/ir.ts";

/** One dialect's round-trip cases: schemas of its own, rendered to one DDL script. */
export interface RoundTripData {
  readonly dialect: { readonly name: string };
  /**
   * The dialect's DDL for a whole schema, as the scripts to run one after another: one script,
   * or (MySQL, whose client runs one statement per call) one statement each.
   */
  scripts(schema: Schema): readonly string[];
  /**
   * Whether the introspected schema is compared as read (SQLite reads back the normalized form)
   * or normalized first (PostgreSQL reads back the default constraint names it generated).
   */
  readonly readsNormalized: boolean;
  /** Named schemas that must read back as their normalized selves. */
  readonly cases: readonly (readonly [string, Schema])[];
  /** A schema whose introspected form must read back unchanged. */
  readonly fixedPoint: Schema;
}
