/**
 * The MySQL / MariaDB schema of the `mysql-introspect` benchmark: `tables` InnoDB tables of 16
 * columns of mixed types (AUTO_INCREMENT key, varchar, longtext, decimal, datetime(6) with
 * `DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE …`, tinyint(1), json, char(36)), NOT NULLs, defaults, a
 * CHECK, a foreign key to the previous table, a UNIQUE key, a plain index and, on every fourth
 * table, a prefix index. Also `mysqlCli`, which runs SQL through the `mariadb` / `mysql` client.
 */
import { spawnSync } from "node:child_process";

export const MYSQL_URL = process.env.PORMG_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

/** DDL for `tables` tables in the current database, one statement per line. Pure. */
export function mysqlBenchDdl(tables: number): string {
  const lines: string[] = [];
  for (let n = 1; n <= tables; n++) {
    const t = `t${String(n).padStart(5, "0")}`;
    const parent = n > 1 ? `t${String(n - 1).padStart(5, "0")}` : undefined;
    const columns = [
      "`id` bigint NOT NULL AUTO_INCREMENT PRIMARY KEY",
      "`tenant_id` int NOT NULL",
      "`parent_id` bigint NULL",
      "`code` varchar(40) NOT NULL",
      "`name` varchar(200) NOT NULL DEFAULT ''",
      "`description` longtext NULL",
      "`price` decimal(12,2) NOT NULL DEFAULT 0.00",
      "`weight` double NULL",
      "`quantity` int NOT NULL DEFAULT 1",
      "`is_active` tinyint(1) NOT NULL DEFAULT 1",
      "`status` varchar(20) NOT NULL DEFAULT 'new'",
      "`payload` json NULL",
      "`created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)",
      "`updated_at` datetime(6) NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(6)",
      "`uuid` char(36) NOT NULL",
      "`score` double NULL DEFAULT 0.5",
      `UNIQUE KEY \`${t}_code_key\` (\`code\`, \`tenant_id\`)`,
      `KEY \`${t}_tenant_created_idx\` (\`tenant_id\`, \`created_at\`)`,
      ...(n % 4 === 0 ? [`KEY \`${t}_name_prefix_idx\` (\`name\`(20))`] : []),
      `CONSTRAINT \`${t}_quantity_check\` CHECK (\`quantity\` >= 0)`,
      ...(parent === undefined
        ? []
        : [
            `CONSTRAINT \`${t}_parent_fk\` FOREIGN KEY (\`parent_id\`) REFERENCES \`${parent}\` (\`id\`) ON DELETE CASCADE`,
          ]),
    ];
    lines.push(`CREATE TABLE \`${t}\` (${columns.join(", ")}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`);
  }
  return `${lines.join("\n")}\n`;
}

/** The command-line arguments of the `mariadb` client for `url` (user, host, port, database). */
export function cliArgs(url: string): string[] {
  const u = new URL(url);
  return [
    `--host=${u.hostname}`,
    `--port=${u.port || "3306"}`,
    `--user=${decodeURIComponent(u.username || "root")}`,
    ...(u.password ? [`--password=${decodeURIComponent(u.password)}`] : []),
    ...(u.pathname.length > 1 ? [decodeURIComponent(u.pathname.slice(1))] : []),
  ];
}

/** Runs `sql` through the `mariadb` client on `url`, stopping at the first error. */
export function mysqlCli(sql: string, url = MYSQL_URL): void {
  const result = spawnSync("mariadb", cliArgs(url), { input: sql, stdio: ["pipe", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error("mariadb client failed");
}
