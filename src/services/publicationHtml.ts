/**
 * The redacted report as an accessible HTML fragment (GOV.UK typography), stored on the
 * publication so the public page shows exactly what was released. Made from the same
 * (already redacted) document model as the PDF; every string is escaped.
 */
import type { ReportDocument } from '../domain/report.js'

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const lines = (value: string) => escapeHtml(value).replace(/\r?\n/g, '<br>')

/** Headings start at h2: the page's h1 is the publication's title. */
export function reportHtml(doc: ReportDocument): string {
  const out: string[] = []
  out.push(
    '<nav aria-labelledby="report-contents-heading">',
    '<h2 class="govuk-heading-m" id="report-contents-heading">Contents</h2>',
    '<ol class="govuk-list govuk-list--number">',
  )
  for (const s of doc.sections)
    out.push(`<li><a class="govuk-link" href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a></li>`)
  out.push('</ol>', '</nav>')
  doc.sections.forEach((s, index) => {
    out.push(`<h2 class="govuk-heading-m" id="${escapeHtml(s.id)}">${index + 1}. ${escapeHtml(s.heading)}</h2>`)
    for (const b of s.blocks) {
      if (b.kind === 'paragraphs' && b.paragraphs.length) {
        out.push(`<ol class="govuk-list govuk-list--number" start="${b.paragraphs[0]!.number}">`)
        for (const p of b.paragraphs) out.push(`<li>${lines(p.text)}</li>`)
        out.push('</ol>')
      } else if (b.kind === 'subheading') out.push(`<h3 class="govuk-heading-s">${escapeHtml(b.text)}</h3>`)
      else if (b.kind === 'chronology' && b.entries.length) {
        out.push(`<ol class="govuk-list govuk-list--number" start="${b.entries[0]!.number}">`)
        for (const e of b.entries)
          out.push(
            `<li><strong>${escapeHtml(e.date)}</strong> — ${escapeHtml(e.title)}${e.missedOpportunity ? ' (missed opportunity)' : ''}${e.description ? `<br>${lines(e.description)}` : ''}</li>`,
          )
        out.push('</ol>')
      } else if (b.kind === 'references') {
        out.push(
          '<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">Evidence referred to</caption>',
        )
        out.push(
          '<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Exhibit</th><th scope="col" class="govuk-table__header">Document</th></tr></thead><tbody class="govuk-table__body">',
        )
        for (const e of b.entries)
          out.push(
            `<tr class="govuk-table__row"><td class="govuk-table__cell">${escapeHtml(e.exhibitReference)}</td><td class="govuk-table__cell">${escapeHtml(e.title)}${e.withdrawn ? ' (withdrawn)' : ''}</td></tr>`,
          )
        out.push('</tbody></table>')
      }
    }
  })
  return out.join('\n')
}
