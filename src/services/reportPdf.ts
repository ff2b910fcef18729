/**
 * The final report as a PDF, made with pdfmake from the report's document model (the same model
 * the HTML page shows): a cover page, a table of contents, and the sections with their numbered
 * paragraphs, chronology extract and evidence references. Standard PDF fonts only (Helvetica),
 * set up in noticeOfInvestigation.ts; pdfmake may neither fetch URLs nor read other files.
 */
import pdfmake from 'pdfmake'
import type { Content } from 'pdfmake'
import type { ReportDocument } from '../domain/report.js'
import './noticeOfInvestigation.js'

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0]

function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

const numberedParagraph = (number: number, text: string): Content => ({
  columns: [
    { width: 28, text: `${number}.` },
    { width: '*', text },
  ],
  columnGap: 4,
  margin: [0, 0, 0, 6],
})

export function reportDocumentDefinition(doc: ReportDocument, meta: { generatedOn: string }): TDocumentDefinitions {
  const body: Content[] = []
  doc.sections.forEach((section, index) => {
    body.push({
      text: `${index + 1}. ${section.heading}`,
      style: 'h2',
      tocItem: true,
      pageBreak: index === 0 ? 'before' : undefined,
    } as Content)
    for (const block of section.blocks) {
      if (block.kind === 'paragraphs') body.push(...block.paragraphs.map((p) => numberedParagraph(p.number, p.text)))
      else if (block.kind === 'subheading') body.push({ text: block.text, style: 'h3' })
      else if (block.kind === 'chronology')
        body.push(
          ...block.entries.map((e) =>
            numberedParagraph(
              e.number,
              `${e.date} — ${e.title}${e.missedOpportunity ? ' (missed opportunity)' : ''}${e.description ? `\n${e.description}` : ''}`,
            ),
          ),
        )
      else
        body.push({
          table: {
            headerRows: 1,
            widths: [90, '*'],
            body: [
              [
                { text: 'Exhibit', bold: true },
                { text: 'Document', bold: true },
              ],
              ...block.entries.map((e) => [e.exhibitReference, `${e.title}${e.withdrawn ? ' (withdrawn)' : ''}`]),
            ],
          },
          layout: 'lightHorizontalLines',
          margin: [28, 0, 0, 8],
        })
    }
  })
  return {
    info: {
      title: `Investigation report – ${doc.reference} – ${doc.title}`,
      subject: 'Final report',
      creator: 'Candour',
    },
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 64],
    defaultStyle: { font: 'Helvetica', fontSize: 11, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 24, bold: true, margin: [0, 120, 0, 12] },
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 12] },
      h2: { fontSize: 14, bold: true, margin: [0, 14, 0, 8] },
      h3: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
      caption: { fontSize: 9, color: '#505a5f' },
    },
    footer: (page: number, pages: number) =>
      page === 1
        ? null
        : {
            text: `${doc.reference} · Investigation report · version ${doc.versionNumber} · page ${page} of ${pages}`,
            style: 'caption',
            alignment: 'center',
            margin: [0, 24, 0, 0],
          },
    content: [
      { text: 'OFFICIAL – SENSITIVE', style: 'caption', alignment: 'right' },
      { text: 'Investigation report', style: 'title' },
      { text: doc.title, fontSize: 16, margin: [0, 0, 0, 24] },
      {
        table: {
          widths: [150, '*'],
          body: [
            ['Investigation reference', doc.reference],
            ['Force investigated', doc.forceName || '—'],
            ['Version', String(doc.versionNumber)],
            ['Status', doc.statusLabel],
            ['Produced on', longDate(meta.generatedOn)],
          ].map(([k, v]) => [{ text: k!, bold: true }, v!]),
        },
        layout: 'lightHorizontalLines',
      },
      { text: 'Contents', style: 'h1', pageBreak: 'before' },
      { toc: { title: { text: '' } } },
      ...body,
    ] as Content[],
  }
}

/** The report as PDF bytes. */
export async function renderReportPdf(doc: ReportDocument, meta: { generatedOn: string }): Promise<Buffer> {
  return pdfmake.createPdf(reportDocumentDefinition(doc, meta)).getBuffer()
}
