/**
 * Generates the benchmark data set into an empty database (`tsx bench/generate.ts [N]`):
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite in CANDOUR_DATA_DIR/pglite. The loader
 * itself lives in src/data/bench/generate.ts so that `candour bench-data` can use it too; the
 * benchmark (bench/run.ts) calls it directly.
 */
import path from 'node:path'
import { generateBenchData } from '../src/data/bench/generate.js'

export {
  BENCH_USER_EMAIL,
  generateBenchData,
  type BenchDataOptions,
  type BenchDataSummary,
} from '../src/data/bench/generate.js'

if (import.meta.url === `file://${process.argv[1]}`) {
  const investigations = Number(process.argv[2] ?? process.env.BENCH_INVESTIGATIONS ?? 100_000)
  const summary = await generateBenchData(
    { databaseUrl: process.env.DATABASE_URL, pgliteDir: path.join(process.env.CANDOUR_DATA_DIR ?? './data', 'pglite') },
    { investigations, log: (l) => console.log(l) },
  )
  console.log(`Generated in ${summary.seconds.toFixed(1)} s`)
}
