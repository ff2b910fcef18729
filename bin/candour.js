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
// 280 MB instead of 343 MB, docs/performance.md) at a negligible cost in time.
const result = spawnSync(
  process.execPath,
  ['--max-semi-space-size=2', tsx, path.join(here, '..', 'src', 'cli', 'candour.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
