/**
 * The writer traffic of the `online` benchmark: N separate PostgreSQL connections (the `postgres`
 * package), each alternating an INSERT and an UPDATE of a random row on the benchmark table until
 * told to stop, a time cap or an operation cap is reached. Every operation's start, latency and
 * outcome is kept so a window (the migrate process's lifetime) can be measured afterwards.
 */
import postgres from "postgres";

/** One finished operation: when it started and how long it took (performance.now() ms). */
interface Op {
  readonly start: number;
  readonly ms: number;
  readonly ok: boolean;
}

/** Latency figures of the operations that overlapped a window. */
export interface WriterStats {
  readonly ops: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Operations that took longer than the threshold given to `stats`. */
  readonly over: number;
  readonly firstError: string | undefined;
}

export interface WriterOptions {
  readonly url: string;
  readonly schema: string;
  readonly writers: number;
  /** Rows the table was filled with (updates pick ids in 1..rows). */
  readonly rows: number;
  /** Referenced rows (inserts pick account_id in 1..accounts). */
  readonly accounts: number;
  /** Hard caps: a writer stops after this long or this many operations, whichever comes first. */
  readonly maxSeconds: number;
  readonly maxOps: number;
}

export class WriterPool {
  private readonly ops: Op[] = [];
  private readonly errors: string[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];
  private readonly sqls: postgres.Sql[] = [];

  constructor(private readonly options: WriterOptions) {}

  /** Opens every connection (so connecting is not measured) and starts the loops. */
  async start(): Promise<void> {
    const o = this.options;
    for (let i = 0; i < o.writers; i++) {
      const sql = postgres(o.url, {
        max: 1,
        onnotice: () => {},
        connection: { search_path: o.schema, application_name: `bench-writer-${i + 1}` },
      });
      await sql`SELECT 1`;
      this.sqls.push(sql);
    }
    const deadline = performance.now() + o.maxSeconds * 1000;
    this.loops = this.sqls.map((sql) => this.loop(sql, deadline));
  }

  private async loop(sql: postgres.Sql, deadline: number): Promise<void> {
    const o = this.options;
    for (let n = 0; n < o.maxOps && !this.stopping && performance.now() < deadline; n++) {
      const start = performance.now();
      let ok = true;
      try {
        if (n % 2 === 0) {
          const account = 1 + Math.floor(Math.random() * o.accounts);
          await sql`INSERT INTO item (account_id, qty, note) VALUES (${account}, ${n % 100}, 'w')`;
        } else {
          const id = 1 + Math.floor(Math.random() * o.rows);
          await sql`UPDATE item SET qty = qty + 1 WHERE id = ${id}`;
        }
      } catch (error) {
        ok = false;
        this.errors.push(error instanceof Error ? error.message : String(error));
      }
      this.ops.push({ start, ms: performance.now() - start, ok });
    }
  }

  /** Stops the loops (each finishes its current operation) and closes the connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
    await Promise.all(this.sqls.map((sql) => sql.end({ timeout: 5 })));
  }

  /** Figures for the operations that were running at any moment in [from, to]. */
  stats(from: number, to: number, overMs: number): WriterStats {
    const inWindow = this.ops.filter((op) => op.start <= to && op.start + op.ms >= from);
    const sorted = inWindow.map((op) => op.ms).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      ops: inWindow.length,
      errors: inWindow.filter((op) => !op.ok).length,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted[sorted.length - 1] ?? 0,
      over: sorted.filter((ms) => ms > overMs).length,
      firstError: this.errors[0],
    };
  }
}
