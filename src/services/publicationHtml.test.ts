import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { escapeHtml, reportHtml } from './publicationHtml.js'

describe('published report HTML', () => {
  it('escapes every string and numbers paragraphs from where the section starts', () => {
    const html = reportHtml({
      reference: '2026/000001',
      title: 't',
      forceName: 'f',
      versionNumber: 1,
      status: 'approved',
      statusLabel: 'Approved',
      sections: [
        {
          id: 'summary',
          heading: 'Summary <b>',
          blocks: [
            { kind: 'paragraphs', paragraphs: [{ number: 3, text: '<script>alert(1)</script>\nline two & "more"' }] },
          ],
        },
        {
          id: 'evidence-analysis',
          heading: 'Evidence',
          blocks: [
            { kind: 'references', entries: [{ exhibitReference: 'EX/1', title: "O'Neil's <log>", withdrawn: true }] },
          ],
        },
      ],
    })
    assert.ok(!html.includes('<script>'))
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;<br>line two &amp; &quot;more&quot;'))
    assert.ok(html.includes('<ol class="govuk-list govuk-list--number" start="3">'))
    assert.ok(html.includes('Summary &lt;b&gt;'))
    assert.ok(html.includes('O&#39;Neil&#39;s &lt;log&gt; (withdrawn)'))
    assert.equal(escapeHtml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;')
  })
})
