import type { NodeEnv } from '../../config/app-config';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { PRODUCTION_FLAG, planSeed, type BootstrapAdmin } from './seed-plan';

const admin: BootstrapAdmin = { username: 'ops', password: 'an-operator-password', email: 'ops@example.com' };
const environments: NodeEnv[] = ['development', 'test', 'production'];

describe('planSeed', () => {
  it('seeds the demo outside production without the flag, whatever BOOTSTRAP_ADMIN_* says', () => {
    for (const nodeEnv of ['development', 'test'] as const) {
      for (const bootstrapAdmin of [undefined, admin]) {
        expect(planSeed({ nodeEnv, args: [], bootstrapAdmin })).toEqual({ kind: 'demo' });
      }
    }
  });

  it('refuses production without the flag, even with an admin configured, and says how to force it', () => {
    for (const bootstrapAdmin of [undefined, admin]) {
      const plan = planSeed({ nodeEnv: 'production', args: [], bootstrapAdmin });
      expect(plan).toEqual({ kind: 'refused', reason: expect.stringContaining('NODE_ENV is production') });
      expect(plan.kind === 'refused' && plan.reason).toContain(PRODUCTION_FLAG);
    }
  });

  it('with the flag, in any environment: the installation with the operator admin', () => {
    for (const nodeEnv of environments) {
      expect(planSeed({ nodeEnv, args: [PRODUCTION_FLAG], bootstrapAdmin: admin })).toEqual({
        kind: 'installation',
        admin,
      });
    }
  });

  it('with the flag, refuses without an operator admin', () => {
    for (const nodeEnv of environments) {
      expect(planSeed({ nodeEnv, args: [PRODUCTION_FLAG], bootstrapAdmin: undefined })).toEqual({
        kind: 'refused',
        reason: expect.stringContaining('BOOTSTRAP_ADMIN_PASSWORD'),
      });
    }
  });

  it.each(DEMO_ACCOUNTS.map((account) => [account.username, account.password]))(
    "with the flag, refuses %s's published demo password as the admin's",
    (_username, password) => {
      expect(
        planSeed({ nodeEnv: 'production', args: [PRODUCTION_FLAG], bootstrapAdmin: { ...admin, password } }),
      ).toEqual({ kind: 'refused', reason: expect.stringContaining('published demo password') });
    },
  );

  it('refuses any other argument, naming it', () => {
    for (const args of [['--prod'], [PRODUCTION_FLAG, '--force'], ['production']]) {
      const plan = planSeed({ nodeEnv: 'development', args, bootstrapAdmin: admin });
      expect(plan).toEqual({ kind: 'refused', reason: expect.stringContaining('unknown argument') });
    }
  });
});
