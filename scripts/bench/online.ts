/**
 * The `online` benchmark of scripts/bench.ts (issue 14, "proof under traffic"): a table of 1M rows
 * (100k with --quick) and a referenced table, 8 writer connections inserting and updating for the
 * whole run, and the real CLI applying a plan that adds an index, a foreign key on an existing
 * column, SET NOT NULL on a populated column and a CHECK. Each run starts from a fresh schema.
 *
 *   traffic, online    the plan `makemigrations` writes by default (online variants)   [needs --no-online]
 *   traffic, blocking  the same change with `makemigrations --no-online` (or, before the online
 *                      variants exist, the only form there is)
 *   blocker …          a session holds LOCK TABLE item IN ACCESS SHARE MODE in an open transaction
 *                      for 20 s (5 s with --quick) while `migrate` runs with its defaults; before
 *                      --lock-retries exists, a second run passes --lock-timeout 3 (no retries)
 *
 * For each run: migrate's exit code and wall time, and the writers' operations that overlapped the
 * migrate process: count, errors, p50 / p99 / worst latency, and how many took longer than 1 s;
 * for blocker runs, whether the worst stayed within the 3 s lock timeout (+ 0.5 s slack).
 */
import postgres from "postgres";
import { type Capabilities, capabilities, Project } from "./online-project.ts";
import { WriterPool, type WriterStats } from "./writers.ts";

const LOCK_TIMEOUT_S = 3;
const LOCK_RETRIES = 5;
const WRITERS = 8;
const ACCOUNTS = 1000;
/** An operation slower than this counts as stalled (the table's "> 1 s" column). */
const STALL_MS = 1000;
/** Slack over the lock timeout for the blocker verdict (client round trip, event loop). */
const SLACK_MS = 500;

interface RunSpec {
  readonly name: string;
  readonly makeArgs: readonly string[];
  readonly migrateArgs: readonly string[];
  /** Seconds a session holds ACCESS SHARE on the table while migrate runs (0: no blocker). */
  readonly blockerSeconds: number;
}

interface RunResult {
  readonly spec: RunSpec;
  readonly code: number;
  readonly wallMs: number;
  readonly writers: WriterStats;
  /** The writers in the 1 s before migrate started (no migration running). */
  readonly idle: WriterStats;
  readonly checkCode: number;
  /** For a blocker run that failed: whether the output names LOCK_TIMEOUT and the blocker's pid. */
  readonly named: string;
  readonly output: string;
}

/** Whether the CLI's output names the blocker's backend pid (as a whole number), and the line that does. */
function namesPid(output: string, pid: number): string {
  const line = output.split("\n").find((l) => new RegExp(`(^|\\D)${pid}(\\D|$)`).test(l));
  return line ? `names the blocker (pid ${pid}): ${line.trim()}` : `does not name the blocker (pid ${pid})`;
}

/** The CLI's lines about lock retries, if it prints any (issue 14 item 1). */
function retryLines(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => /retr(y|ies|ied)/i.test(l))
    .map((l) => l.trim());
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runsFor(caps: Capabilities, blockerSeconds: number): RunSpec[] {
  const lock = caps.lockRetries
    ? ["--lock-timeout", String(LOCK_TIMEOUT_S), "--lock-retries", String(LOCK_RETRIES)]
    : [];
  const runs: RunSpec[] = [];
  if (caps.online) runs.push({ name: "traffic, online", makeArgs: [], migrateArgs: lock, blockerSeconds: 0 });
  runs.push({
    name: "traffic, blocking",
    makeArgs: caps.online ? ["--no-online"] : [],
    migrateArgs: lock,
    blockerSeconds: 0,
  });
  runs.push({ name: "blocker, defaults", makeArgs: [], migrateArgs: [], blockerSeconds });
  if (!caps.lockRetries && caps.lockTimeout) {
    runs.push({
      name: `blocker, --lock-timeout ${LOCK_TIMEOUT_S}`,
      makeArgs: [],
      migrateArgs: ["--lock-timeout", String(LOCK_TIMEOUT_S)],
      blockerSeconds,
    });
  }
  return runs;
}

/** Starts the writers (and the blocker), runs `migrate`, and stops them 1 s after it ends (or on a failure). */
async function underTraffic(url: string, schema: string, rows: number, project: Project, spec: RunSpec) {
  const pool = new WriterPool({
    url,
    schema,
    writers: WRITERS,
    rows,
    accounts: ACCOUNTS,
    maxSeconds: 600,
    maxOps: 1e6,
  });
  let blocker: postgres.Sql | undefined;
  let held: Promise<unknown> = Promise.resolve();
  try {
    await pool.start();
    const warm = performance.now();
    await sleep(1000);
    let blockerPid = 0;
    if (spec.blockerSeconds > 0) {
      const options = { search_path: schema, application_name: "bench-blocker" };
      blocker = postgres(url, { max: 1, onnotice: () => {}, connection: options });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      held = blocker.begin(async (tx) => {
        const [me] = await tx`SELECT pg_backend_pid() AS pid`;
        blockerPid = Number(me?.pid);
        await tx`LOCK TABLE item IN ACCESS SHARE MODE`;
        locked();
        await sleep(spec.blockerSeconds * 1000);
      });
      await Promise.race([isLocked, held]);
    }
    console.error(`  [${spec.name}] pormg migrate ${spec.migrateArgs.join(" ")}`);
    const t0 = performance.now();
    const migrate = await project.pormg(["migrate", ...spec.migrateArgs]);
    const t1 = performance.now();
    await sleep(1000);
    return { migrate, t0, t1, warm, pool, blockerPid };
  } finally {
    await held;
    await blocker?.end({ timeout: 5 });
    await pool.stop();
  }
}

async function oneRun(url: string, schema: string, rows: number, spec: RunSpec): Promise<RunResult> {
  const admin = postgres(url, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
  try {
    await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
    const project = new Project(url, schema);
    project.modelsV1();
    await project.must(["makemigrations", "--name", "v1"]);
    await project.must(["migrate"]);
    const fill = performance.now();
    await admin.unsafe(`INSERT INTO account (name) SELECT 'a' || g FROM generate_series(1, ${ACCOUNTS}) g`);
    await admin.unsafe(
      `INSERT INTO item (account_id, qty, note)
       SELECT 1 + g % ${ACCOUNTS}, g % 100, 'n' || (g % 5000) FROM generate_series(1, ${rows}) g`,
    );
    await admin.unsafe("ANALYZE account, item");
    console.error(`  [${spec.name}] filled ${rows} rows in ${((performance.now() - fill) / 1000).toFixed(1)} s`);
    project.modelsV2();
    const made = await project.must(["makemigrations", "--name", "v2", ...spec.makeArgs]);
    const steps = made.stdout.split("\n").filter((l) => l.startsWith("  - "));
    console.error(
      `  [${spec.name}] makemigrations ${spec.makeArgs.join(" ")}: ${steps.length} steps\n${steps.join("\n")}`,
    );

    const { migrate, t0, t1, warm, pool, blockerPid } = await underTraffic(url, schema, rows, project, spec);
    const output = `${migrate.stdout}${migrate.stderr}`;
    if (migrate.code !== 0) {
      // A failed run (a blocker outlasting the retries): apply the rest so `check` says whether it resumes.
      await project.pormg(["migrate", ...spec.migrateArgs]);
    }
    const check = await project.pormg(["check"]);
    const named =
      spec.blockerSeconds === 0 || migrate.code === 0
        ? "—"
        : `${output.includes("LOCK_TIMEOUT") ? "LOCK_TIMEOUT" : "no LOCK_TIMEOUT"}, ${namesPid(output, blockerPid)}`;
    return {
      spec,
      code: migrate.code,
      wallMs: t1 - t0,
      writers: pool.stats(t0, t1, STALL_MS),
      idle: pool.stats(warm, t0, STALL_MS),
      checkCode: check.code,
      named,
      output,
    };
  } finally {
    await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end({ timeout: 5 });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const msf = (ms: number) => `${ms.toFixed(1)} ms`;

function printTable(results: readonly RunResult[]): void {
  const header = [
    "run",
    "migrate",
    "wall",
    "writer ops",
    "errors",
    "p50",
    "p99",
    "worst",
    `> ${STALL_MS / 1000} s`,
    "check after",
  ];
  const cells = (name: string, migrate: string, wall: string, w: WriterStats, check: string) => [
    name,
    migrate,
    wall,
    String(w.ops),
    String(w.errors),
    msf(w.p50),
    msf(w.p99),
    msf(w.max),
    String(w.over),
    check,
  ];
  const first = results[0];
  const lines = [
    ...(first ? [cells("no migration (1 s before)", "—", "—", first.idle, "—")] : []),
    ...results.map((r) =>
      cells(r.spec.name, `exit ${r.code}`, s(r.wallMs), r.writers, r.checkCode === 0 ? "clean" : `exit ${r.checkCode}`),
    ),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  for (const r of results) {
    if (r.spec.blockerSeconds > 0) {
      const worstOk = r.writers.max <= LOCK_TIMEOUT_S * 1000 + SLACK_MS;
      console.log(
        `${r.spec.name}: writers ${worstOk ? "never waited" : "waited"} more than the ${LOCK_TIMEOUT_S} s lock timeout ` +
          `(worst ${s(r.writers.max)}); migrate ${r.code === 0 ? `succeeded after the ${r.spec.blockerSeconds} s blocker ended` : `failed: ${r.named}`}`,
      );
      for (const line of retryLines(r.output)) console.log(`  retries: ${line}`);
    }
    if (r.writers.firstError) console.log(`${r.spec.name}: first writer error: ${r.writers.firstError}`);
  }
}

export async function benchOnline(url: string, flags: readonly string[]): Promise<void> {
  const quick = flags.includes("--quick");
  const rows = quick ? 100_000 : 1_000_000;
  const blockerSeconds = quick ? 5 : 20;
  const caps = capabilities();
  const mode = [
    caps.online
      ? "online variants (makemigrations default) vs --no-online"
      : "blocking form only (makemigrations has no --no-online)",
    caps.lockRetries
      ? `migrate --lock-timeout ${LOCK_TIMEOUT_S} --lock-retries ${LOCK_RETRIES} (blocker runs: defaults)`
      : "no --lock-retries (migrate waits without bound by default)",
  ];
  console.log(`online: ${rows} rows, ${WRITERS} writers, blocker ${blockerSeconds} s; ${mode.join("; ")}`);
  const results: RunResult[] = [];
  let n = 0;
  for (const spec of runsFor(caps, blockerSeconds)) {
    results.push(await oneRun(url, `pormg_bench_online_${process.pid}_${++n}`, rows, spec));
  }
  printTable(results);
  // The harness's own check: every run must leave the models and the database agreeing.
  if (results.some((r) => r.checkCode !== 0)) {
    console.error("online: a run did not end with `pormg check` clean");
    process.exitCode = 1;
  }
}
