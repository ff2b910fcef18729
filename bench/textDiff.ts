/**
 * Times the report comparison (src/domain/textDiff.ts) on long texts: a 10,000-word report with
 * scattered edits, one with a rewritten passage, and the worst case of two unrelated 50,000-word
 * texts. Timings live here rather than in unit tests (the machine's load makes them vary).
 *
 *   npx tsx bench/textDiff.ts
 */
import { diffLines, diffStatistics, diffText } from '../src/domain/textDiff.js'

const report = (words: number, word: (i: number) => string) =>
  Array.from({ length: words }, (_, i) => word(i) + (i % 60 === 59 ? '\n\n' : ' '))
    .join('')
    .trimEnd()

const cases: [string, string, string][] = [
  [
    '10,000 words, two one-word edits',
    report(10_000, (i) => `w${i % 10}`),
    report(10_000, (i) => (i === 1_200 || i === 8_700 ? 'x' : `w${i % 10}`)),
  ],
  [
    '10,000 words, 1,500 rewritten + 3 edits',
    report(10_000, (i) => `w${i}`),
    report(10_000, (i) => (i >= 3_000 && i < 4_500 ? `r${i}` : i % 3_000 === 100 ? `e${i}` : `w${i}`)),
  ],
  ['two unrelated 50,000-word texts', report(50_000, (i) => `a${i % 5_000}`), report(50_000, (i) => `b${i % 7_000}`)],
]

for (const [name, a, b] of cases) {
  const started = performance.now()
  const statistics = diffStatistics(diffText(a, b))
  const words = performance.now() - started
  const linesStarted = performance.now()
  diffLines(a, b)
  const lines = performance.now() - linesStarted
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6)
  console.log(
    `${name}: diffText ${words.toFixed(0)} ms, diffLines ${lines.toFixed(0)} ms, heap ${heapMb} MB,`,
    JSON.stringify(statistics),
  )
}
