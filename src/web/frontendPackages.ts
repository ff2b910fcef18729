import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)

/** Where the design-system packages are installed, so their templates and assets are served from them directly. */
export const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist')
export const mojFrontendRoot = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'))
export const webRoot = path.dirname(fileURLToPath(import.meta.url))
