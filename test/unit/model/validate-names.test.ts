import { describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";

const long = (n: number) => "t".repeat(n);

describe("PostgreSQL names longer than 63 bytes are refused at load", () => {
  test("a table, a column and a named index; 63 bytes is fine", () => {
    const models = {
      A: Models.Model({ id: Models.IDField(), x: Models.IntegerField({ dbColumn: long(64) }) }, { dbTable: long(70) }),
      B: Models.Model(
        { id: Models.IDField(), y: Models.IntegerField() },
        { dbTable: long(63), indexes: [Models.Index({ fields: ["y"], name: `é${long(63)}` })] },
      ),
    };
    let error: unknown;
    try {
      modelsToSchema(models, dialectNamed("postgresql"));
    } catch (e) {
      error = e;
    }
    expect(isPormgError(error, "MODEL_INVALID")).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("3 names too long for PostgreSQL");
    expect(message).toContain(`A: table "${long(70)}" is 70 bytes long`);
    expect(message).toContain(`column "${long(70)}".`);
    expect(message).toContain("is 65 bytes long"); // é is two bytes
    expect(message).not.toContain(`table "${long(63)}" is`);
  });
  test("SQLite keeps long names whole", () => {
    const models = { A: Models.Model({ id: Models.IDField() }, { dbTable: long(100) }) };
    expect(modelsToSchema(models, dialectNamed("sqlite")).schema.tables[0]?.name).toBe(long(100));
  });
});
