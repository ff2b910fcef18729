/**
 * What the family portal tells an interested person about where the investigation stands, in
 * plain English, from its status. Nothing here reveals findings, subjects or evidence: only the
 * stage and what normally happens next.
 */
import type { InvestigationStatus } from './investigationLifecycle.js'

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

const PROGRESS: Record<InvestigationStatus, PortalProgress> = {
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

export function portalProgressOf(status: string): PortalProgress {
  return (
    PROGRESS[status as InvestigationStatus] ?? {
      stage: 'In progress',
      explanation: 'The investigation is in progress.',
      nextSteps: [],
      step: null,
    }
  )
}
