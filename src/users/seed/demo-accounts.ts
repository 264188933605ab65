import type { UserRole } from '../../domain/user-role';

export interface DemoAccount {
  username: string;
  email: string;
  password: string;
  role: UserRole;
}

/**
 * Demo accounts for every role. Their passwords are published here on purpose: they are for
 * trying the product, and `npm run seed` prints them. Never seed them into a real deployment.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', email: 'admin@helpdesk.local', password: 'admin-demo-password', role: 'admin' },
  { username: 'it.agent', email: 'it.agent@helpdesk.local', password: 'it-agent-demo-password', role: 'it_agent' },
  { username: 'hr.agent', email: 'hr.agent@helpdesk.local', password: 'hr-agent-demo-password', role: 'hr_agent' },
  { username: 'alice', email: 'alice@helpdesk.local', password: 'alice-demo-password', role: 'user' },
  { username: 'bob', email: 'bob@helpdesk.local', password: 'bob-demo-password', role: 'user' },
];
