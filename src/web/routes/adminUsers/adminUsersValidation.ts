import { int32 } from '../../../domain/inputBounds.js'
import { z } from 'zod'
import { ROLES } from '../../../domain/roles.js'
import { asArray } from '../../forms.js'

export const NewUserForm = z.object({
  displayName: z.string().trim().min(1, 'Enter the person’s name').max(200, 'Name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .min(1, 'Enter an email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.com' })),
  organisationCode: z.string().trim().min(1, 'Choose an organisation'),
  roles: z.preprocess(
    asArray,
    z.array(z.enum(ROLES, { message: 'Choose a role from the list' })).min(1, 'Choose at least one role'),
  ),
})

export const RolesForm = z.object({
  roles: z.preprocess(
    asArray,
    z.array(z.enum(ROLES, { message: 'Choose a role from the list' })).min(1, 'Choose at least one role'),
  ),
  version: int32().positive(),
})

export const VersionForm = z.object({ version: int32().positive() })
