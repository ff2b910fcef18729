/**
 * The house's layers, checked on every run: the import graph of src/ (every relative import, type-only
 * imports and re-exports included, read with the TypeScript compiler's own pre-processor) has no
 * cycle, and each layer imports only from the layers beneath it (domain ← data ← services ← http ←
 * web ← api, with jobs, cli and the entry points above them all). A new top-level folder or file in
 * src/ must be given its place in LAYERS before this passes, so the rule cannot be side-stepped by
 * starting a new room.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import ts from 'typescript'

const SRC = path.dirname(new URL(import.meta.url).pathname)

/**
 * What each layer (a top-level folder or file of src/) may import besides itself. Tests beside the
 * code (*.test.ts) are not part of the graph: they may reach wherever they need to.
 */
const LAYERS: Record<string, readonly string[]> = {
  'config.ts': [],
  'logger.ts': [],
  domain: [],
  data: ['domain'],
  services: ['domain', 'data', 'config.ts', 'logger.ts'],
  // What both the pages and the API need from HTTP (problem details, recognising an API request, cursors).
  http: ['domain', 'services'],
  web: ['domain', 'services', 'http', 'config.ts', 'logger.ts'],
  // The API uses the pages' access declarations and request context, and the tables' types for its schemas.
  api: ['domain', 'data', 'services', 'http', 'web', 'config.ts', 'logger.ts'],
  jobs: ['domain', 'services', 'config.ts', 'logger.ts'],
  'runtime.ts': ['data', 'services', 'config.ts', 'logger.ts'],
  'app.ts': ['domain', 'services', 'http', 'web', 'api', 'config.ts', 'logger.ts'],
  cli: ['domain', 'data', 'services', 'jobs', 'runtime.ts', 'config.ts', 'logger.ts'],
  'server.ts': ['domain', 'services', 'jobs', 'runtime.ts', 'app.ts', 'config.ts', 'logger.ts'],
}

type Graph = Map<string, string[]>

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(full))
    else if (/\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
      out.push(full)
  }
  return out
}

/** src-relative path of every module each module imports (relative imports only: packages are not layers). */
function importGraph(root: string): Graph {
  const graph: Graph = new Map()
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
    const targets: string[] = []
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue
      const resolved = path.resolve(path.dirname(file), fileName)
      const candidates = [resolved.replace(/\.js$/, '.ts'), resolved.replace(/\.mjs$/, '.mts'), `${resolved}/index.ts`]
      const target = candidates.find((c) => fs.existsSync(c)) ?? resolved
      targets.push(path.relative(root, target))
    }
    graph.set(path.relative(root, file), targets)
  }
  return graph
}

const layerOf = (file: string) => file.split(/[\\/]/)[0]!

/** Every import that crosses into a layer its importer may not use, or that lies outside any layer. */
function layerViolations(graph: Graph, layers: Record<string, readonly string[]>): string[] {
  const problems: string[] = []
  for (const [from, targets] of graph) {
    const own = layerOf(from)
    const allowed = layers[own]
    if (!allowed) {
      problems.push(`${from}: src/${own} has no place in LAYERS (give it one in src/layers.test.ts)`)
      continue
    }
    for (const to of targets) {
      const theirs = layerOf(to)
      if (theirs !== own && !allowed.includes(theirs)) problems.push(`${from} imports ${to} (${own} → ${theirs})`)
    }
  }
  return problems
}

/** Each import cycle once, as the path that closes it (a → b → … → a). Tarjan's strongly connected components. */
function importCycles(graph: Graph): string[][] {
  let index = 0
  const stack: string[] = []
  const onStack = new Set<string>()
  const indexOf = new Map<string, number>()
  const lowOf = new Map<string, number>()
  const components: string[][] = []
  const visit = (v: string) => {
    indexOf.set(v, index)
    lowOf.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!indexOf.has(w)) {
        visit(w)
        lowOf.set(v, Math.min(lowOf.get(v)!, lowOf.get(w)!))
      } else if (onStack.has(w)) lowOf.set(v, Math.min(lowOf.get(v)!, indexOf.get(w)!))
    }
    if (lowOf.get(v) === indexOf.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      const selfImport = graph.get(v)?.includes(v) ?? false
      if (component.length > 1 || selfImport) components.push(component)
    }
  }
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v)
  // Name one concrete cycle per component: the shortest way back to its first module.
  return components.map((component) => {
    const members = new Set(component)
    const start = [...component].sort()[0]!
    const previous = new Map<string, string>()
    const queue = [start]
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue
        if (w === start) {
          const route = [start]
          for (let u: string | undefined = v; u !== undefined && u !== start; u = previous.get(u)) route.splice(1, 0, u)
          return [...route, start]
        }
        if (!previous.has(w)) {
          previous.set(w, v)
          queue.push(w)
        }
      }
    }
    return [...component, start]
  })
}

describe('the layers of src/', () => {
  const graph = importGraph(SRC)

  it('reads the whole of src/', () => {
    assert.ok(graph.size > 100, `only ${graph.size} modules found under ${SRC}`)
    assert.ok(
      graph.get('app.ts')?.some((t) => t.startsWith('web/')),
      'app.ts is read with its imports',
    )
  })

  it('has no import cycle', () => {
    const cycles = importCycles(graph).map((c) => c.join(' → '))
    assert.deepEqual(cycles, [], `import cycles in src/:\n${cycles.join('\n')}`)
  })

  it('imports only downwards: each layer from those beneath it, and never web from api', () => {
    const problems = layerViolations(graph, LAYERS)
    assert.deepEqual(problems, [], `imports against the layers:\n${problems.join('\n')}`)
  })

  it('finds a cycle and a layer breach when there is one', () => {
    const bad: Graph = new Map([
      ['services/a.ts', ['services/b.ts', 'domain/x.ts']],
      ['services/b.ts', ['services/c.ts']],
      ['services/c.ts', ['services/a.ts']],
      ['domain/x.ts', ['data/y.ts']],
      ['data/y.ts', []],
      ['web/page.ts', ['api/problem.ts', 'services/a.ts']],
      ['api/problem.ts', []],
      ['attic/old.ts', []],
    ])
    assert.deepEqual(importCycles(bad), [['services/a.ts', 'services/b.ts', 'services/c.ts', 'services/a.ts']])
    assert.deepEqual(layerViolations(bad, LAYERS), [
      'domain/x.ts imports data/y.ts (domain → data)',
      'web/page.ts imports api/problem.ts (web → api)',
      'attic/old.ts: src/attic has no place in LAYERS (give it one in src/layers.test.ts)',
    ])
  })
})
