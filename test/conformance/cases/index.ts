import type { Case } from "../lib/case.ts";
import { MYSQL_EVERYDAY } from "./mysql-everyday.ts";
import { PG_ADVERSARIAL } from "./pg-adversarial.ts";
import { PG_APPLICATIONS } from "./pg-applications.ts";
import { PG_COLUMNS } from "./pg-columns.ts";
import { PG_KEYS_CHECKS } from "./pg-keys-checks.ts";
import { PG_OBJECTS } from "./pg-objects.ts";
import { PG_STRUCTURE } from "./pg-structure.ts";
import { PG_VERSIONS } from "./pg-versions.ts";
import { SQLITE_ADVERSARIAL } from "./sqlite-adversarial.ts";
import { SQLITE_EVERYDAY } from "./sqlite-everyday.ts";
import { SQLITE_REBUILDS } from "./sqlite-rebuilds.ts";

/** Every case of the corpus. */
export const ALL_CASES: readonly Case[] = [
  ...PG_COLUMNS,
  ...PG_KEYS_CHECKS,
  ...PG_OBJECTS,
  ...PG_STRUCTURE,
  ...PG_APPLICATIONS,
  ...PG_ADVERSARIAL,
  ...PG_VERSIONS,
  ...SQLITE_REBUILDS,
  ...SQLITE_EVERYDAY,
  ...SQLITE_ADVERSARIAL,
  ...MYSQL_EVERYDAY,
];
