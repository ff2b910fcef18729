import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { API_VOCABULARIES } from './apiVocabularies.js'

describe('docs/api.md documents every closed vocabulary', () => {
  const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/api.md'), 'utf8')
  const rows = new Set(
    doc
      .split('\n')
      .map((l) => /^\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]}\t${m[2]!.replace(/\\\|/g, '|')}`),
  )
  for (const v of API_VOCABULARIES)
    it(v.name, () => {
      const missing = Object.entries(v.labels)
        .map(([code, label]) => `${code}\t${label}`)
        .filter((row) => !rows.has(row))
      assert.deepEqual(missing, [], 'regenerate with: npx tsx scripts/api-vocabularies.ts')
    })
})
