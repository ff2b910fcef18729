#!/usr/bin/env node
// Entry point for an installed Candour: runs the CLI through tsx so no build step is needed.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const tsx = require.resolve('tsx/cli')
const result = spawnSync(
  process.execPath,
  [tsx, path.join(here, '..', 'src', 'cli', 'candour.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
