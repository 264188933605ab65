import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ROOT_LOGGER, type AppLogger } from '../../common/logging/logging.module';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/**
 * Behind a reverse proxy with TRUST_PROXY unset, every request seems to come from the proxy: all
 * employees share one address, so one person's typos count against everyone's sign-in limit and
 * logs name the proxy. Nothing at start can tell a proxy is there, so the first request carrying
 * X-Forwarded-For (the header TRUST_PROXY would make us read) logs one warning per process.
 */
@Injectable()
export class ProxyHeaderWarning implements OnModuleInit {
  private readonly logger: AppLogger;
  private warned = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.logger = root.child({ module: 'auth' });
  }

  onModuleInit(): void {
    if (this.config.http.trustProxy !== false) return;
    // Absent in a context without HTTP (none mounts this module today, but nothing forbids it).
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', (request, _reply, done) => {
      if (!this.warned && request.headers['x-forwarded-for'] !== undefined) {
        this.warned = true;
        this.logger.warn(
          {
            data: {
              proxy_address: request.ip,
              advice:
                'requests carry X-Forwarded-For but TRUST_PROXY is unset: every client counts as this address ' +
                "for sign-in limits and logs; set TRUST_PROXY to the proxy's address (or true behind one that " +
                'overwrites the header)',
            },
          },
          'trust_proxy_unset',
        );
      }
      done();
    });
  }
}
