import type { AppConfig, NodeEnv } from '../../config/app-config';
import { DEMO_ACCOUNTS } from './demo-accounts';

/** The seed's one flag: prepare a real installation (no demo account) instead of a demo. */
export const PRODUCTION_FLAG = '--production';

export type BootstrapAdmin = NonNullable<AppConfig['bootstrapAdmin']>;

export type SeedPlan =
  /** The demo accounts (published passwords, printed) and the starter knowledge base. */
  | { kind: 'demo' }
  /** The starter knowledge base and the operator's admin, unless an admin exists; no demo account. */
  | { kind: 'installation'; admin: BootstrapAdmin }
  | { kind: 'refused'; reason: string };

export interface SeedRequest {
  nodeEnv: NodeEnv;
  args: readonly string[];
  bootstrapAdmin: BootstrapAdmin | undefined;
}

const DEMO_PASSWORDS = new Set(DEMO_ACCOUNTS.map((account) => account.password));

/**
 * What `npm run seed` may do, decided before it connects, so a refusal writes nothing. Demo
 * accounts never reach a production database: their passwords are in the README and in this
 * repository. A production database is seeded only on request (`--production`), and then gets
 * an admin whose password the operator chose (BOOTSTRAP_ADMIN_*, the variables the server's own
 * first start uses), never a demo password.
 */
export function planSeed({ nodeEnv, args, bootstrapAdmin }: SeedRequest): SeedPlan {
  const unknown = args.filter((arg) => arg !== PRODUCTION_FLAG);
  if (unknown.length > 0) {
    return { kind: 'refused', reason: `unknown argument ${unknown.join(' ')}; the only one is ${PRODUCTION_FLAG}` };
  }
  if (!args.includes(PRODUCTION_FLAG)) {
    if (nodeEnv !== 'production') return { kind: 'demo' };
    return {
      kind: 'refused',
      reason:
        'NODE_ENV is production: refusing to create the demo accounts, whose passwords are published. To prepare ' +
        `a production database run the seed with ${PRODUCTION_FLAG} (npm run seed:prod -- ${PRODUCTION_FLAG}) and ` +
        'BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD set: it adds the starter knowledge base and that ' +
        'admin, and no demo account.',
    };
  }
  if (!bootstrapAdmin) {
    return {
      kind: 'refused',
      reason:
        `${PRODUCTION_FLAG} needs BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD (12-128 characters of ` +
        'your choosing; BOOTSTRAP_ADMIN_EMAIL optional): the admin it creates when none exists gets that password.',
    };
  }
  if (DEMO_PASSWORDS.has(bootstrapAdmin.password)) {
    return {
      kind: 'refused',
      reason: 'BOOTSTRAP_ADMIN_PASSWORD is a published demo password; choose another one.',
    };
  }
  return { kind: 'installation', admin: bootstrapAdmin };
}
