// The Chromium that the end-to-end tests drive. By default the headless Chromium shipped inside the
// @sparticuz/chromium npm package (pinned by package-lock.json, so every machine runs the same build and
// a fresh machine needs nothing but Node.js); CHROMIUM_PATH selects a system Chromium instead
// (e.g. CHROMIUM_PATH=/usr/bin/chromium for Debian's). See docs/adr/0018-browser-and-database-from-npm.md.
//
// The package's own executablePath() is written for AWS Lambda: it unpacks to fixed names in /tmp and
// reuses whatever it finds there (a half-written binary from a concurrent test process, or another
// version's), and its fontconfig file names /tmp/fonts. So the archives are unpacked here instead, into a
// folder named after the package version under node_modules/.cache (which `npm ci` clears), through a
// staging folder renamed into place, so concurrent test files never see a partial browser.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import tar from 'tar-fs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/** The package's folder (its exports name only the JavaScript entry, which lives in build/). */
function packageDir() {
  return path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..')
}

function xml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

async function unpack(source, target, { archive }) {
  const sink = archive ? tar.extract(target, { chown: false }) : fs.createWriteStream(target, { mode: 0o755 })
  await pipeline(fs.createReadStream(source), zlib.createBrotliDecompress(), sink)
}

/**
 * Unpacks the shipped browser once per package version and returns its folder:
 * chromium (the headless shell), lib/ (NSS, NSPR and expat, which the binary links against and a bare
 * Debian lacks), fonts/ (Open Sans) and fonts.conf (fontconfig reads that font and nothing else, so pages
 * render the same text on every machine, with or without system fonts).
 */
async function shippedChromiumDir() {
  const pkg = packageDir()
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'))
  const dir = path.join(root, 'node_modules', '.cache', `candour-chromium-${version}`)
  if (fs.existsSync(path.join(dir, 'chromium'))) return dir
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const staging = fs.mkdtempSync(`${dir}.partial-`)
  fs.chmodSync(staging, 0o755)
  try {
    const bin = path.join(pkg, 'bin')
    await Promise.all([
      unpack(path.join(bin, 'chromium.br'), path.join(staging, 'chromium'), { archive: false }),
      unpack(path.join(bin, 'fonts.tar.br'), staging, { archive: true }),
      // Built for Amazon Linux 2023 (glibc 2.34), so they load on any newer glibc, Debian 12's included.
      unpack(path.join(bin, 'al2023.tar.br'), staging, { archive: true }),
    ])
    fs.writeFileSync(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <dir>${xml(path.join(dir, 'fonts'))}</dir>\n  <cachedir>${xml(path.join(dir, 'fonts-cache'))}</cachedir>\n` +
        `</fontconfig>\n`,
    )
    fs.renameSync(staging, dir)
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true })
    // Another process finished first: its folder is complete (renamed into place whole), so use it.
    if (fs.existsSync(path.join(dir, 'chromium'))) return dir
    throw error
  }
  return dir
}

/**
 * Where the Chromium to launch is and the environment it needs:
 * { executablePath, env, source: 'system' | 'shipped', description }.
 * `env` is the whole environment for the browser process (Playwright replaces rather than merges it).
 */
export async function chromiumLaunchOptions() {
  const system = process.env.CHROMIUM_PATH
  if (system) {
    return {
      executablePath: system,
      env: { ...process.env },
      source: 'system',
      description: `${system} (CHROMIUM_PATH)`,
    }
  }
  const dir = await shippedChromiumDir()
  const lib = path.join(dir, 'lib')
  const env = {
    ...process.env,
    LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH ? `${lib}:${process.env.LD_LIBRARY_PATH}` : lib,
    FONTCONFIG_FILE: path.join(dir, 'fonts.conf'),
  }
  delete env.FONTCONFIG_PATH
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir(), 'package.json'), 'utf8'))
  return {
    executablePath: path.join(dir, 'chromium'),
    env,
    source: 'shipped',
    description: `${path.join(dir, 'chromium')} (@sparticuz/chromium ${version})`,
  }
}

// `node scripts/chromium.mjs`: unpack if needed and print which browser the tests would use, and its version.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { execFileSync } = await import('node:child_process')
  const options = await chromiumLaunchOptions()
  const version = execFileSync(options.executablePath, ['--version'], { env: options.env, encoding: 'utf8' }).trim()
  console.log(`${version}: ${options.description}`)
}
