import type { SessionPart } from "../../apply/session.ts";
import { connectMysql } from "./mysql-driver.ts";

/**
 * How MySQL opens pormg's connections: MySQL has no schemas apart from databases, so the database
 * the target names is the managed namespace and a working connection needs no scoping (unqualified
 * names mean the connection's database, `DATABASE()`; pormg's history tables live in it too).
 * Reading commands open a connection whose transactions are read-only
 * (`SET SESSION TRANSACTION READ ONLY`: the server refuses writes and DDL alike, error 1792).
 */
export const mysqlSession: SessionPart = {
  scope: async (driver) => driver,
  openReadonly: (target) => connectMysql(target, { readonly: true }),
  file: () => null,
};
