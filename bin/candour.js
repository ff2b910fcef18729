#!/usr/bin/env node
// Entry point for an installed Candour: runs the CLI through tsx so no build step is needed.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const tsx = require.resolve('tsx/cli')
// The CLI's work is batch work (imports, exports, sweeps) that allocates many short-lived rows: a
// small young generation keeps its memory flat (measured: a 100,000-allegation import peaked at
// 280 MB instead of 343 MB, docs/performance.md) at a negligible cost in time. Its work streams,
// so its heap need not grow with the data: a bounded old generation makes V8 collect instead of
// growing to its default limit first (an import's peak RSS 374 MB → 206 MB; ADR 0030).
// NODE_OPTIONS=--max-old-space-size=N overrides the bound.
// On the embedded database, PGlite's PostgreSQL is a 9 MB WebAssembly module: V8 by default compiles
// all of it at once with its baseline compiler (Liftoff) and again, optimised, as it runs hot, keeping
// both. Compiling only what runs, optimised once (--wasm-lazy-compilation --no-liftoff), keeps about
// 50 MB less resident for the same start-up time (docs/performance.md "PGlite's memory", ADR 0031).
const heap = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ? [] : ['--max-old-space-size=128']
const result = spawnSync(
  process.execPath,
  [
    '--max-semi-space-size=2',
    ...heap,
    '--wasm-lazy-compilation',
    '--no-liftoff',
    tsx,
    path.join(here, '..', 'src', 'cli', 'candour.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
