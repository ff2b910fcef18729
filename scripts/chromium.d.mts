/** Types for scripts/chromium.mjs (the Chromium that the end-to-end tests drive). */
export interface ChromiumLaunchOptions {
  executablePath: string
  /** The whole environment for the browser process. */
  env: Record<string, string | undefined>
  /** 'shipped': the build inside @sparticuz/chromium; 'system': CHROMIUM_PATH. */
  source: 'shipped' | 'system'
  description: string
}
export function chromiumLaunchOptions(): Promise<ChromiumLaunchOptions>
