/**
 * Every `pormg.<name>/1` document the CLI prints is described by docs/schemas/<name>.schema.json
 * (and docs/json.md): the real CLI runs through every command on SQLite and on PostgreSQL
 * (test/lib/json-shapes.ts), and each document it printed must validate against its schema.
 * The schemas are strict (required fields, no unknown ones), which the last test proves by
 * validating altered documents.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { ROOT } from "../lib/cli.ts";
import { type Collected, runScenario } from "../lib/json-shapes.ts";
import { adminExecute, databaseUrl } from "../lib/pg-admin.ts";

const SCHEMAS = join(ROOT, "docs", "schemas");

/** Shapes the CLI can name but never prints with `--json` (`tui` refuses `--json`: exit 64, `pormg.error/1`). */
const NEVER_PRINTED = new Set(["tui"]);

/** Every shape name in the CLI's source: `"pormg.<name>/1"` literals and the `--targets` commands. */
function shapesInCode(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts"))
        for (const m of readFileSync(path, "utf8").matchAll(/"pormg\.([a-z-]+)\/1"/g)) names.add(m[1] as string);
    }
  };
  walk(join(ROOT, "cmd"));
  walk(join(ROOT, "src"));
  const targets = readFileSync(join(ROOT, "cmd", "targets.ts"), "utf8").match(
    /TARGET_COMMANDS[^=]*= new Set\(\[([^\]]*)\]/,
  );
  if (!targets) throw new Error("TARGET_COMMANDS not found in cmd/targets.ts");
  for (const m of (targets[1] as string).matchAll(/"([a-z-]+)"/g)) names.add(`${m[1]}-targets`);
  return names;
}

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const files = readdirSync(SCHEMAS).filter((f) => f.endsWith(".schema.json"));
  const byName = new Map<string, ReturnType<typeof ajv.compile>>();
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, file), "utf8"));
    byName.set(file.replace(/\.schema\.json$/, ""), ajv.compile(schema));
  }
  return byName;
}

const collected: Collected = new Map();
const database = `pormg_json_shapes_${process.pid}`;

beforeAll(async () => {
  await adminExecute(`DROP DATABASE IF EXISTS ${database}`);
  await adminExecute(`CREATE DATABASE ${database}`);
  runScenario(collected, "sqlite");
  runScenario(collected, "postgresql", databaseUrl(database));
}, 240_000);

afterAll(async () => {
  await adminExecute(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}, 60_000);

describe("--json documents against docs/schemas", () => {
  test("every shape in the code has a schema file and a section in docs/json.md", () => {
    const validators = validator();
    const json = readFileSync(join(ROOT, "docs", "json.md"), "utf8");
    const inCode = shapesInCode();
    expect(inCode.size).toBeGreaterThan(20);
    for (const name of inCode) {
      expect(json).toContain(`## \`pormg.${name}/1\``);
      if (NEVER_PRINTED.has(name)) continue;
      expect({ name, schema: validators.has(name) }).toEqual({ name, schema: true });
    }
    // And no schema file describes a shape the code no longer prints.
    for (const name of validators.keys()) expect({ name, inCode: inCode.has(name) }).toEqual({ name, inCode: true });
  });

  test("the scenario printed every shape, on both dialects", () => {
    const expected = [...shapesInCode()].filter((n) => !NEVER_PRINTED.has(n)).sort();
    expect([...collected.keys()].map((s) => s.replace(/^pormg\.|\/1$/g, "")).sort()).toEqual(expected);
    for (const [shape, docs] of collected) {
      const targets = new Set(docs.map((d) => d.dialect));
      expect({ shape, targets: [...targets].sort() }).toEqual({
        shape,
        targets: ["postgresql", "sqlite"],
      });
    }
  });

  test("every document validates against its schema", () => {
    const validators = validator();
    const failures: string[] = [];
    for (const [shape, docs] of collected) {
      const validate = validators.get(shape.replace(/^pormg\.|\/1$/g, ""));
      if (!validate) {
        failures.push(`${shape}: no schema`);
        continue;
      }
      for (const { command, doc } of docs)
        if (!validate(doc)) failures.push(`${command}\n  ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    expect(failures).toEqual([]);
  });

  test("the examples in docs/json.md validate too (their normalised values included)", () => {
    const validators = validator();
    const json = readFileSync(join(ROOT, "docs", "json.md"), "utf8");
    const blocks = [...json.matchAll(/<!-- example: json-([a-z-]+) -->\n```json\n([\s\S]*?)\n```/g)];
    expect(blocks.length).toBe(validators.size);
    for (const [, name, body] of blocks) {
      const validate = validators.get(name as string);
      const doc = JSON.parse(body as string);
      expect({ name, schema: doc.schema, valid: validate?.(doc), errors: validate?.errors ?? null }).toEqual({
        name,
        schema: name === "error" ? "pormg.error/1" : `pormg.${name}/1`,
        valid: true,
        errors: null,
      });
    }
  });

  test("the schemas are strict: a missing or renamed field fails", () => {
    const validators = validator();
    for (const [shape, docs] of collected) {
      const validate = validators.get(shape.replace(/^pormg\.|\/1$/g, ""));
      const doc = docs[0]?.doc as Record<string, unknown>;
      const key = Object.keys(doc).find((k) => k !== "schema") as string;
      const { [key]: value, ...without } = doc;
      expect({ shape, key, missing: validate?.(without) }).toEqual({ shape, key, missing: false });
      expect({ shape, key, renamed: validate?.({ ...without, [`${key}X`]: value }) }).toEqual({
        shape,
        key,
        renamed: false,
      });
      expect({ shape, other: validate?.({ ...doc, schema: "pormg.other/1" }) }).toEqual({ shape, other: false });
    }
  });
});
