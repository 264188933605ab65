import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { PasswordHasher } from '../password-hasher';
import { UsersRepository } from '../users.repository';
import { DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts';

export interface SeededAccount extends DemoAccount {
  status: 'created' | 'existing';
}

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
}
