/**
 * A realistic SQLite schema for the introspection benchmarks: `tables` tables of 16 columns of
 * mixed types (integer key, text, real, numeric, blob, booleans, dates), NOT NULLs, defaults, two
 * CHECKs, a foreign key to the previous table (with an action on every other one), a UNIQUE
 * constraint (named on every third table), a plain index and, on every fourth table, a partial
 * index. Pure: returns the SQL text (one statement per line), which `sqlite3 file < ddl` or
 * `db.exec(ddl)` loads.
 */
export function sqliteBenchDdl(tables: number): string {
  const lines: string[] = [];
  for (let n = 1; n <= tables; n++) {
    const t = `t${String(n).padStart(5, "0")}`;
    const parent = n > 1 ? `t${String(n - 1).padStart(5, "0")}` : undefined;
    const action = n % 2 === 0 ? " ON DELETE CASCADE" : "";
    const unique = n % 3 === 0 ? `CONSTRAINT ${t}_code_key UNIQUE (code, tenant_id)` : "UNIQUE (code, tenant_id)";
    const columns = [
      "id INTEGER PRIMARY KEY",
      "tenant_id INTEGER NOT NULL",
      `${parent === undefined ? "parent_id INTEGER" : `parent_id INTEGER REFERENCES ${parent} (id)${action}`}`,
      "code TEXT NOT NULL",
      "name TEXT NOT NULL DEFAULT ''",
      "description TEXT",
      "price NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (price >= 0)",
      "weight REAL",
      "quantity INTEGER NOT NULL DEFAULT 1",
      "is_active BOOLEAN NOT NULL DEFAULT 1",
      "status VARCHAR(20) NOT NULL DEFAULT 'new'",
      "payload BLOB",
      "created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP",
      "updated_at TIMESTAMP",
      "score DOUBLE PRECISION DEFAULT 0.5",
      "email TEXT COLLATE NOCASE",
      unique,
      "CHECK (quantity >= 0 AND status IN ('new', 'open', 'closed'))",
    ];
    lines.push(`CREATE TABLE ${t} (${columns.join(", ")});`);
    lines.push(`CREATE INDEX ${t}_tenant_created_idx ON ${t} (tenant_id, created_at DESC);`);
    if (n % 4 === 0) lines.push(`CREATE INDEX ${t}_active_idx ON ${t} (status) WHERE is_active = 1;`);
  }
  return `${lines.join("\n")}\n`;
}
