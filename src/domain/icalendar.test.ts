import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildCalendar, escapeText, foldLine } from './icalendar.js'

test('TEXT values escape backslash, semicolon, comma and newlines', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf')
})

test('lines are folded at 75 octets, continuations start with a space, UTF-8 characters stay whole', () => {
  const line = `SUMMARY:${'x'.repeat(200)}`
  const folded = foldLine(line)
  const physical = folded.split('\r\n')
  assert.ok(physical.length > 2)
  for (const p of physical) assert.ok(Buffer.byteLength(p) <= 75, `${Buffer.byteLength(p)} octets`)
  for (const p of physical.slice(1)) assert.ok(p.startsWith(' '))
  assert.equal(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line)

  const accented = `SUMMARY:${'é'.repeat(60)}` // 2 octets each
  const parts = foldLine(accented).split('\r\n')
  for (const p of parts) {
    assert.ok(Buffer.byteLength(p) <= 75)
    assert.ok(!p.includes('\uFFFD'))
  }
  assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), accented)
  assert.equal(foldLine('SHORT:1'), 'SHORT:1')
})

test('a calendar: CRLF throughout, all-day events, stable UIDs, escaped text', () => {
  const now = new Date('2026-03-10T09:08:07.123Z')
  const text = buildCalendar({
    name: 'Deadlines, mine',
    now,
    events: [
      {
        uid: 'notice-1@candour',
        date: '2026-03-31',
        summary: 'Response due; 2026/000001',
        description: 'Line one\nLine two',
        url: 'https://candour.example/investigations/1',
      },
      { uid: 'ki-2@candour', date: '2026-12-31', summary: 'Update due' },
    ],
  })
  assert.ok(text.endsWith('\r\n'))
  assert.ok(!/[^\r]\n/.test(text), 'every newline is CRLF')
  const lines = text.split('\r\n')
  assert.equal(lines[0], 'BEGIN:VCALENDAR')
  assert.ok(lines.includes('VERSION:2.0'))
  assert.ok(lines.includes('X-WR-CALNAME:Deadlines\\, mine'))
  assert.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 2)
  assert.ok(lines.includes('UID:notice-1@candour'))
  assert.ok(lines.includes('DTSTAMP:20260310T090807Z'))
  assert.ok(lines.includes('DTSTART;VALUE=DATE:20260331'))
  assert.ok(lines.includes('DTEND;VALUE=DATE:20260401'))
  assert.ok(lines.includes('DTEND;VALUE=DATE:20270101'))
  assert.ok(lines.includes('SUMMARY:Response due\\; 2026/000001'))
  assert.ok(lines.includes('DESCRIPTION:Line one\\nLine two'))
  assert.equal(lines.at(-2), 'END:VCALENDAR')
  // The same input gives the same text: UIDs and content are stable between fetches.
  assert.equal(
    buildCalendar({
      name: 'Deadlines, mine',
      now,
      events: [{ uid: 'ki-2@candour', date: '2026-12-31', summary: 'Update due' }],
    }).includes('UID:ki-2@candour'),
    true,
  )
})

test('a whole calendar, written out line by line', () => {
  const text = buildCalendar({
    name: 'A; B\\C',
    now: new Date('2026-11-30T23:04:05.999Z'),
    productId: '-//Test//EN',
    events: [
      { uid: 'a@candour', date: '2026-02-28', summary: 'One, two', description: '', url: '' },
      { uid: 'b@candour', date: '2028-02-28', summary: 'Leap', description: 'Why\r\nnot', url: 'https://x.example/a' },
    ],
  })
  assert.equal(
    text,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:A\\; B\\\\C',
      'BEGIN:VEVENT',
      'UID:a@candour',
      'DTSTAMP:20261130T230405Z',
      'DTSTART;VALUE=DATE:20260228',
      'DTEND;VALUE=DATE:20260301',
      'SUMMARY:One\\, two',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:b@candour',
      'DTSTAMP:20261130T230405Z',
      'DTSTART;VALUE=DATE:20280228',
      'DTEND;VALUE=DATE:20280229',
      'SUMMARY:Leap',
      'DESCRIPTION:Why\\nnot',
      'URL:https://x.example/a',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  )
  assert.equal(
    buildCalendar({ name: 'N', now: new Date('2026-01-02T03:04:05Z'), events: [] }),
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Candour//Deadlines//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:N\r\nEND:VCALENDAR\r\n',
  )
  assert.throws(() =>
    buildCalendar({ name: 'N', now: new Date(), events: [{ uid: 'u', date: '2026-2-1', summary: 'S' }] }),
  )
})

test('escapes each special character alone, and a lone carriage return as a newline', () => {
  const table: [string, string][] = [
    ['', ''],
    ['\\', '\\\\'],
    [';', '\\;'],
    [',', '\\,'],
    ['\n', '\\n'],
    ['\r', '\\n'],
    ['\r\n', '\\n'],
    ['\n\r', '\\n\\n'],
    ['a:b', 'a:b'],
  ]
  for (const [value, escaped] of table) assert.equal(escapeText(value), escaped, JSON.stringify(value))
})

test('folds at exactly 75 octets, then 74 after each leading space', () => {
  assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75))
  assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`)
  assert.equal(foldLine('x'.repeat(75 + 74)), `${'x'.repeat(75)}\r\n ${'x'.repeat(74)}`)
  assert.equal(foldLine('x'.repeat(75 + 75)), `${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`)
  // A two-octet character that would straddle octet 75 moves whole to the next line.
  assert.equal(foldLine(`${'x'.repeat(74)}é`), `${'x'.repeat(74)}é`.slice(0, 74) + '\r\n é')
  assert.equal(foldLine(`${'x'.repeat(73)}é`), `${'x'.repeat(73)}é`)
  assert.equal(foldLine(''), '')
})
