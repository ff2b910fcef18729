/**
 * Publication, on two sides:
 * - the Publication tab of an investigation (/investigations/:id/publication): the holds in force,
 *   the redactions marked on the approved report (add, remove), a preview of the redacted report,
 *   and the decision maker's release to interested persons with the time it goes public, its
 *   rescheduling and withdrawal;
 * - the public site under /publications, with no sign-in: the published reports (searchable,
 *   filtered by force, year and theme, keyset-paginated), a page per publication with its PDF and
 *   the learning recommendations with the forces' responses, and an Atom feed. Public pages are
 *   cacheable (public, max-age, ETag, Last-Modified) when nobody is signed in; pages seen signed in
 *   are never cached. Anything not published is a plain 404.
 */
import { createHash } from 'node:crypto'
import { londonInstant } from '../../../domain/londonTime.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { REDACTION_REASONS, REDACTION_REASON_LABELS } from '../../../domain/redaction.js'
import { Conflict, InvalidTransition, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import {
  PUBLICATION_THEMES,
  PUBLICATION_THEME_LABELS,
  RedactionInput,
  ReleaseInput,
} from '../../../services/publications.js'
import { escapeHtml } from '../../../services/publicationHtml.js'
import { publicAccess, requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { asArray, formErrors, serviceInput, type FormErrors } from '../../forms.js'
import { contextOf } from '../../requestContext.js'

type IdParams = { Params: { id: string } }

export const publicationPaths = {
  tab: (id: string) => `/investigations/${id}/publication`,
  action: (id: string, action: 'redactions' | 'release' | 'schedule' | 'withdrawal') =>
    `/investigations/${id}/publication/${action}`,
  removeRedaction: (id: string, redactionId: string) =>
    `/investigations/${id}/publication/redactions/${redactionId}/removal`,
  list: () => '/publications',
  page: (id: string) => `/publications/${id}`,
  pdf: (id: string) => `/publications/${id}/report.pdf`,
  feed: () => '/publications/feed.atom',
}

const RESPONSE_LABELS: Record<string, string> = {
  accepted: 'Accepted',
  partly_accepted: 'Partly accepted',
  not_accepted: 'Not accepted',
}
const themeItems = PUBLICATION_THEMES.map((t) => ({ value: t, text: PUBLICATION_THEME_LABELS[t] }))
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const version = (v: unknown) => {
  const n = Number(v)
  return Number.isInteger(n) && n >= 0 ? n : -1
}

/** A datetime-local value (Europe/London wall clock is close enough for a form: we take it as UTC when no offset is given). */
/** A date and time typed on the page is UK time (as people in the UK read a clock), never UTC. */
function instantFrom(value: string): Date | null | 'invalid' {
  const v = value.trim()
  if (!v) return null
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v)
  if (!match) return 'invalid'
  return londonInstant(match[1]!, match[2]!) ?? 'invalid'
}

/** Public caching: shared caches may keep a page for five minutes when nobody is signed in; 304 on a matching ETag. */
function cacheable(request: FastifyRequest, reply: FastifyReply, tag: string, lastModified: Date | null): boolean {
  if (request.currentSession?.actor) {
    reply.header('cache-control', 'no-store')
    return false
  }
  const etag = `W/"${createHash('sha256').update(tag).digest('base64url').slice(0, 27)}"`
  reply.header('cache-control', 'public, max-age=300').header('etag', etag).header('vary', 'Cookie')
  if (lastModified) reply.header('last-modified', lastModified.toUTCString())
  const inm = request.headers['if-none-match']
  if (
    inm &&
    inm
      .split(',')
      .map((s) => s.trim())
      .includes(etag)
  ) {
    reply.code(304).send()
    return true
  }
  const ims = request.headers['if-modified-since']
  if (
    !inm &&
    ims &&
    lastModified &&
    Math.floor(lastModified.getTime() / 1000) <= Math.floor(new Date(ims).getTime() / 1000)
  ) {
    reply.code(304).send()
    return true
  }
  return false
}

function notFound(reply: FastifyReply) {
  return reply.code(404).header('cache-control', 'no-store').render('pages/not-found.njk')
}

export default function publicationRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    // ---- the Publication tab ----------------------------------------------------------------

    async function renderTab(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const id = request.params.id
      const header = await services.investigations.header(id, ctx)
      const o = await services.publications.overview(id, ctx)
      return reply.code(status).render('publications/tab.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'publication',
        publicationPaths,
        o,
        reasonItems: REDACTION_REASONS.map((r) => ({
          value: r,
          text: REDACTION_REASON_LABELS[r][0]!.toUpperCase() + REDACTION_REASON_LABELS[r].slice(1),
        })),
        sectionItems: o.sections.map((s) => ({ value: s.id, text: s.heading })),
        themeItems,
        reasonLabels: REDACTION_REASON_LABELS,
        values: extra.values ?? {},
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    async function submit(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      run: (body: Record<string, unknown>) => Promise<unknown>,
    ) {
      const body = (request.body ?? {}) as Record<string, unknown>
      try {
        await run(body)
      } catch (error) {
        const problems: FieldProblem[] | null =
          error instanceof ValidationFailed
            ? error.problems
            : error instanceof Conflict || error instanceof InvalidTransition
              ? [{ path: 'form', message: error.message }]
              : null
        if (!problems) throw error
        return renderTab(
          request,
          reply,
          { errors: formErrors(problems), values: body },
          error instanceof Conflict ? 409 : 400,
        )
      }
      return reply.redirect(publicationPaths.tab(request.params.id), 303)
    }

    const tab = '/investigations/:id/publication'
    app.get<IdParams>(tab, { config: requires('investigation:read-case-file') }, async (request, reply) =>
      renderTab(request, reply),
    )

    app.post<IdParams>(
      `${tab}/redactions`,
      { config: { ...requires('publication:redact'), confirms: 'The redaction has been added' } },
      async (request, reply) =>
        submit(request, reply, async (body) => {
          const occurrence =
            str(body.occurrence) === 'every' || str(body.occurrence) === '' ? -1 : Number(body.occurrence) - 1
          await services.publications.addRedaction(
            request.params.id,
            serviceInput(RedactionInput, {
              section: str(body.section),
              text: str(body.text),
              occurrence: Number.isInteger(occurrence) ? occurrence : -2,
              reason: str(body.reason),
              note: str(body.note),
            }),
            contextOf(request),
          )
        }),
    )

    app.post<{ Params: { id: string; redactionId: string } }>(
      `${tab}/redactions/:redactionId/removal`,
      { config: { ...requires('publication:redact'), confirms: 'The redaction has been removed' } },
      async (request, reply) =>
        submit(request, reply, () =>
          services.publications.removeRedaction(request.params.id, request.params.redactionId, contextOf(request)),
        ),
    )

    app.post<IdParams>(
      `${tab}/release`,
      { config: { ...requires('publication:publish'), confirms: 'The report has been published' } },
      async (request, reply) =>
        submit(request, reply, async (body) => {
          const when = str(body.when)
          const at = when === 'now' ? new Date() : when === 'later' ? instantFrom(str(body.publicFrom)) : null
          if (at === 'invalid' || (when === 'later' && at === null))
            throw new ValidationFailed([
              { path: 'publicFrom', message: 'Enter a real date and time for publication on the public site' },
            ])
          await services.publications.release(
            request.params.id,
            serviceInput(ReleaseInput, { summary: str(body.summary), themes: asArray(body.themes), publicFrom: at }),
            contextOf(request),
          )
        }),
    )

    app.post<IdParams>(
      `${tab}/schedule`,
      { config: { ...requires('publication:publish'), confirms: 'The publication has been scheduled' } },
      async (request, reply) =>
        submit(request, reply, async (body) => {
          const at = str(body.when) === 'now' ? new Date() : instantFrom(str(body.publicFrom))
          if (at === 'invalid' || at === null)
            throw new ValidationFailed([
              { path: 'publicFrom', message: 'Enter a real date and time for publication on the public site' },
            ])
          await services.publications.schedule(
            request.params.id,
            { publicFrom: at },
            version(body.version),
            contextOf(request),
          )
        }),
    )

    app.post<IdParams>(
      `${tab}/withdrawal`,
      { config: { ...requires('publication:publish'), confirms: 'The publication has been withdrawn' } },
      async (request, reply) =>
        submit(request, reply, (body) =>
          services.publications.withdraw(
            request.params.id,
            { reason: str(body.reason) },
            version(body.version),
            contextOf(request),
          ),
        ),
    )

    // ---- the public site ------------------------------------------------------------------

    type ListQuery = { Querystring: { q?: string; force?: string; year?: string; theme?: string; after?: string } }
    app.get<ListQuery>('/publications', { config: publicAccess }, async (request, reply) => {
      const facets = await services.publications.public.facets()
      if (
        cacheable(request, reply, `list|${facets.latest?.getTime() ?? 0}|${facets.count}|${request.url}`, facets.latest)
      )
        return reply
      const list = await services.publications.public.list(request.query)
      const q = (extra: Record<string, string>) => {
        const params = new URLSearchParams()
        for (const [k, v] of Object.entries({ ...list.filter, ...extra })) if (v) params.set(k, v)
        const s = params.toString()
        return s ? `?${s}` : ''
      }
      return reply.render('publications/list.njk', {
        publicationPaths,
        list,
        nextHref: list.next ? `/publications${q({ after: list.next })}` : null,
        forceItems: [
          { value: '', text: 'Any force' },
          ...facets.forces.map((f) => ({ value: f.id, text: f.name, selected: f.id === list.filter.force })),
        ],
        yearItems: [
          { value: '', text: 'Any year' },
          ...facets.years.map((y) => ({ value: String(y), text: String(y), selected: String(y) === list.filter.year })),
        ],
        themeItems: [
          { value: '', text: 'Any theme' },
          ...themeItems.map((t) => ({ ...t, selected: t.value === list.filter.theme })),
        ],
        themeLabels: PUBLICATION_THEME_LABELS,
      })
    })

    app.get('/publications/feed.atom', { config: publicAccess }, async (request, reply) => {
      const facets = await services.publications.public.facets()
      if (cacheable(request, reply, `feed|${facets.latest?.getTime() ?? 0}|${facets.count}`, facets.latest))
        return reply
      const items = await services.publications.public.latest()
      const base = services.publications.publicUrl
      const updated = (facets.latest ?? new Date(0)).toISOString()
      const entries = items.map((p) =>
        [
          '  <entry>',
          `    <title>${escapeHtml(`${p.reference}: ${p.title}`)}</title>`,
          `    <link rel="alternate" type="text/html" href="${escapeHtml(base + publicationPaths.page(p.id))}"/>`,
          `    <id>urn:uuid:${p.id}</id>`,
          `    <updated>${p.published_at.toISOString()}</updated>`,
          `    <published>${p.published_at.toISOString()}</published>`,
          `    <author><name>${escapeHtml('Candour')}</name></author>`,
          `    <category term="${escapeHtml(p.force_name)}"/>`,
          `    <summary type="text">${escapeHtml(p.summary)}</summary>`,
          '  </entry>',
        ].join('\n'),
      )
      const xml = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        '  <title>Published investigation reports</title>',
        `  <link rel="self" type="application/atom+xml" href="${escapeHtml(base + publicationPaths.feed())}"/>`,
        `  <link rel="alternate" type="text/html" href="${escapeHtml(base + publicationPaths.list())}"/>`,
        `  <id>${escapeHtml(base + publicationPaths.list())}</id>`,
        `  <updated>${updated}</updated>`,
        ...entries,
        '</feed>',
        '',
      ].join('\n')
      return reply.type('application/atom+xml; charset=utf-8').send(xml)
    })

    app.get<IdParams>('/publications/:id', { config: publicAccess }, async (request, reply) => {
      const p = await services.publications.public.find(request.params.id)
      if (!p) return notFound(reply)
      if (
        cacheable(
          request,
          reply,
          `page|${p.id}|${p.version}|${p.recommendations.map((r) => `${r.id}:${r.response ?? ''}:${r.responded_on ?? ''}`).join(',')}`,
          p.published_at,
        )
      )
        return reply
      return reply.render('publications/page.njk', {
        publicationPaths,
        p,
        themeLabels: PUBLICATION_THEME_LABELS,
        recommendations: p.recommendations.map((r) => ({
          ...r,
          responseLabel: r.response ? (RESPONSE_LABELS[r.response] ?? r.response) : null,
        })),
      })
    })

    app.get<IdParams>('/publications/:id/report.pdf', { config: publicAccess }, async (request, reply) => {
      const pdf = await services.publications.public.pdf(request.params.id)
      if (!pdf) return notFound(reply)
      if (cacheable(request, reply, `pdf|${pdf.sha256}`, pdf.publishedAt)) return reply
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .send(pdf.bytes)
    })
  }
}
