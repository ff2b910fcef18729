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

  it('the whole fragment, written out: contents, numbered headings, every kind of block; empty lists leave nothing', () => {
    const html = reportHtml({
      reference: '2026/000002',
      title: 'ignored here: the page gives the title',
      forceName: 'f',
      versionNumber: 1,
      status: 'approved',
      statusLabel: 'Approved',
      sections: [
        {
          id: 'a"b',
          heading: 'First',
          blocks: [
            { kind: 'paragraphs', paragraphs: [] },
            { kind: 'subheading', text: 'Sub & head' },
            {
              kind: 'paragraphs',
              paragraphs: [
                { number: 7, text: 'one\r\ntwo' },
                { number: 8, text: 'three' },
              ],
            },
          ],
        },
        {
          id: 'chronology',
          heading: 'Chronology',
          blocks: [
            { kind: 'chronology', entries: [] },
            {
              kind: 'chronology',
              entries: [
                { number: 9, date: '2025-01-01', title: 'Call', description: 'rang\n999', missedOpportunity: true },
                { number: 10, date: '2025-01-02', title: 'Visit', description: null, missedOpportunity: false },
              ],
            },
            { kind: 'references', entries: [{ exhibitReference: 'EX/2', title: 'CCTV', withdrawn: false }] },
          ],
        },
      ],
    })
    assert.equal(
      html,
      [
        '<nav aria-labelledby="report-contents-heading">',
        '<h2 class="govuk-heading-m" id="report-contents-heading">Contents</h2>',
        '<ol class="govuk-list govuk-list--number">',
        '<li><a class="govuk-link" href="#a&quot;b">First</a></li>',
        '<li><a class="govuk-link" href="#chronology">Chronology</a></li>',
        '</ol>',
        '</nav>',
        '<h2 class="govuk-heading-m" id="a&quot;b">1. First</h2>',
        '<h3 class="govuk-heading-s">Sub &amp; head</h3>',
        '<ol class="govuk-list govuk-list--number" start="7">',
        '<li>one<br>two</li>',
        '<li>three</li>',
        '</ol>',
        '<h2 class="govuk-heading-m" id="chronology">2. Chronology</h2>',
        '<ol class="govuk-list govuk-list--number" start="9">',
        '<li><strong>2025-01-01</strong> — Call (missed opportunity)<br>rang<br>999</li>',
        '<li><strong>2025-01-02</strong> — Visit</li>',
        '</ol>',
        '<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">Evidence referred to</caption>',
        '<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Exhibit</th><th scope="col" class="govuk-table__header">Document</th></tr></thead><tbody class="govuk-table__body">',
        '<tr class="govuk-table__row"><td class="govuk-table__cell">EX/2</td><td class="govuk-table__cell">CCTV</td></tr>',
        '</tbody></table>',
      ].join('\n'),
    )
  })
})
