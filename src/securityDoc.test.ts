/**
 * docs/security.md maps ASVS requirements to tests: every test file it cites must exist, and every
 * test it names (`path` › “name”) must be in that file, so the checklist cannot point at tests
 * that were renamed or removed.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'

const doc = readFileSync('docs/security.md', 'utf8').replace(/\s*\n\s*/g, ' ')

describe('docs/security.md', () => {
  it('cites only test files that exist, and test names found in them', () => {
    const missing: string[] = []
    let cited = 0
    let named = 0
    let last: string | undefined
    for (const m of doc.matchAll(/`((?:test|src)\/[^`]+\.test\.ts)`|› “([^”]+)”/g)) {
      if (m[1]) {
        last = m[1]
        cited++
        if (!existsSync(last)) missing.push(`${last}: no such file`)
      } else if (m[2]) {
        named++
        if (!last) missing.push(`“${m[2]}” follows no file`)
        else if (
          existsSync(last) &&
          !readFileSync(last, 'utf8')
            .replace(/\s*\n\s*/g, ' ')
            .includes(m[2])
        )
          missing.push(`${last}: no test “${m[2]}”`)
      }
    }
    assert.deepEqual(missing, [])
    assert.ok(cited >= 30 && named >= 20, `only ${cited} files and ${named} names cited`)
  })
})
