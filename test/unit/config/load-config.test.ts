import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { loadConfig } from "../../../src/dialect/load-config.ts";
import { tempDir } from "../../lib/cli.ts";

/** A temp working directory with `db/connection.yml` holding `yaml`. */
function folderWith(yaml: string): string {
  const cwd = tempDir();
  mkdirSync(join(cwd, "db"));
  writeFileSync(join(cwd, "db", "connection.yml"), yaml);
  return cwd;
}

function failure(fn: () => unknown): PormgError {
  try {
    fn();
  } catch (error) {
    if (isPormgError(error)) return error;
    throw error;
  }
  throw new Error("expected a PormgError");
}

const BASIC = `default_env: dev
dev:
  adapter: SQLite
  database: dev.sqlite
  config:
    change_db: true
prod:
  adapter: PostgreSQL
  host: db.internal
  port: 5433
  database: app
  username: deploy
  password: \${DB_PASSWORD}
  sslmode: require
  ignore_tables: [audit_, tmp_]
`;

describe("environment selection", () => {
  test("default_env applies, relative SQLite path resolves inside the folder", () => {
    const cwd = folderWith(BASIC);
    const config = loadConfig({ cwd, environ: {} });
    expect(config.env).toBe("dev");
    expect(config.target).toEqual({ dialect: "sqlite", path: join(cwd, "db", "dev.sqlite") });
    expect(config.settings).toEqual({ changeDb: true, changeData: false, modelFile: "models.ts" });
    expect(config.warnings).toEqual([]);
  });
  test("--env wins over PORMG_ENV, which wins over default_env", () => {
    const cwd = folderWith(BASIC);
    const environ = { PORMG_ENV: "prod", DB_PASSWORD: "hunter2" };
    expect(loadConfig({ cwd, environ }).env).toBe("prod");
    expect(loadConfig({ cwd, environ, env: "dev" }).env).toBe("dev");
  });
  test("dev is the default when nothing selects another", () => {
    const cwd = folderWith("dev:\n  adapter: SQLite\n  database: a.sqlite\n");
    expect(loadConfig({ cwd, environ: {} }).env).toBe("dev");
  });
  test("PostgreSQL settings are typed, interpolated and redacted", () => {
    const cwd = folderWith(BASIC);
    const config = loadConfig({ cwd, env: "prod", environ: { DB_PASSWORD: "hunter2" } });
    expect(config.target).toEqual({
      dialect: "postgresql",
      host: "db.internal",
      port: 5433,
      database: "app",
      username: "deploy",
      password: "hunter2",
      sslmode: "require",
    });
    expect(config.display).toBe("postgresql://deploy:***@db.internal:5433/app?sslmode=require");
    expect(config.secrets).toContain("hunter2");
    expect(config.ignoreTables).toEqual(["audit_", "tmp_"]);
    expect(config.settings.changeDb).toBe(false);
  });
  test("interpolated port and booleans are coerced", () => {
    const cwd = folderWith(
      "dev:\n  adapter: PostgreSQL\n  database: x\n  port: ${P:-6000}\n  config:\n    change_db: ${CHANGE:-yes}\n",
    );
    const config = loadConfig({ cwd, environ: {} });
    expect(config.target).toMatchObject({ port: 6000 });
    expect(config.settings.changeDb).toBe(true);
  });
  test("url: and libpq keyword strings", () => {
    const cwd = folderWith(
      "a:\n  adapter: PostgreSQL\n  url: postgres://u:pw1234@h:1/d\nb:\n  adapter: PostgreSQL\n  url: host=h port=7 dbname='my db' user=u password=pw5678\n",
    );
    const a = loadConfig({ cwd, env: "a", environ: {} });
    expect(a.display).toBe("postgres://u:***@h:1/d");
    expect(a.secrets).toContain("pw1234");
    const b = loadConfig({ cwd, env: "b", environ: {} });
    expect(b.target).toEqual({
      dialect: "postgresql",
      host: "h",
      port: 7,
      database: "my db",
      username: "u",
      password: "pw5678",
    });
    expect(b.display).not.toContain("pw5678");
  });
});

describe("URL override", () => {
  test("--url replaces the target and keeps the file's settings", () => {
    const cwd = folderWith(BASIC);
    const config = loadConfig({ cwd, url: "postgres://root@127.0.0.1:5432/test", environ: {} });
    expect(config.source).toBe("--url");
    expect(config.target).toEqual({ dialect: "postgresql", url: "postgres://root@127.0.0.1:5432/test" });
    expect(config.settings.changeDb).toBe(true);
  });
  test("PORMG_DATABASE_URL applies when --url is absent; the target's ${VAR}s are not needed", () => {
    const cwd = folderWith(BASIC);
    const config = loadConfig({ cwd, env: "prod", environ: { PORMG_DATABASE_URL: "sqlite:other.sqlite" } });
    expect(config.source).toBe("PORMG_DATABASE_URL");
    expect(config.target).toEqual({ dialect: "sqlite", path: join(cwd, "other.sqlite") });
  });
  test("works without any folder", () => {
    const cwd = tempDir();
    const config = loadConfig({ cwd, url: "sqlite:///tmp/x.sqlite", environ: {} });
    expect(config.target).toEqual({ dialect: "sqlite", path: "/tmp/x.sqlite" });
  });
  test("an unknown scheme is a usage error", () => {
    const error = failure(() => loadConfig({ cwd: tempDir(), url: "oracle://x/y", environ: {} }));
    expect(error.code).toBe("USAGE");
    expect(error.message).toContain("postgres://");
  });
});

describe("configuration errors name the file, line, key and fix", () => {
  test("missing folder suggests setup", () => {
    const error = failure(() => loadConfig({ cwd: tempDir(), folder: "nowhere", environ: {} }));
    expect(error.code).toBe("CONFIG_MISSING");
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain('"nowhere" does not exist');
    expect(error.message).toContain("pormg setup --db nowhere");
  });
  test("missing file suggests setup", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db"));
    const error = failure(() => loadConfig({ cwd, environ: {} }));
    expect(error.code).toBe("CONFIG_MISSING");
    expect(error.message).toContain("db/connection.yml does not exist");
    expect(error.message).toContain("pormg setup --db db");
  });
  test("malformed YAML gives line and column", () => {
    const error = failure(() =>
      loadConfig({ cwd: folderWith("dev:\n  adapter: SQLite\n   database: [x\n"), environ: {} }),
    );
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^db\/connection\.yml:\d+:\d+: malformed YAML/);
  });
  test("YAML merge keys (<<: *base, <<: [*a, *b]) work; keys written in the block win", () => {
    const text = [
      "base: &base",
      "  adapter: PostgreSQL",
      "  host: db.internal",
      "  database: app",
      "  config: { change_db: true }",
      "tuning: &tuning",
      "  port: 6543",
      "  host: ignored.internal",
      "prod:",
      "  <<: [*base, *tuning]",
      "  database: app_prod",
      "",
    ].join("\n");
    const config = loadConfig({ cwd: folderWith(text), env: "prod", environ: {} });
    expect(config.target).toMatchObject({ host: "db.internal", port: 6543, database: "app_prod" });
    expect(config.settings.changeDb).toBe(true);
    expect(config.warnings).toEqual([]);
  });
  test("duplicate keys are malformed", () => {
    const error = failure(() =>
      loadConfig({ cwd: folderWith("dev:\n  adapter: SQLite\n  adapter: SQLite\n"), environ: {} }),
    );
    expect(error.message).toContain("db/connection.yml:3");
  });
  test("missing adapter", () => {
    const error = failure(() => loadConfig({ cwd: folderWith("dev:\n  database: x.sqlite\n"), environ: {} }));
    expect(error.message).toBe(
      'db/connection.yml: dev.adapter: is missing; add "adapter: PostgreSQL", "adapter: SQLite", "adapter: MySQL" or "adapter: MariaDB" to this environment',
    );
  });
  test("unknown adapter with did-you-mean and line", () => {
    const error = failure(() =>
      loadConfig({ cwd: folderWith("dev:\n  adapter: Postgress\n  database: x\n"), environ: {} }),
    );
    expect(error.message).toBe(
      'db/connection.yml:2: dev.adapter: unknown adapter "Postgress" (did you mean "PostgreSQL"?); use PostgreSQL, SQLite, MySQL or MariaDB',
    );
    expect(error.details).toMatchObject({ key: "dev.adapter", line: 2 });
  });
  test("unset variable without default", () => {
    const cwd = folderWith(BASIC);
    const error = failure(() => loadConfig({ cwd, env: "prod", environ: {} }));
    expect(error.message).toContain("db/connection.yml:13: prod.password: environment variable DB_PASSWORD is not set");
    expect(error.message).toContain("${DB_PASSWORD:-default}");
  });
  test("environment that does not exist lists the ones that do", () => {
    const error = failure(() => loadConfig({ cwd: folderWith(BASIC), env: "staging", environ: {} }));
    expect(error.message).toContain('environment "staging" (chosen by --env) is not defined');
    expect(error.message).toContain("Defined environments: dev, prod");
    const viaVar = failure(() => loadConfig({ cwd: folderWith(BASIC), environ: { PORMG_ENV: "prd" } }));
    expect(viaVar.message).toContain('(chosen by PORMG_ENV) is not defined (did you mean "prod"?)');
  });
  test("bad typed values", () => {
    const port = failure(() =>
      loadConfig({ cwd: folderWith("dev:\n  adapter: PostgreSQL\n  database: x\n  port: abc\n"), environ: {} }),
    );
    expect(port.message).toBe('db/connection.yml:4: dev.port: must be a whole number from 1 to 65535 (got "abc")');
    const flag = failure(() =>
      loadConfig({
        cwd: folderWith("dev:\n  adapter: SQLite\n  database: x\n  config:\n    change_db: maybe\n"),
        environ: {},
      }),
    );
    expect(flag.message).toBe('db/connection.yml:5: dev.config.change_db: must be true or false (got "maybe")');
    const ignore = failure(() =>
      loadConfig({
        cwd: folderWith('dev:\n  adapter: SQLite\n  database: x\n  ignore_tables: ["ok", ""]\n'),
        environ: {},
      }),
    );
    expect(ignore.message).toContain("dev.ignore_tables: item 2 must be a non-blank name");
  });
  test("an empty file", () => {
    const error = failure(() => loadConfig({ cwd: folderWith(""), environ: {} }));
    expect(error.message).toContain("must be a mapping of environments");
  });
});

describe("warnings", () => {
  test("unknown keys get a did-you-mean, aliases and misplaced keys are explained", () => {
    const cwd = folderWith(
      "env: dev\ndefaultenv: dev\ndev:\n  adapter: SQLite\n  databse: x.sqlite\n  database: x.sqlite\n  user: me\n  change_db: true\n  pool_size: 5\n  config:\n    host: x\n    chnage_data: true\n",
    );
    const { warnings } = loadConfig({ cwd, environ: {} });
    expect(warnings).toEqual([
      'db/connection.yml:1: env: ignored (old spelling); use "default_env:" to choose the default environment',
      'db/connection.yml:2: defaultenv: unknown top-level key, ignored (did you mean "default_env"?); top-level keys are default_env and one mapping per environment',
      'db/connection.yml:5: dev.databse: unknown key, ignored (did you mean "database"?)',
      'db/connection.yml:7: dev.user: unknown key, ignored; write "username:" instead',
      'db/connection.yml:8: dev.change_db: misplaced, ignored; "change_db" belongs under "config:"',
      "db/connection.yml:9: dev.pool_size: accepted for PormG compatibility but has no effect in pormg",
      'db/connection.yml:11: dev.config.host: misplaced, ignored; "host" belongs directly under the environment, not "config:"',
      'db/connection.yml:12: dev.config.chnage_data: unknown key, ignored (did you mean "change_data"?)',
    ]);
  });
  test("SQLite takes host: only when database: is absent", () => {
    const cwd = folderWith("dev:\n  adapter: SQLite\n  host: legacy.sqlite\n");
    expect(loadConfig({ cwd, environ: {} }).target).toEqual({
      dialect: "sqlite",
      path: join(cwd, "db", "legacy.sqlite"),
    });
  });
});

describe("DATABASE_URL (containers)", () => {
  const modelsOnly = () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db"));
    writeFileSync(join(cwd, "db", "models.ts"), "");
    return cwd;
  };
  test("a folder without connection.yml takes DATABASE_URL, with change_db on and default settings", () => {
    const cwd = modelsOnly();
    const config = loadConfig({ cwd, environ: { DATABASE_URL: "postgres://app:s3cretpw@db:5432/app" } });
    expect(config.source).toBe("DATABASE_URL");
    expect(config.dialect).toBe("postgresql");
    expect(config.schema).toBe("public");
    expect(config.settings).toEqual({ changeDb: true, changeData: false, modelFile: "models.ts" });
    expect(config.display).toBe("postgres://app:***@db:5432/app");
    expect(config.secrets).toContain("s3cretpw");
  });
  test("PORMG_DATABASE_URL wins over DATABASE_URL, --url over both", () => {
    const cwd = modelsOnly();
    const environ = { DATABASE_URL: "sqlite:a.sqlite", PORMG_DATABASE_URL: "sqlite:b.sqlite" };
    expect(loadConfig({ cwd, environ }).source).toBe("PORMG_DATABASE_URL");
    expect(loadConfig({ cwd, environ, url: "sqlite:c.sqlite" }).source).toBe("--url");
  });
  test("a folder that does not exist takes DATABASE_URL too", () => {
    const config = loadConfig({ cwd: tempDir(), folder: "nowhere", environ: { DATABASE_URL: "sqlite:x.sqlite" } });
    expect(config.source).toBe("DATABASE_URL");
  });
  test("with connection.yml, a shell DATABASE_URL is ignored unless the file references it", () => {
    const ignored = loadConfig({ cwd: folderWith(BASIC), environ: { DATABASE_URL: "postgres://x@elsewhere/prod" } });
    expect(ignored.source).toBe("connection.yml");
    expect(ignored.target.dialect).toBe("sqlite");
    const referenced = loadConfig({
      cwd: folderWith("dev:\n  adapter: PostgreSQL\n  url: ${DATABASE_URL}\n"),
      environ: { DATABASE_URL: "postgres://x:pw12345@elsewhere/prod" },
    });
    expect(referenced.source).toBe("connection.yml");
    expect(referenced.target).toEqual({ dialect: "postgresql", url: "postgres://x:pw12345@elsewhere/prod" });
    expect(referenced.secrets).toContain("pw12345");
  });
  test("a bad DATABASE_URL is a configuration error naming the variable, redacted", () => {
    const error = failure(() => loadConfig({ cwd: modelsOnly(), environ: { DATABASE_URL: "postgres://u:a/b@h/db" } }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toStartWith("DATABASE_URL: ");
    expect(error.message).not.toContain("a/b");
    const scheme = failure(() => loadConfig({ cwd: modelsOnly(), environ: { DATABASE_URL: "oracle://u:pw@h/db" } }));
    expect(scheme.message).toContain("DATABASE_URL");
    expect(scheme.message).not.toContain(":pw@");
  });
  test("without connection.yml or any URL, the error names all three ways", () => {
    const error = failure(() => loadConfig({ cwd: modelsOnly(), environ: {} }));
    expect(error.code).toBe("CONFIG_MISSING");
    expect(error.message).toContain("DATABASE_URL");
  });
});

describe("config: lock_timeout and lock_retries", () => {
  const yaml = (config: string) =>
    `dev:\n  adapter: PostgreSQL\n  url: postgres://u@h/db\n  config:\n${config
      .split("\n")
      .map((l) => `    ${l}`)
      .join("\n")}\n`;

  test("lock_timeout 0 (none) and lock_retries are read; the flags win", () => {
    const cwd = folderWith(yaml("lock_timeout: 0\nlock_retries: 2"));
    expect(loadConfig({ cwd, environ: {} }).settings).toMatchObject({ lockTimeoutSeconds: 0, lockRetries: 2 });
    const flags = loadConfig({ cwd, environ: {}, timeouts: { lockTimeoutSeconds: 1.5, lockRetries: 0 } });
    expect(flags.settings).toMatchObject({ lockTimeoutSeconds: 1.5, lockRetries: 0 });
  });

  test("a bad lock_retries is CONFIG_INVALID naming the key", () => {
    for (const bad of ["-1", "1.5", "101", "many"]) {
      const error = failure(() => loadConfig({ cwd: folderWith(yaml(`lock_retries: "${bad}"`)), environ: {} }));
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toContain("lock_retries");
    }
  });
});
