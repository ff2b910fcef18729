#!/usr/bin/env node
// Re-checks the mutants a Stryker run left alive, one by one, against the tests as they are now
// (docs/quality.md, "After the survivors' tests"): each surviving or uncovered mutant of one file is
// applied to the working copy from the JSON report's location and replacement, the given test files
// run, and the file is restored. A mutant is killed when the run fails.
//
//   node scripts/mutation-recheck.mjs reports/mutation/services-portal-sample0.15-seed1.json \
//     src/services/portal/portal.ts test/integration/portalRules.test.ts
//
// CANDOUR_TEST_DATABASES is passed through (pglite when unset; postgres for the lock tests).
// With --sample R --seed S only the mutants on sampled lines are re-checked, as the score counts them.
// Refuses to run when the file differs from the source the report was made from.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { lineSampled } from './mutation-sample.mjs'

const args = process.argv.slice(2)
const option = (name) => {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const [, value] = args.splice(i, 2)
  return value
}
const sample = Number(option('--sample') ?? '1')
const seed = option('--seed') ?? '1'
const [reportPath, file, ...tests] = args
if (!reportPath || !file || tests.length === 0) {
  console.error('usage: mutation-recheck.mjs <report.json> <file> <test files…> [--sample R --seed S]')
  process.exit(2)
}
const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'))
const entry = report.files[file]
if (!entry) throw new Error(`${file} is not in ${reportPath}`)
const original = fs.readFileSync(file, 'utf8')
if (original !== entry.source) throw new Error(`${file} has changed since the report was made; re-run Stryker instead`)

const lines = original.split('\n')
const offsets = [0]
for (const line of lines) offsets.push(offsets[offsets.length - 1] + line.length + 1)
const at = ({ line, column }) => offsets[line - 1] + column - 1

const alive = entry.mutants.filter(
  (m) =>
    (m.status === 'Survived' || m.status === 'NoCoverage') &&
    lineSampled(m.location.start.line, lines[m.location.start.line - 1] ?? '', sample, seed),
)
const restore = () => fs.writeFileSync(file, original)
process.on('SIGINT', () => {
  restore()
  process.exit(130)
})
const env = { ...process.env, CANDOUR_TEST_DATABASES: process.env.CANDOUR_TEST_DATABASES ?? 'pglite' }
const testsPass = () =>
  spawnSync(process.execPath, ['scripts/run-tests.mjs', ...tests], { env, stdio: 'ignore' }).status === 0
// Without this, tests that fail anyway (a database not running, a broken test) would count every mutant killed.
if (!testsPass()) throw new Error(`the tests fail on the unchanged source; fix them before re-checking`)
let killed = 0
try {
  for (const m of alive) {
    fs.writeFileSync(file, original.slice(0, at(m.location.start)) + m.replacement + original.slice(at(m.location.end)))
    const passed = testsPass()
    const verdict = passed ? 'ALIVE ' : 'killed'
    if (!passed) killed++
    console.log(`${verdict} ${m.id} L${m.location.start.line} ${m.mutatorName}: ${m.replacement.split('\n')[0]}`)
  }
} finally {
  restore()
}
console.log(`${killed} of ${alive.length} re-checked mutants killed (${env.CANDOUR_TEST_DATABASES})`)
