import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readOnce, type RequestContext } from './context.js'

describe('readOnce', () => {
  const counter = () => {
    let calls = 0
    return { load: async () => ++calls, calls: () => calls }
  }

  it('loads once per key within a read-only request, and separately per key', async () => {
    const ctx: RequestContext = { actor: null, requestId: 'r', readCache: new Map() }
    const a = counter()
    const b = counter()
    assert.deepEqual(
      await Promise.all([readOnce(ctx, 'a', a.load), readOnce(ctx, 'a', a.load), readOnce(ctx, 'b', b.load)]),
      [1, 1, 1],
    )
    assert.equal(await readOnce(ctx, 'a', a.load), 1)
    assert.equal(a.calls(), 1)
    assert.equal(b.calls(), 1)
  })

  it('loads every time when the request may write (no read cache)', async () => {
    const ctx: RequestContext = { actor: null, requestId: 'r' }
    const a = counter()
    await readOnce(ctx, 'a', a.load)
    await readOnce(ctx, 'a', a.load)
    assert.equal(a.calls(), 2)
  })

  it('does not remember a failed read', async () => {
    const ctx: RequestContext = { actor: null, requestId: 'r', readCache: new Map() }
    let calls = 0
    const flaky = async () => {
      calls++
      if (calls === 1) throw new Error('connection reset')
      return 'loaded'
    }
    await assert.rejects(readOnce(ctx, 'k', flaky), /connection reset/)
    assert.equal(await readOnce(ctx, 'k', flaky), 'loaded')
    assert.equal(calls, 2)
  })
})
