import { afterAll, describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { createDatabase } from "../../../src/deploy/create-database.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { loadConfig } from "../../../src/dialect/load-config.ts";
import { PG_URL, tempDir } from "../../lib/cli.ts";
import { adminExecute } from "../../lib/pg-admin.ts";

const TAG = `fleet_cd_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
const ROLE = `${TAG}_nocreatedb`;
const configFor = (url: string) => loadConfig({ cwd: tempDir(), folder: "none", url, environ: {} });
const urlOf = (database: string, user?: string) => {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  if (user) url.username = user;
  return url.toString();
};

afterAll(async () => {
  for (const suffix of ["race", "plain"]) await adminExecute(`DROP DATABASE IF EXISTS "${TAG}_${suffix}" WITH (FORCE)`);
  await adminExecute(`DROP ROLE IF EXISTS "${ROLE}"`);
}, 30_000);

describe("createDatabase (PostgreSQL)", () => {
  test("creates a missing database once; an existing one is left alone", async () => {
    const config = configFor(urlOf(`${TAG}_plain`));
    const notices: string[] = [];
    expect(await createDatabase(config, (m) => notices.push(m))).toBe("created");
    expect(await createDatabase(config, (m) => notices.push(m))).toBe("exists");
    expect(notices).toEqual([`Created the PostgreSQL database "${TAG}_plain" (${config.display}).`]);
  });
  test("two processes creating the same database at once both succeed", async () => {
    const config = configFor(urlOf(`${TAG}_race`));
    const outcomes = await Promise.all([createDatabase(config), createDatabase(config), createDatabase(config)]);
    expect(outcomes.filter((o) => o === "created").length).toBeLessThanOrEqual(1);
    expect(outcomes.every((o) => o === "created" || o === "exists")).toBe(true);
    const db = await connect(config);
    await db.close();
  });
  test("a role without CREATEDB gets PERMISSION_DENIED saying what it needs", async () => {
    await adminExecute(`CREATE ROLE "${ROLE}" LOGIN NOCREATEDB`);
    const error = await createDatabase(configFor(urlOf(`${TAG}_denied`, ROLE))).catch((e) => e);
    expect(isPormgError(error, "PERMISSION_DENIED")).toBe(true);
    expect(error.message).toContain(`could not create database "${TAG}_denied"`);
    expect(error.message).toContain("CREATEDB");
  });
});
