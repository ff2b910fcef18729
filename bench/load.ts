/**
 * One autocannon run, in its own process so the load generator does not share an event loop
 * with the server it measures. bench/run.ts starts it with a JSON job as the only argument and
 * reads one JSON line back: every response's latency (ms), status counts and requests/s.
 *
 * A job may rotate through several paths, and a body may contain `{{n}}`, replaced by a number
 * unique to the request (so each POST creates a different subject).
 */
import autocannon from 'autocannon'

export interface LoadJob {
  url: string
  paths: string[]
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  connections: number
  durationSeconds: number
}

export interface LoadResult {
  latencies: number[]
  statusCounts: Record<string, number>
  errors: number
  timeouts: number
  requestsPerSecond: number
  /** Seconds actually measured. */
  seconds: number
}

async function main() {
  const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob
  let n = 0
  const latencies: number[] = []
  const statusCounts: Record<string, number> = {}
  const started = performance.now()
  let instance: autocannon.Instance | undefined
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationSeconds,
        timeout: 30,
        headers: job.headers,
        requests: [
          {
            method: job.method,
            setupRequest: (request) => {
              const i = n++
              const body = job.body?.replaceAll('{{n}}', `${process.pid}${String(i).padStart(7, '0')}`)
              return { ...request, path: job.paths[i % job.paths.length]!, ...(body !== undefined ? { body } : {}) }
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
  })
  instance!.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime)
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1
  })
  const result = await done
  const seconds = (performance.now() - started) / 1000
  const output: LoadResult = {
    latencies,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: latencies.length / seconds,
    seconds,
  }
  process.stdout.write(JSON.stringify(output) + '\n')
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
