export const USER_ROLES = ['user', 'it_agent', 'hr_agent', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
