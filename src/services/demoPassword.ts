/** Shared by every demo account so a tester can switch roles quickly. Demo data only. */
export const DEMO_PASSWORD = 'Demo-password-2026'
