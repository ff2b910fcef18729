/**
 * What the family portal tells an interested person about where the investigation stands, in
 * plain English, from its status. Nothing here reveals findings, subjects or evidence: only the
 * stage and what normally happens next.
 */
import { INVESTIGATION_STATUSES, type InvestigationStatus } from './investigationLifecycle.js'

export interface PortalProgress {
  /** A short name for the stage. */
  stage: string
  /** Where things stand. */
  explanation: string
  /** What usually happens next. */
  nextSteps: string[]
  /** 1-based position on the usual path (for "step 3 of 6"), or null when paused. */
  step: number | null
}

export const PORTAL_STEPS = 6

/**
 * The stages a family sees: every investigation status, and three that follow the case past its
 * report — the report released to them, the report published, and a closed case re-investigated
 * as a new investigation (DOMAIN.md "Re-investigation").
 */
export const PORTAL_STAGES = [
  ...INVESTIGATION_STATUSES,
  'report_released',
  'report_published',
  'reinvestigated',
] as const
export type PortalStage = (typeof PORTAL_STAGES)[number]

/** What decides the family's stage besides the status. */
export interface PortalStageFacts {
  status: string
  /** The report's publication: released to the interested persons, published, or neither (null). */
  publication: 'released_to_interested_persons' | 'published' | null
  /** A re-investigation of this (closed) case was approved as a new investigation. */
  reinvestigated: boolean
}

/** The family's stage: a closed case re-investigated, else the released or published report while the case is open, else its status. */
export function portalStageOf(facts: PortalStageFacts): PortalStage | null {
  if (facts.status === 'closed') return facts.reinvestigated ? 'reinvestigated' : 'closed'
  if (facts.publication === 'published') return 'report_published'
  if (facts.publication === 'released_to_interested_persons') return 'report_released'
  return (INVESTIGATION_STATUSES as readonly string[]).includes(facts.status)
    ? (facts.status as InvestigationStatus)
    : null
}

const PROGRESS: Record<PortalStage, PortalProgress> = {
  referred: {
    stage: 'Referred to us',
    explanation: 'The matter has been referred to us. We are deciding whether and how it will be investigated.',
    nextSteps: ['We will decide whether to investigate and tell you what we decide.'],
    step: 1,
  },
  assessed: {
    stage: 'Decision made on how to investigate',
    explanation: 'We have decided how the matter will be investigated and are preparing to start.',
    nextSteps: [
      'An investigator will be appointed and the investigation will begin.',
      'Your family liaison contact will explain what to expect.',
    ],
    step: 2,
  },
  investigating: {
    stage: 'Being investigated',
    explanation: 'The investigation is under way. Investigators are gathering and examining evidence.',
    nextSteps: [
      'We will keep you updated on progress at least every 28 days.',
      'You can send us a message or a document at any time using this portal.',
    ],
    step: 3,
  },
  reopened: {
    stage: 'Being investigated again',
    explanation: 'The investigation has been re-opened and is under way again.',
    nextSteps: [
      'We will keep you updated on progress at least every 28 days.',
      'You can send us a message or a document at any time using this portal.',
    ],
    step: 3,
  },
  report_drafting: {
    stage: 'Report being written',
    explanation: 'The investigator is writing the report of the investigation.',
    nextSteps: ['The report will go to a senior decision maker, who will consider it before any decisions are made.'],
    step: 4,
  },
  report_with_decision_maker: {
    stage: 'Report being considered',
    explanation:
      'A senior decision maker is considering the investigator’s report. No final decisions have been made yet.',
    nextSteps: [
      'Once the decision maker has considered the report, it will be sent to the police force’s professional standards department.',
    ],
    step: 5,
  },
  report_approved: {
    stage: 'Report approved',
    explanation:
      'A senior decision maker has considered the investigator’s report and approved it. It is about to be sent to the police force.',
    nextSteps: [
      'The report will be sent to the police force’s professional standards department, which must respond to it.',
      'We will tell you when it has been sent.',
    ],
    step: 5,
  },
  report_sent_to_appropriate_authority: {
    stage: 'Report sent to the police force',
    explanation:
      'The report has been sent to the police force’s professional standards department, which must respond to it.',
    nextSteps: [
      'We will tell you about the force’s response and any proceedings that follow.',
      'The report may be published once any related proceedings, such as an inquest, have ended.',
    ],
    step: 6,
  },
  awaiting_proceedings: {
    stage: 'Waiting for proceedings',
    explanation:
      'The investigation is complete and we are waiting for related proceedings (for example misconduct proceedings, a criminal trial or an inquest) to finish.',
    nextSteps: [
      'We will tell you the outcome of the proceedings.',
      'The report may be published once the proceedings have ended.',
    ],
    step: 6,
  },
  report_released: {
    stage: 'Report shared with you',
    explanation:
      'The investigation’s report has been shared with you. You can read it and download it from this page. The police force has it and must respond to it.',
    nextSteps: [
      'We will tell you about the force’s response and any proceedings that follow.',
      'The report will be published on our website when nothing stands in the way, such as an inquest still to be held.',
    ],
    step: 6,
  },
  report_published: {
    stage: 'Report published',
    explanation:
      'The investigation’s report has been published on our website, and you can read and download it from this page. Some work may still follow, such as the police force’s response or misconduct proceedings.',
    nextSteps: [
      'We will tell you about anything that follows the report, such as proceedings and their outcome.',
      'You can send us a message at any time using this portal.',
    ],
    step: 6,
  },
  reinvestigated: {
    stage: 'Investigated again as a new investigation',
    explanation:
      'This investigation has finished, and we have decided to investigate again, for example because significant new information came to light. The new investigation has its own record.',
    nextSteps: [
      'Your family liaison contact will tell you about the new investigation and how you will be kept informed.',
      'You can send us a message about this investigation at any time using this portal.',
    ],
    step: null,
  },
  closed: {
    stage: 'Closed',
    explanation: 'The investigation has finished.',
    nextSteps: [
      'If significant new information comes to light, you can tell us using this portal or your usual contact.',
    ],
    step: null,
  },
  suspended: {
    stage: 'Paused',
    explanation: 'The investigation is paused for the time being, for example while criminal proceedings take place.',
    nextSteps: [
      'We will tell you when the investigation starts again.',
      'We will keep you updated while it is paused.',
    ],
    step: null,
  },
}

/** The family's progress text for a stage, or (from a status alone) for that status. */
export function portalProgressOf(stage: string | PortalStageFacts): PortalProgress {
  const key = typeof stage === 'string' ? stage : portalStageOf(stage)
  return (
    (key !== null && (PORTAL_STAGES as readonly string[]).includes(key) ? PROGRESS[key as PortalStage] : undefined) ?? {
      stage: 'In progress',
      explanation: 'The investigation is in progress.',
      nextSteps: [],
      step: null,
    }
  )
}
