/** Every URL the service links to, made in one place (as in hmpps-manage-adjudications). */
export const paths = {
  home: () => '/',
  signIn: () => '/sign-in',
  signInTwoFactor: () => '/sign-in/two-factor',
  signInSetUpTwoFactor: () => '/sign-in/set-up-two-factor',
  signOut: () => '/sign-out',
  account: () => '/account',
  accountTwoFactor: () => '/account/two-factor',
  accountSignOutEverywhere: () => '/account/sign-out-everywhere',
  accountApiTokens: () => '/account/api-tokens',
  accountApiTokenNew: () => '/account/api-tokens/new',
  accountApiTokenRevoke: (id: string) => `/account/api-tokens/${id}/revoke`,
  adminUsers: () => '/admin/users',
  adminUserNew: () => '/admin/users/new',
  adminUser: (id: string) => `/admin/users/${id}`,
  adminUserAction: (id: string, action: 'disable' | 'enable' | 'reset-password' | 'roles' | 'reset-two-factor') =>
    `/admin/users/${id}/${action}`,
  adminAudit: () => '/admin/audit',
  adminAuditVerify: () => '/admin/audit/verify',
  health: () => '/health',
  openApi: () => '/api/v1/openapi.json',
}
