import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { safeReturnTo } from './signInValidation.js'

const SELF = 'https://candour.example'

/** What a browser does with a Location header: resolve it against the page's address. */
const browserTarget = (location: string) => new URL(location, `${SELF}/sign-in`)

describe('safeReturnTo', () => {
  it('refuses every known open-redirect bypass', () => {
    const bypasses = [
      '/\t/evil.example',
      '/%09/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/%0d%0a/evil.example',
      '/%0D%0ALocation:%20https://evil.example',
      '/\r\nSet-Cookie: x=1',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\\/evil.example',
      '\\/evil.example',
      '/%2F/evil.example',
      '/%5C/evil.example',
      '%2F%2Fevil.example',
      'https://evil.example',
      'https:evil.example',
      'http://candour.example@evil.example',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/\u0000/evil.example',
      '/\u007f/evil.example',
      '/\u0085/evil.example',
      '\u0000',
      'evil.example',
      '',
      '/' + 'a'.repeat(3000),
    ]
    for (const value of bypasses) assert.equal(safeReturnTo(value), '/', JSON.stringify(value))
  })

  it('keeps the service’s own paths, with their query and fragment', () => {
    assert.equal(safeReturnTo('/investigations/abc?tab=report#findings'), '/investigations/abc?tab=report#findings')
    assert.equal(safeReturnTo('/investigations?q=2026%2F000001'), '/investigations?q=2026%2F000001')
    assert.equal(safeReturnTo('/a/../b'), '/b')
    assert.equal(safeReturnTo(undefined), '/')
    assert.equal(safeReturnTo(['/x']), '/')
  })

  it('whatever it is given, the answer is a path a browser resolves to this service, with no control character', () => {
    const pieces = fc.constantFrom(
      '/',
      '\\',
      '\t',
      '\r',
      '\n',
      '%2f',
      '%5c',
      '%09',
      ':',
      '@',
      '.',
      'evil.example',
      'javascript',
      '?',
      '#',
      ' ',
      '\u0000',
      'a',
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
        ),
        (value) => {
          const target = safeReturnTo(value)
          // eslint-disable-next-line no-control-regex
          assert.ok(!/[\u0000-\u001f\u007f-\u009f\\]/.test(target), JSON.stringify(target))
          assert.ok(target.startsWith('/') && !target.startsWith('//'))
          assert.equal(browserTarget(target).origin, SELF, JSON.stringify(value))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
