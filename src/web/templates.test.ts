/**
 * Rules every page template keeps, checked over all of them (a new template is covered without
 * being named here).
 */
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'

async function templates(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await templates(path)))
    else if (entry.name.endsWith('.njk')) found.push(path)
  }
  return found
}

/** Each call of a macro in a template: from its name to the `}) }}` that closes it. */
function callsOf(source: string, macro: string): string[] {
  const calls: string[] = []
  for (let at = source.indexOf(`${macro}(`); at >= 0; at = source.indexOf(`${macro}(`, at + 1)) {
    const end = source.indexOf('}) }}', at)
    calls.push(source.slice(at, end < 0 ? undefined : end))
  }
  return calls
}

describe('page templates', () => {
  it('use no conditional reveals on radios (GOV.UK Frontend puts aria-expanded on a radio, which ARIA does not allow)', async () => {
    const offenders: string[] = []
    const files = await templates(new URL('.', import.meta.url).pathname)
    assert.ok(files.length > 50, `saw ${files.length} templates`)
    for (const file of files) {
      const source = await readFile(file, 'utf8')
      if (callsOf(source, 'govukRadios').some((call) => /\bconditional\s*:/.test(call))) offenders.push(file)
    }
    assert.deepEqual(offenders, [], 'show the follow-up field plainly after the radios, as subjects/new.njk does')
  })

  it('put no link inside a tag (a link on a tag’s tinted background lacks contrast: axe color-contrast)', async () => {
    const offenders: string[] = []
    for (const file of await templates(new URL('.', import.meta.url).pathname)) {
      const source = await readFile(file, 'utf8')
      for (const tag of source.matchAll(/<strong class="govuk-tag[^"]*"[^>]*>([\s\S]*?)<\/strong>/g))
        if (/<a\b/.test(tag[1]!)) offenders.push(`${file}: ${tag[0].slice(0, 120)}`)
    }
    assert.deepEqual(offenders, [], 'put the link beside the tag')
  })
})
