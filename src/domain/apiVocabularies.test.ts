import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { API_VOCABULARIES, vocabulariesMarkdown } from './apiVocabularies.js'

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

describe('the Vocabularies section as generated', () => {
  const markdown = vocabulariesMarkdown()

  it('writes a heading, a two-column table and a blank line for each vocabulary', () => {
    assert.ok(
      markdown.startsWith(
        [
          '**Matter type (`matterType`)**',
          '',
          '| Code | Label |',
          '| --- | --- |',
          '| `complaint` | Complaint |',
          '| `conduct_matter` | Conduct matter |',
          '| `dsi_matter` | Death or serious injury (DSI) matter |',
          '',
          '**Referral category (`category`)**',
          '',
          '| Code | Label |',
          '| --- | --- |',
          '| `death_or_serious_injury` | Death or serious injury |',
        ].join('\n'),
      ),
    )
    assert.ok(
      markdown.endsWith(
        '| `response.due-soon` | Your force’s response to a report is due within the next days and not all of it is recorded |\n',
      ),
    )
  })

  it('is what docs/api.md carries (once Prettier has aligned its tables)', () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/api.md'), 'utf8')
    const normal = (line: string) => line.replace(/\s+/g, ' ').replace(/^\| -[- |]*$/, '| --- | --- |')
    const docLines = new Set(doc.split('\n').map(normal))
    const missing = markdown
      .split('\n')
      .filter((l) => l !== '')
      .filter((l) => !docLines.has(normal(l)))
    assert.deepEqual(missing, [], 'regenerate with: npx tsx scripts/api-vocabularies.ts')
    assert.equal(markdown.split('\n').filter((l) => l.startsWith('**')).length, API_VOCABULARIES.length)
  })
})
