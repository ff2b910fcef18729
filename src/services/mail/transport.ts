/**
 * How a message leaves Candour. With SMTP_HOST set, through that server (nodemailer); without it
 * (development, `npm start` with nothing configured) each message is written as an .eml file to
 * <CANDOUR_DATA_DIR>/outbox/, so no mail server is needed to see what would have been sent.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { Config } from '../../config.js'

export interface MailMessage {
  /** The outbox row id: also the Message-ID's local part, so a resend is recognisably the same message. */
  id: string
  to: string
  subject: string
  text: string
}

export interface MailTransport {
  /** 'smtp' or 'file', for the admin page. */
  readonly kind: 'smtp' | 'file'
  /** Sends one message; resolves with its Message-ID, rejects with the reason it was not accepted. */
  send(message: MailMessage): Promise<{ messageId: string }>
  close(): void
}

function messageIdOf(id: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'candour.invalid'
  return `<${id}@${domain}>`
}

export function smtpTransport(smtp: Config['smtp']): MailTransport {
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return {
    kind: 'smtp',
    async send(message) {
      const messageId = messageIdOf(message.id, smtp.from)
      await transporter.sendMail({
        from: smtp.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId,
      })
      return { messageId }
    },
    close: () => transporter.close(),
  }
}

/** Writes each message as <dir>/<id>.eml (temporary file, then rename, so a reader never sees half a file). */
export function fileTransport(dir: string, from: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  return {
    kind: 'file',
    async send(message) {
      const messageId = messageIdOf(message.id, from)
      const info = await composer.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId,
      })
      await mkdir(dir, { recursive: true })
      const target = path.join(dir, `${message.id}.eml`)
      await writeFile(`${target}.tmp`, info.message as Buffer)
      await rename(`${target}.tmp`, target)
      return { messageId }
    },
    close: () => composer.close(),
  }
}

export function transportFor(config: Pick<Config, 'smtp' | 'dataDir'>): MailTransport {
  return config.smtp.host
    ? smtpTransport(config.smtp)
    : fileTransport(path.join(config.dataDir, 'outbox'), config.smtp.from)
}
