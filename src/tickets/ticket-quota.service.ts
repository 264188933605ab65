import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { TicketsRepository } from './tickets.repository';

export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Concurrent intakes by one user each win one round; past this many lost rounds, give up politely. */
const MAX_CLAIM_ROUNDS = 50;

export type QuotaSlot = { granted: true; seq: number } | { granted: false; retryAfterSeconds: number };
export type QuotaStore<T> = { granted: true; stored: T } | { granted: false; retryAfterSeconds: number };

/**
 * The daily ticket quota as numbered slots that the tickets themselves take: a requester's n-th
 * ticket is stored with `quota_seq` n under a unique (user_id, quota_seq) index, so exactly one
 * request can store a ticket in a slot. Slot n is open only if the ticket in slot n - limit was
 * stored over 24 hours ago, so at most `limit` tickets fall in any trailing 24 hours under any
 * concurrency: a request that decided on stale state loses the insert and decides again.
 *
 * The stored ticket is the claim, so an intake that fails before or while storing (a database
 * refusal, an outage, a crash) has taken nothing. A claim written first, on its own, stays taken
 * whenever the store then fails, and giving it back cannot be relied on when the database or the
 * process is what failed.
 */
@Injectable()
export class TicketQuota {
  constructor(private readonly tickets: TicketsRepository) {}

  /**
   * The slot the requester's next ticket would take now, or how long until one opens. Only
   * reads: intake checks it before the AI runs, so a full quota costs no screening.
   */
  async nextSlot(userId: string, limit: number, now: Date): Promise<QuotaSlot> {
    const latest = await this.tickets.latestQuotaSlot(userId);
    const seq = latest === null ? 0 : latest + 1;
    if (seq >= limit) {
      const boundary = await this.tickets.quotaSlotTakenAt(userId, seq - limit);
      const freesAt = boundary ? boundary.getTime() + QUOTA_WINDOW_MS : 0;
      if (freesAt > now.getTime()) return { granted: false, retryAfterSeconds: (freesAt - now.getTime()) / 1000 };
    }
    return { granted: true, seq };
  }

  /**
   * Stores through `insert` in the slot decided before; when another request stored a ticket in
   * that slot meanwhile (`insert` answers null), decides again on the state that won and retries,
   * until the ticket is stored or the quota turns out to be full.
   */
  async store<T>(
    userId: string,
    limit: number,
    now: Date,
    first: Extract<QuotaSlot, { granted: true }>,
    insert: (seq: number) => Promise<T | null>,
  ): Promise<QuotaStore<T>> {
    let slot: QuotaSlot = first;
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
      const stored = await insert(slot.seq);
      if (stored !== null) return { granted: true, stored };
      const next = await this.nextSlot(userId, limit, now);
      if (!next.granted) return next;
      slot = next;
    }
    throw AppError.rateLimited('Too many simultaneous ticket submissions; try again', 1);
  }
}
