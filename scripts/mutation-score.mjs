#!/usr/bin/env node
// Scores Stryker JSON reports (reports/mutation/*.json): killed + timeout over killed + timeout +
// survived + no coverage, per file and in all. For a sampled run (MUTATION_SAMPLE, see
// scripts/mutation-sample.mjs) pass --sample R --seed S: only the mutants starting on sampled lines
// count, and the score comes with its 95 % interval (Wilson), as an estimate of the full run's.
//   node scripts/mutation-score.mjs reports/mutation/services-portal-sample0.25-seed1.json --sample 0.25 --seed 1
import fs from 'node:fs'
import { lineSampled } from './mutation-sample.mjs'

const args = process.argv.slice(2)
const option = (name) => {
  const i = args.indexOf(name)
  return i >= 0 ? args.splice(i, 2)[1] : undefined
}
const rate = Number(option('--sample') ?? '1')
const seed = option('--seed') ?? '1'
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage'])
const KILLED = new Set(['Killed', 'Timeout'])

function wilson(k, n, z = 1.96) {
  if (n === 0) return [0, 1]
  const p = k / n
  const d = 1 + (z * z) / n
  const centre = (p + (z * z) / (2 * n)) / d
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d
  return [centre - half, centre + half]
}
const pct = (x) => `${(100 * x).toFixed(2)} %`

let allKilled = 0
let allCounted = 0
for (const report of args) {
  const { files } = JSON.parse(fs.readFileSync(report, 'utf8'))
  for (const [file, { source, mutants }] of Object.entries(files)) {
    const lines = source.split('\n')
    let killed = 0
    let counted = 0
    let missed = 0
    for (const m of mutants) {
      const line = m.location.start.line
      if (!lineSampled(line, lines[line - 1] ?? '', rate, seed)) continue
      if (m.status === 'Ignored') missed++
      if (!COUNTED.has(m.status)) continue
      counted++
      if (KILLED.has(m.status)) killed++
    }
    allKilled += killed
    allCounted += counted
    const [lo, hi] = wilson(killed, counted)
    console.log(
      `${file}: ${killed} of ${counted} killed, ${pct(killed / (counted || 1))}` +
        (rate < 1 ? ` (95 % interval ${pct(lo)}–${pct(hi)})` : '') +
        (missed ? `; ${missed} sampled mutants were ignored` : ''),
    )
  }
}
const [lo, hi] = wilson(allKilled, allCounted)
console.log(
  `All: ${allKilled} of ${allCounted} killed, ${pct(allKilled / (allCounted || 1))}` +
    (rate < 1 ? ` (95 % interval ${pct(lo)}–${pct(hi)}; sample ${rate}, seed ${seed})` : ''),
)
