import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { isDuplicateKeyError } from '../../database/duplicate-key';
import { PasswordHasher } from '../password-hasher';
import { UsersRepository } from '../users.repository';
import { DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts';
import type { BootstrapAdmin } from './seed-plan';

export interface SeededAccount extends DemoAccount {
  status: 'created' | 'existing';
}

/**
 * What became of the operator's admin: `created` (with its id), `admin_exists` (some admin was
 * there, or a concurrent start created this one), or `username_taken` by an account that is not
 * an admin (left as it is).
 */
export type BootstrapAdminOutcome =
  | { status: 'created'; id: string; username: string }
  | { status: 'admin_exists' }
  | { status: 'username_taken'; username: string };

@Injectable()
export class SeedService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Idempotent: creates the demo accounts that are missing and leaves existing ones untouched. */
  async seedDemoAccounts(): Promise<SeededAccount[]> {
    const results: SeededAccount[] = [];
    for (const account of DEMO_ACCOUNTS) {
      if (await this.users.findByUsername(account.username)) {
        results.push({ ...account, status: 'existing' });
        continue;
      }
      try {
        await this.users.create({
          username: account.username,
          email: account.email,
          password_hash: await this.hasher.hash(account.password),
          role: account.role,
        });
        results.push({ ...account, status: 'created' });
      } catch (error) {
        // Created meanwhile by a concurrent seed: still "existing", which is what idempotent means.
        if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
        results.push({ ...account, status: 'existing' });
      }
    }
    return results;
  }

  /**
   * The admin of BOOTSTRAP_ADMIN_*, only while no admin exists: used by the server's first start
   * and by `npm run seed -- --production`.
   */
  async ensureBootstrapAdmin(admin: BootstrapAdmin): Promise<BootstrapAdminOutcome> {
    if ((await this.users.countByRole('admin')) > 0) return { status: 'admin_exists' };
    const username = admin.username.toLowerCase();
    try {
      const created = await this.users.create({
        username,
        email: admin.email.toLowerCase(),
        password_hash: await this.hasher.hash(admin.password),
        role: 'admin',
      });
      return { status: 'created', id: created.id, username: created.username };
    } catch (error) {
      if (!isDuplicateKeyError(error) && !(error instanceof AppError && error.code === 'CONFLICT')) throw error;
      // Another instance starting at the same moment created it first (the unique index decided),
      // or the name belongs to someone who is not an admin.
      if ((await this.users.countByRole('admin')) > 0) return { status: 'admin_exists' };
      return { status: 'username_taken', username };
    }
  }
}
