/** Who someone is to the helpdesk (SPEC §2). */
export const USER_ROLES = ['user', 'it_agent', 'hr_agent', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
