import type { Case } from "../lib/case.ts";
import { PG_APPLICATIONS } from "./pg-applications.ts";
import { PG_COLUMNS } from "./pg-columns.ts";
import { PG_OBJECTS } from "./pg-objects.ts";
import { PG_STRUCTURE } from "./pg-structure.ts";
import { SQLITE_CASES } from "./sqlite-cases.ts";

/** Every case of the corpus. */
export const ALL_CASES: readonly Case[] = [
  ...PG_COLUMNS,
  ...PG_OBJECTS,
  ...PG_STRUCTURE,
  ...PG_APPLICATIONS,
  ...SQLITE_CASES,
];
