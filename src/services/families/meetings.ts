/**
 * Meetings with families and their actions.
 */
import { uuidv7 } from 'uuidv7'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/interestedPersons.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, NotFound } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  MeetingInput,
  MeetingChange,
  MeetingActionInput,
  MeetingActionChange,
  type MeetingInputType,
  type MeetingChangeType,
  type MeetingActionInputType,
  type MeetingActionChangeType,
} from './schemas.js'
import type { FamilyKit } from './kit.js'

export function meetingUseCases(kit: FamilyKit) {
  const { db, access, auditRead, requireMeeting, requirePersonsOfCase, meetingDetail } = kit
  return {
    async listMeetings(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.meetingsOfInvestigation(db, investigationId)
      const ids = rows.map((m) => m.id)
      const [persons, actions] = await Promise.all([repo.meetingPersons(db, ids), repo.actionsOfMeetings(db, ids)])
      await auditRead(ctx, {
        action: 'meetings.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: {
          fields: rows.length ? ['meetings.attendees', 'meetings.notes', 'interested_persons.full_name'] : [],
          count: rows.length,
        },
      })
      return rows.map((m) => ({
        ...m,
        interestedPersons: persons
          .filter((p) => p.meeting_id === m.id)
          .map((p) => ({ id: p.interested_person_id, fullName: p.full_name })),
        actions: actions.filter((a) => a.meeting_id === m.id),
      }))
    },

    async meeting(meetingId: string, ctx: RequestContext) {
      const { meeting, loaded } = await requireMeeting(db, ctx, meetingId, 'family:read')
      await auditRead(ctx, {
        action: 'meeting.read',
        entityType: 'meeting',
        entityId: meeting.id,
        caseId: meeting.investigation_id,
        detail: { fields: ['meetings.attendees', 'meetings.agenda', 'meetings.notes', 'interested_persons.full_name'] },
      })
      return { ...(await meetingDetail(db, meeting)), canContribute: access.may(ctx, 'family:contribute', loaded) }
    },

    async recordMeeting(investigationId: string, input: MeetingInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(MeetingInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'family:contribute', { forUpdate: true })
        const persons = await requirePersonsOfCase(
          trx,
          investigationId,
          data.interestedPersonIds,
          'interestedPersonIds',
        )
        const meeting = await repo.insertMeeting(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          held_on: data.heldOn,
          attendees: data.attendees,
          agenda: data.agenda ?? null,
          notes: data.notes ?? null,
          recorded_by: actor.userId,
        })
        await repo.setMeetingPersons(
          trx,
          meeting.id,
          persons.map((p) => p.id),
        )
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'meeting.recorded',
          entityType: 'meeting',
          entityId: meeting.id,
          caseId: investigationId,
          detail: { after: { heldOn: meeting.held_on, interestedPersons: persons.map((p) => p.id) } },
        })
        return meetingDetail(trx, meeting)
      })
    },

    async updateMeeting(meetingId: string, input: MeetingChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(MeetingChange, input)
      return access.transaction(ctx, async (trx) => {
        const { meeting } = await requireMeeting(trx, ctx, meetingId, 'family:contribute', { forUpdate: true })
        if (meeting.version !== expectedVersion) throw new Conflict()
        const changes: repo.MeetingChanges = {}
        if (data.heldOn !== undefined) changes.held_on = data.heldOn
        if (data.attendees !== undefined) changes.attendees = data.attendees
        if (data.agenda !== undefined) changes.agenda = data.agenda
        if (data.notes !== undefined) changes.notes = data.notes
        const updated = await repo.updateMeeting(trx, meetingId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        if (data.interestedPersonIds !== undefined) {
          const persons = await requirePersonsOfCase(
            trx,
            meeting.investigation_id,
            data.interestedPersonIds,
            'interestedPersonIds',
          )
          await repo.setMeetingPersons(
            trx,
            meetingId,
            persons.map((p) => p.id),
          )
        }
        await investigations.touch(trx, meeting.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'meeting.changed',
          entityType: 'meeting',
          entityId: meetingId,
          caseId: meeting.investigation_id,
          detail: {
            before: { heldOn: meeting.held_on },
            after: { heldOn: updated.held_on, fieldsChanged: Object.keys(data) },
          },
        })
        return meetingDetail(trx, updated)
      })
    },

    async addAction(meetingId: string, input: MeetingActionInputType, ctx: RequestContext) {
      const data = parseOrThrow(MeetingActionInput, input)
      return access.transaction(ctx, async (trx) => {
        const { meeting } = await requireMeeting(trx, ctx, meetingId, 'family:contribute', { forUpdate: true })
        const action = await repo.insertAction(trx, {
          id: uuidv7(),
          meeting_id: meeting.id,
          description: data.description,
          owner: data.owner,
          due_on: data.dueOn ?? null,
          done_on: null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'meeting-action.added',
          entityType: 'meeting_action',
          entityId: action.id,
          caseId: meeting.investigation_id,
          detail: { meetingId, after: { description: action.description, owner: action.owner, dueOn: action.due_on } },
        })
        return action
      })
    },

    /** Changes an action; doneOn marks it done (null reopens it). */
    async updateAction(actionId: string, input: MeetingActionChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(MeetingActionChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(actionId)) throw new NotFound('The action')
        const action = await repo.findAction(trx, actionId)
        if (!action) throw new NotFound('The action')
        const { meeting } = await requireMeeting(trx, ctx, action.meeting_id, 'family:contribute', { forUpdate: true })
        if (action.version !== expectedVersion) throw new Conflict()
        const changes: Parameters<typeof repo.updateAction>[2] = {}
        if (data.description !== undefined) changes.description = data.description
        if (data.owner !== undefined) changes.owner = data.owner
        if (data.dueOn !== undefined) changes.due_on = data.dueOn
        if (data.doneOn !== undefined) changes.done_on = data.doneOn
        const updated = await repo.updateAction(trx, actionId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        const view = (a: typeof action) => ({
          description: a.description,
          owner: a.owner,
          dueOn: a.due_on,
          doneOn: a.done_on,
        })
        await auditTrail.record(trx, ctx, {
          action: 'meeting-action.changed',
          entityType: 'meeting_action',
          entityId: actionId,
          caseId: meeting.investigation_id,
          detail: { meetingId: meeting.id, before: view(action), after: view(updated) },
        })
        return updated
      })
    },
  }
}
