import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { asArray, formErrors, parseForm } from './forms.js'

const Form = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(10, 'Name must be 10 characters or fewer'),
  age: z.coerce.number().int('Enter a whole number').min(0, 'Age must be 0 or more'),
  roles: z.preprocess(asArray, z.array(z.enum(['a', 'b'])).min(1, 'Choose at least one role')),
})

describe('parseForm', () => {
  it('returns the parsed, transformed data when the form is valid', () => {
    const result = parseForm(Form, { name: '  Ivy  ', age: '42', roles: 'a' })
    assert.deepEqual(result, { ok: true, data: { name: 'Ivy', age: 42, roles: ['a'] } })
  })

  it('returns one summary item and one field message per field, in field order, linking to the field', () => {
    const result = parseForm(Form, { name: '', age: '-1', roles: [] })
    assert.equal(result.ok, false)
    if (result.ok) return
    assert.deepEqual(result.errors.summary, [
      { text: 'Enter a name', href: '#name' },
      { text: 'Age must be 0 or more', href: '#age' },
      { text: 'Choose at least one role', href: '#roles' },
    ])
    assert.deepEqual(result.errors.fields, {
      name: { text: 'Enter a name' },
      age: { text: 'Age must be 0 or more' },
      roles: { text: 'Choose at least one role' },
    })
  })

  it('uses the given element id for a field whose input is not named after it (checkboxes)', () => {
    const result = parseForm(Form, { name: 'Ivy', age: '1' }, { roles: 'roles-first' })
    assert.equal(result.ok, false)
    if (!result.ok)
      assert.deepEqual(result.errors.summary, [{ text: 'Choose at least one role', href: '#roles-first' }])
  })

  it('treats a missing body as an empty form rather than failing', () => {
    const result = parseForm(Form, undefined)
    assert.equal(result.ok, false)
    if (!result.ok) assert.deepEqual(Object.keys(result.errors.fields).sort(), ['age', 'name', 'roles'])
  })

  it('reports an over-long value with the schema’s own message', () => {
    const result = parseForm(Form, { name: 'x'.repeat(11), age: '1', roles: ['b'] })
    assert.equal(result.ok, false)
    if (!result.ok) assert.deepEqual(result.errors.fields, { name: { text: 'Name must be 10 characters or fewer' } })
  })
})

describe('formErrors', () => {
  it('keeps only the first problem of each field, by the first segment of its path', () => {
    const errors = formErrors([
      { path: 'allegations.0.standard', message: 'Choose a standard' },
      { path: 'allegations.1.standard', message: 'Choose another standard' },
      { path: 'email', message: 'Enter an email address' },
    ])
    assert.deepEqual(errors, {
      summary: [
        { text: 'Choose a standard', href: '#allegations' },
        { text: 'Enter an email address', href: '#email' },
      ],
      fields: { allegations: { text: 'Choose a standard' }, email: { text: 'Enter an email address' } },
    })
  })

  it('files a problem without a path under "form"', () => {
    assert.deepEqual(formErrors([{ path: '', message: 'Something is wrong' }]), {
      summary: [{ text: 'Something is wrong', href: '#form' }],
      fields: { form: { text: 'Something is wrong' } },
    })
  })

  it('is empty for no problems', () => {
    assert.deepEqual(formErrors([]), { summary: [], fields: {} })
  })
})

describe('asArray', () => {
  it('turns a form value into a list of strings', () => {
    assert.deepEqual(asArray(undefined), [])
    assert.deepEqual(asArray(null), [])
    assert.deepEqual(asArray(''), [])
    assert.deepEqual(asArray('a'), ['a'])
    assert.deepEqual(asArray(['a', 'b']), ['a', 'b'])
  })
})
