import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ROOT_LOGGER, type AppLogger } from '../../common/logging/logging.module';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { UsersRepository } from '../users.repository';
import { SeedService } from './seed.service';

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
    const outcome = await this.seed.ensureBootstrapAdmin(admin);
    if (outcome.status === 'created') {
      this.logger.info({ data: { user_id: outcome.id, username: outcome.username } }, 'bootstrap_admin_created');
    } else if (outcome.status === 'username_taken') {
      this.logger.error({ data: { username: outcome.username } }, 'bootstrap_admin_username_taken');
    }
  }
}
