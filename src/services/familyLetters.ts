/**
 * Letters to families and the timeliness notice, as PDFs made with pdfmake in the same way as the
 * notice of investigation (noticeOfInvestigation.ts): the standard Helvetica fonts, no URL or
 * other local file access. The bytes go to the content-addressed document store; the database
 * keeps the hash (letters, keep_informed_updates.letter_sha256, timeliness_notices.letter_sha256).
 */
import pdfmake from 'pdfmake'
import type { Content } from 'pdfmake'
import { harmTestGroundLabel } from '../domain/familyVocabulary.js'

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0]

const STANDARD_FONTS = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique']
pdfmake.setFonts({
  Helvetica: {
    normal: 'Helvetica',
    bold: 'Helvetica-Bold',
    italics: 'Helvetica-Oblique',
    bolditalics: 'Helvetica-BoldOblique',
  },
})
pdfmake.setUrlAccessPolicy(() => false)
pdfmake.setLocalAccessPolicy((file) => STANDARD_FONTS.includes(file))

export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

const STYLES = {
  h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] as [number, number, number, number] },
  h2: { fontSize: 12, bold: true, margin: [0, 12, 0, 6] as [number, number, number, number] },
  caption: { fontSize: 9, color: '#505a5f' },
}

function frame(title: string, subject: string, footer: string, content: Content[]): TDocumentDefinitions {
  return {
    info: { title, subject, creator: 'Candour' },
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 64],
    defaultStyle: { font: 'Helvetica', fontSize: 11, lineHeight: 1.2 },
    styles: STYLES,
    footer: (page: number, pages: number) => ({
      text: `${footer} · page ${page} of ${pages}`,
      style: 'caption',
      alignment: 'center',
      margin: [0, 24, 0, 0],
    }),
    content,
  }
}

export interface UpdateLetterFacts {
  reference: string
  title: string
  /** Whom the letter is addressed to (the person, or their representative on their behalf). */
  addressee: string
  onBehalfOf: string | null
  postalAddress: string | null
  givenOn: string
  summary: string
  coversProgress: boolean
  coversProvisionalFindings: boolean
  coversReportSubmitted: boolean
  /** Whether something was withheld; the letter says so, without saying what. */
  withheld: boolean
  harmGround: string | null
  signedBy: string
  issuedOn: string
}

export function updateLetterDefinition(f: UpdateLetterFacts): TDocumentDefinitions {
  const covers = [
    f.coversProgress && 'the progress of the investigation',
    f.coversProvisionalFindings && 'its provisional findings',
    f.coversReportSubmitted && 'whether the investigation report has been submitted',
  ].filter((x): x is string => Boolean(x))
  return frame(`Update on investigation ${f.reference}`, 'Keep-informed update', `${f.reference} · Update`, [
    { text: 'OFFICIAL – SENSITIVE', style: 'caption', alignment: 'right' },
    { text: f.addressee, bold: true },
    ...(f.onBehalfOf ? [{ text: `On behalf of ${f.onBehalfOf}` }] : []),
    ...(f.postalAddress ? [{ text: f.postalAddress, margin: [0, 0, 0, 8] as [number, number, number, number] }] : []),
    { text: longDate(f.issuedOn), alignment: 'right', margin: [0, 8, 0, 12] },
    { text: `Update on the investigation: ${f.title}`, style: 'h1' },
    { text: `Our reference ${f.reference}`, style: 'caption', margin: [0, 0, 0, 12] },
    { text: `Dear ${f.addressee},`, margin: [0, 0, 0, 8] },
    covers.length
      ? { text: `This letter updates you on ${covers.join(', ')}, as of ${longDate(f.givenOn)}.`, margin: [0, 0, 0, 8] }
      : { text: '' },
    { text: f.summary, margin: [0, 0, 0, 8] },
    ...(f.withheld
      ? [
          {
            text: `Some information has not been included in this update because sharing it now could cause harm (${harmTestGroundLabel(f.harmGround).toLowerCase()}). We will share it when that is no longer the case, if we can.`,
            italics: true,
            margin: [0, 0, 0, 8] as [number, number, number, number],
          },
        ]
      : []),
    {
      text: 'If you have any questions, please contact us using the details you have been given.',
      margin: [0, 0, 0, 12],
    },
    { text: 'Yours sincerely,' },
    { text: f.signedBy, margin: [0, 24, 0, 0] },
  ])
}

export async function renderUpdateLetterPdf(facts: UpdateLetterFacts): Promise<Buffer> {
  return pdfmake.createPdf(updateLetterDefinition(facts)).getBuffer()
}

export interface TimelinessNoticeFacts {
  reference: string
  title: string
  forceName: string
  periodNumber: number
  periodStartsOn: string
  periodEndsOn: string
  cameToAttentionOn: string
  regulation17NoticesGivenOn: string[]
  progress: string
  estimatedConclusionOn: string | null
  estimatedReportSubmissionOn: string | null
  reasonForTimeTaken: string
  plannedSteps: string
  issuedOn: string
}

export function timelinessNoticeDefinition(f: TimelinessNoticeFacts): TDocumentDefinitions {
  const row = (k: string, v: string) => [{ text: k, bold: true }, v]
  return frame(
    `Timeliness notice – ${f.reference} – period ${f.periodNumber}`,
    'Regulation 19 notice',
    `${f.reference} · Regulation 19 notice`,
    [
      { text: 'OFFICIAL – SENSITIVE', style: 'caption', alignment: 'right' },
      { text: 'Investigation not completed within the relevant period', style: 'h1' },
      {
        text: 'Regulation 19, Police (Conduct) Regulations 2020 – notice to the local policing body',
        style: 'caption',
        margin: [0, 0, 0, 12],
      },
      {
        table: {
          widths: [170, '*'],
          body: [
            row('Investigation reference', f.reference),
            row('Investigation', f.title),
            row('Force', f.forceName),
            row(
              'Relevant period',
              `${f.periodNumber === 1 ? 'First' : `Period ${f.periodNumber}`}: ${longDate(f.periodStartsOn)} to ${longDate(f.periodEndsOn)}`,
            ),
            row('Allegation came to attention', longDate(f.cameToAttentionOn)),
            row(
              'Regulation 17 notice given',
              f.regulation17NoticesGivenOn.length
                ? f.regulation17NoticesGivenOn.map(longDate).join(', ')
                : 'No notice has yet been given',
            ),
            row(
              'Estimated conclusion',
              f.estimatedConclusionOn ? longDate(f.estimatedConclusionOn) : 'Not yet estimated',
            ),
            row(
              'Estimated report submission',
              f.estimatedReportSubmissionOn ? longDate(f.estimatedReportSubmissionOn) : 'Not yet estimated',
            ),
            row('Date of this notice', longDate(f.issuedOn)),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: 'Progress of the investigation', style: 'h2' },
      { text: f.progress || '—' },
      { text: 'Reason for the time taken', style: 'h2' },
      { text: f.reasonForTimeTaken || '—' },
      { text: 'Planned steps', style: 'h2' },
      { text: f.plannedSteps || '—' },
    ],
  )
}

export async function renderTimelinessNoticePdf(facts: TimelinessNoticeFacts): Promise<Buffer> {
  return pdfmake.createPdf(timelinessNoticeDefinition(facts)).getBuffer()
}
