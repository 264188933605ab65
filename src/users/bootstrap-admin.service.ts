import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/**
 * There is no sign-up, so a fresh installation needs one way in: with BOOTSTRAP_ADMIN_* set and
 * no admin in the database, that admin is created at start. Never again once any admin exists.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {
    this.logger = root.child({ module: 'users' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    if ((await this.users.countByRole('admin')) > 0) return;
    try {
      const created = await this.users.create({
        username: admin.username,
        email: admin.email,
        password_hash: await this.hasher.hash(admin.password),
        role: 'admin',
      });
      this.logger.info({ data: { user_id: created.id, username: created.username } }, 'bootstrap_admin_created');
    } catch (error) {
      // Another instance starting at the same moment created it first: the unique index decided.
      if ((error as { code?: unknown }).code === 11000) return;
      throw error;
    }
  }
}
