/**
 * The Chromium that the end-to-end tests drive with playwright-core: by default the headless build shipped
 * in the @sparticuz/chromium npm package, or a system Chromium named by CHROMIUM_PATH (scripts/chromium.mjs).
 */
import { chromium, type Browser } from 'playwright-core'
import { chromiumLaunchOptions } from '../../../scripts/chromium.mjs'

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, env } = await chromiumLaunchOptions()
  // Not the package's recommended arguments: those are for AWS Lambda (--single-process, --no-zygote) and
  // some would change what the tests check (--disable-web-security, --allow-running-insecure-content).
  // Playwright adds --headless and a fresh --user-data-dir per launch.
  return chromium.launch({
    executablePath,
    env,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}
