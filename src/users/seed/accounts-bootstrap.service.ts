import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ROOT_LOGGER, type AppLogger } from '../../common/logging/logging.module';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { PasswordHasher } from '../password-hasher';
import { UsersRepository } from '../users.repository';
import { SeedService } from './seed.service';
import { isDuplicateKeyError } from '../../database/duplicate-key';

/**
 * The ways into a fresh installation, at start:
 * 1. in development, an empty database gets the demo accounts (so `npm run start:dev` is usable);
 * 2. with BOOTSTRAP_ADMIN_* set and no admin in the database, that admin is created, never again
 *    once any admin exists.
 */
@Injectable()
export class AccountsBootstrapService implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly seed: SeedService,
  ) {
    this.logger = root.child({ module: 'users' });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv === 'development' && (await this.users.countAll()) === 0) {
      const seeded = await this.seed.seedDemoAccounts();
      this.logger.warn(
        { data: { accounts: seeded.map(({ username, role, status }) => ({ username, role, status })) } },
        'demo_accounts_seeded',
      );
    }
    await this.createBootstrapAdmin();
  }

  private async createBootstrapAdmin(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    if ((await this.users.countByRole('admin')) > 0) return;
    try {
      const created = await this.users.create({
        username: admin.username.toLowerCase(),
        email: admin.email.toLowerCase(),
        password_hash: await this.hasher.hash(admin.password),
        role: 'admin',
      });
      this.logger.info({ data: { user_id: created.id, username: created.username } }, 'bootstrap_admin_created');
    } catch (error) {
      // Another instance starting at the same moment created it first: the unique index decided.
      if (isDuplicateKeyError(error) || (error as { code?: unknown }).code === 'CONFLICT') return;
      throw error;
    }
  }
}
