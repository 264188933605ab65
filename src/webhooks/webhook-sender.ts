import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { ClaimedDelivery } from './webhook.types';
import { publicOnlyLookup, refusalOf } from './webhook-target';
import { WebhooksRepository } from './webhooks.repository';

/** Retries never wait longer than this, however many attempts came before. */
const MAX_RETRY_DELAY_MS = 3_600_000;
/** Deliveries claimed and sent together per pass. */
const BATCH = 20;
/** How often an idle sender looks for due retries (new deliveries wake it at once). */
const POLL_MS = 500;

/** Exponential backoff with jitter: attempt n waits between half and all of base·2^(n−1), capped. */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: what a receiver recomputes with its copy of the secret. */
export function signatureFor(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

type Outcome =
  { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string; final: boolean };

/**
 * Sends due deliveries: claims them (a lease, so instances do not collide), POSTs each with its
 * stable delivery id and signature, and records the outcome: delivered on 2xx, otherwise retried
 * with backoff until WEBHOOK_MAX_ATTEMPTS, then failed.
 */
@Injectable()
export class WebhookSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: AppLogger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private rerun = false;
  private stopped = false;

  constructor(
    private readonly webhooks: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'webhooks' });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** New deliveries were written: send them now rather than at the next poll. */
  kick(): void {
    if (this.running) this.rerun = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delayMs);
    this.timer.unref();
  }

  private run(): void {
    if (this.running || this.stopped) return;
    this.running = this.sendDue()
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook_pass_failed'))
      .finally(() => {
        this.running = null;
        const again = this.rerun;
        this.rerun = false;
        this.schedule(again ? 0 : POLL_MS);
      });
  }

  private async sendDue(): Promise<void> {
    const leaseMs = this.config.webhooks.timeoutMs + 5000;
    for (;;) {
      if (this.stopped) return;
      const claimed = await this.webhooks.claimDue(new Date(), leaseMs, BATCH);
      await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
      if (claimed.length < BATCH) return;
    }
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await this.attempt(delivery);
    const now = new Date();
    const { maxAttempts, retryBaseMs } = this.config.webhooks;
    if (outcome.ok) {
      await this.webhooks.recordAttempt(
        delivery.delivery_id,
        { status: 'delivered', statusCode: outcome.statusCode, error: null },
        now,
      );
      this.logger.info(
        { data: { delivery_id: delivery.delivery_id, event: delivery.event, attempts: delivery.attempts } },
        'webhook_delivered',
      );
      return;
    }
    const giveUp = outcome.final || delivery.attempts >= maxAttempts;
    await this.webhooks.recordAttempt(
      delivery.delivery_id,
      {
        status: giveUp ? 'failed' : 'pending',
        statusCode: outcome.statusCode,
        error: outcome.error,
        ...(giveUp ? {} : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(delivery.attempts, retryBaseMs)) }),
      },
      now,
    );
    this.logger.warn(
      {
        data: {
          delivery_id: delivery.delivery_id,
          event: delivery.event,
          attempts: delivery.attempts,
          status_code: outcome.statusCode,
          error: outcome.error,
        },
      },
      giveUp ? 'webhook_failed' : 'webhook_retry_scheduled',
    );
  }

  private async attempt(delivery: ClaimedDelivery): Promise<Outcome> {
    const subscription = await this.webhooks.secretOf(delivery.subscription_id);
    if (!subscription) return { ok: false, statusCode: null, error: 'the subscription was deleted', final: true };
    const url = new URL(subscription.url);
    const allowPrivate = this.config.webhooks.allowPrivateNetworks;
    if (!allowPrivate) {
      const refusal = await refusalOf(url);
      if (refusal) return { ok: false, statusCode: null, error: refusal, final: true };
    }
    try {
      const statusCode = await this.post(url, delivery, signatureFor(subscription.secret, delivery.body), allowPrivate);
      return statusCode >= 200 && statusCode < 300
        ? { ok: true, statusCode }
        : { ok: false, statusCode, error: `the receiver answered ${statusCode}`, final: false };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, statusCode: null, error: message, final: code === 'EPRIVATEADDRESS' };
    }
  }

  private post(url: URL, delivery: ClaimedDelivery, signature: string, allowPrivate: boolean): Promise<number> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(delivery.body),
            'user-agent': 'helpdesk-api-webhooks/1',
            'x-helpdesk-event': delivery.event,
            'x-helpdesk-delivery': delivery.delivery_id,
            'x-helpdesk-timestamp': String(Math.floor(Date.now() / 1000)),
            'x-helpdesk-signature': signature,
          },
          ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
        },
        (res: IncomingMessage) => {
          res.resume(); // the body is not needed; reading it frees the socket
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      const deadline = setTimeout(
        () => req.destroy(new Error(`no answer within ${this.config.webhooks.timeoutMs} ms`)),
        this.config.webhooks.timeoutMs,
      );
      req.on('error', reject);
      req.on('close', () => clearTimeout(deadline));
      req.end(delivery.body);
    });
  }
}
