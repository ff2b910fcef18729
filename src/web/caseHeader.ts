/**
 * The identity bar and tabs shown on every page about one investigation. Tabs the person may
 * not open (the case file, for a case worker) are not offered.
 */
import { INVESTIGATION_STATUS_LABELS, type InvestigationStatus } from '../domain/investigationLifecycle.js'
import { INVESTIGATION_FORM_LABELS, isInvestigationForm } from '../domain/vocabulary.js'
import type { InvestigationService } from '../services/investigations.js'
import { paths } from './paths.js'
import { londonDateOf } from '../domain/calendar.js'

export type CaseTab =
  | 'overview'
  | 'subjects'
  | 'chronology'
  | 'actions'
  | 'decisions'
  | 'witnesses'
  | 'disclosure'
  | 'evidence'
  | 'report'
  | 'publication'
  | 'families'
  | 'outcome'
  | 'proceedings'
  | 'team'
  | 'history'

type Header = Awaited<ReturnType<InvestigationService['header']>>

export function statusLabel(status: string): string {
  return INVESTIGATION_STATUS_LABELS[status as InvestigationStatus] ?? status
}

export function caseHeader(header: Header) {
  const i = header.investigation
  const tabs: { tab: CaseTab; text: string; href: string; caseFile: boolean }[] = [
    { tab: 'overview', text: 'Overview', href: paths.investigation(i.id), caseFile: false },
    { tab: 'subjects', text: 'Subjects', href: paths.investigationTab(i.id, 'subjects'), caseFile: true },
    { tab: 'chronology', text: 'Chronology', href: paths.investigationTab(i.id, 'chronology'), caseFile: true },
    { tab: 'actions', text: 'Actions', href: paths.actions(i.id), caseFile: true },
    { tab: 'decisions', text: 'Decision log', href: paths.decisions(i.id), caseFile: true },
    { tab: 'witnesses', text: 'Witnesses', href: paths.witnesses(i.id), caseFile: true },
    { tab: 'disclosure', text: 'Disclosure', href: paths.disclosureSchedules(i.id), caseFile: true },
    { tab: 'evidence', text: 'Evidence', href: paths.investigationTab(i.id, 'evidence'), caseFile: true },
    { tab: 'report', text: 'Report', href: paths.investigationTab(i.id, 'report'), caseFile: true },
    { tab: 'publication', text: 'Publication', href: `/investigations/${i.id}/publication`, caseFile: true },
    // Everyone who may see the case header may 'family:read' (the team and its case workers).
    { tab: 'families', text: 'Families', href: paths.investigationTab(i.id, 'families'), caseFile: false },
    { tab: 'outcome', text: 'Outcome', href: paths.outcome(i.id), caseFile: true },
    { tab: 'proceedings', text: 'Proceedings', href: paths.proceedings(i.id), caseFile: true },
    { tab: 'team', text: 'Team', href: paths.investigationTab(i.id, 'team'), caseFile: false },
    { tab: 'history', text: 'History', href: paths.investigationTab(i.id, 'history'), caseFile: true },
  ]
  return {
    id: i.id,
    reference: i.reference,
    title: i.title,
    status: i.status,
    statusLabel: statusLabel(i.status),
    formLabel: i.form && isInvestigationForm(i.form) ? INVESTIGATION_FORM_LABELS[i.form] : null,
    leadName: header.leadName,
    // The next deadline for the person looking: a case worker's is the families' next update.
    nextDeadline: header.nextDeadlineOn,
    nextDeadlineLabel: header.canReadCaseFile ? 'Next deadline' : 'Next family update due',
    nextDeadlineOverdue: header.nextDeadlineOn !== null && header.nextDeadlineOn < londonDateOf(new Date()),
    version: i.version,
    canReadCaseFile: header.canReadCaseFile,
    canContribute: header.canContribute,
    canManage: header.canManage,
    canChangeStatus: header.canChangeStatus,
    may: header.may,
    tabs: (active: CaseTab) =>
      tabs
        .filter((t) => !t.caseFile || header.canReadCaseFile)
        .map((t) => ({ text: t.text, href: t.href, active: t.tab === active })),
  }
}
