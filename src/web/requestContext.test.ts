import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { contextOf } from './requestContext.js'

// eslint-disable-next-line no-restricted-syntax -- a test double: only the three fields contextOf reads, not a whole FastifyRequest
const request = (method: string) => ({ method, id: 'req-1', currentSession: null }) as unknown as FastifyRequest

describe('contextOf', () => {
  it('gives a GET or HEAD request one read cache, shared by every context made for it', () => {
    const get = request('GET')
    const first = contextOf(get)
    assert.ok(first.readCache)
    assert.equal(contextOf(get).readCache, first.readCache)
    assert.notEqual(contextOf(request('GET')).readCache, first.readCache)
    assert.ok(contextOf(request('HEAD')).readCache)
  })

  it('gives a request that may write no read cache, so nothing read before a change is reused after it', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      assert.equal(contextOf(request(method)).readCache, undefined)
  })
})
