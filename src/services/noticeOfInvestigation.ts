/**
 * The notice of investigation (Police (Conduct) Regulations 2020, reg 17) as a PDF, made with
 * pdfmake from the case's facts: who is investigated, what is alleged and against which
 * Standards of Professional Behaviour, the current severity, and the subject's rights. The
 * standard 14 PDF fonts (Helvetica) are used, so no font file is read; pdfmake may neither fetch
 * URLs nor read other local files.
 */
import pdfmake from 'pdfmake'
import type { Content } from 'pdfmake'
import {
  RANK_LABELS,
  SEVERITY_LABELS,
  STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS,
  SUBJECT_KIND_LABELS,
  isRank,
  isStandardOfProfessionalBehaviour,
  type Severity,
  type SubjectKind,
} from '../domain/vocabulary.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../domain/ruleSet.js'

export interface NoticeFacts {
  reference: string
  title: string
  forceName: string
  subject: {
    givenName: string
    familyName: string
    rank: string
    warrantNumber: string
    kind: SubjectKind
    roleAtTime: string
  }
  allegations: { description: string; standards: string[] }[]
  severity: Extract<Severity, 'misconduct' | 'gross_misconduct'>
  /** The London date the notice was generated, 'YYYY-MM-DD'. */
  issuedOn: string
}

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

export function rankLabel(rank: string): string {
  return isRank(rank) ? RANK_LABELS[rank] : rank
}

export function standardLabel(standard: string): string {
  return isStandardOfProfessionalBehaviour(standard) ? STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS[standard] : standard
}

function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** The subject's rights, as the notice states them. */
export function subjectRights(rules: RuleSet = ENGLAND_AND_WALES): string[] {
  return [
    'You have the right to seek advice from your staff association or any other body, and to be legally represented.',
    'You have the right to be accompanied at any interview, meeting or hearing by a police friend, or by a representative of the Police Federation, your staff association or your trade union.',
    `You may provide a written or oral statement relating to any matter under investigation, and any relevant documents, within ${rules.subjectResponseWorkingDays} working days of the day after this notice is given to you (this period can be extended). The investigator must consider anything you provide.`,
    'You do not have to say anything, but it may harm your case if you do not mention when interviewed, or when providing any information, something which you later rely on in any misconduct proceedings, special case hearing or appeal. Anything you say or provide may be given in evidence.',
    'The investigation, and anything found or said during it, may be used in any criminal, misconduct or other proceedings that follow.',
  ]
}

export function noticeDocumentDefinition(facts: NoticeFacts, rules: RuleSet = ENGLAND_AND_WALES): TDocumentDefinitions {
  const s = facts.subject
  const name = `${s.givenName} ${s.familyName}`
  const allegations: Content[] = facts.allegations.map((a, i) => ({
    stack: [
      { text: `Allegation ${i + 1}`, style: 'h3' },
      { text: a.description, margin: [0, 0, 0, 4] },
      { text: 'Standards of Professional Behaviour that may have been breached:', italics: true },
      { ul: a.standards.map(standardLabel), margin: [0, 2, 0, 8] },
    ],
  }))
  return {
    info: {
      title: `Notice of investigation – ${facts.reference} – ${name}`,
      subject: 'Regulation 17 notice of investigation',
      creator: 'Candour',
    },
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 64],
    defaultStyle: { font: 'Helvetica', fontSize: 11, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 13, bold: true, margin: [0, 12, 0, 6] },
      h3: { fontSize: 11, bold: true, margin: [0, 6, 0, 2] },
      caption: { fontSize: 9, color: '#505a5f' },
    },
    footer: (page: number, pages: number) => ({
      text: `${facts.reference} · Notice of investigation · page ${page} of ${pages}`,
      style: 'caption',
      alignment: 'center',
      margin: [0, 24, 0, 0],
    }),
    content: [
      { text: 'OFFICIAL – SENSITIVE', style: 'caption', alignment: 'right' },
      { text: 'Notice of investigation', style: 'h1' },
      { text: 'Regulation 17, Police (Conduct) Regulations 2020', style: 'caption', margin: [0, 0, 0, 12] },
      {
        table: {
          widths: [150, '*'],
          body: [
            ['Investigation reference', facts.reference],
            ['Investigation', facts.title],
            ['Force', facts.forceName],
            ['Name', name],
            [s.kind === 'police_officer' ? 'Rank' : 'Role or grade', rankLabel(s.rank) || SUBJECT_KIND_LABELS[s.kind]],
            [s.kind === 'police_officer' ? 'Warrant (collar) number' : 'Staff number', s.warrantNumber],
            ['Role at the time', s.roleAtTime || '—'],
            ['Date of this notice', longDate(facts.issuedOn)],
          ].map(([k, v]) => [{ text: k!, bold: true }, v!]),
        },
        layout: 'lightHorizontalLines',
      },
      { text: 'What is being investigated', style: 'h2' },
      {
        text: `Your conduct is under investigation. The matters below are what is alleged; they are allegations, not findings.`,
        margin: [0, 0, 0, 6],
      },
      ...allegations,
      { text: 'Severity', style: 'h2' },
      {
        text: [
          'The conduct, if proved, has been assessed as amounting to ',
          { text: SEVERITY_LABELS[facts.severity].toLowerCase(), bold: true },
          facts.severity === 'gross_misconduct'
            ? '. If you are found to have committed gross misconduct, you could be dismissed without notice.'
            : '. This assessment may be revised as the investigation goes on; you will be told in writing if it is.',
        ],
      },
      { text: 'Your rights', style: 'h2' },
      { ol: subjectRights(rules), margin: [0, 0, 0, 8] },
      { text: 'Please acknowledge receipt of this notice to the investigator.', italics: true, margin: [0, 12, 0, 0] },
    ],
  }
}

/** The notice as PDF bytes. */
export async function renderNoticePdf(facts: NoticeFacts, rules: RuleSet = ENGLAND_AND_WALES): Promise<Buffer> {
  return pdfmake.createPdf(noticeDocumentDefinition(facts, rules)).getBuffer()
}
