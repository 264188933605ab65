import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { MessagesRepository } from '../messages/messages.repository';
import { DeletedTicketsRepository } from './deleted-tickets.repository';
import { changedMeanwhile } from './ticket-refusal';
import type { TicketRecord } from './ticket.types';
import { TicketsRepository } from './tickets.repository';
import { TicketAccess } from './ticket-access.service';
import { historyActor } from './history/ticket-history';

/** How many interrupted deletions one start finishes (more are finished by the next). */
const RECOVERY_BATCH = 100;

/**
 * An admin's `DELETE /tickets/{id}` (SPEC §11.1): the ticket, its messages and what other features
 * keep of it (notifications, FAQ drafts, …: the `ticket_deleted` subscribers) go; a record of the
 * deletion stays in `deleted_tickets`, which also carries the `ticket_deleted` webhook event. Each
 * step is recorded before the next (see DeletedTicketDocument), so a deletion a crash interrupted
 * is finished at the next start, never left half done.
 */
@Injectable()
export class TicketDeletion implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly deleted: DeletedTicketsRepository,
    private readonly messages: MessagesRepository,
    private readonly access: TicketAccess,
    private readonly events: DomainEventBus,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'tickets' });
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.finishInterrupted();
    } catch (error) {
      // The next start tries again; serving requests matters more.
      this.logger.error({ err: error }, 'ticket_deletion_recovery_failed');
    }
  }

  async delete(caller: AuthenticatedUser, id: string): Promise<void> {
    const ticket = await this.access.authorize(caller, id, 'delete');
    const now = new Date();
    await this.deleted.begin(ticket, caller.id, now, (await this.tickets.history(ticket.id)) ?? []);
    if (!(await this.tickets.deleteIfUnchanged(ticket.id, ticket))) {
      // Someone else deleted it meanwhile (theirs is the deletion), or it changed: then nothing happened.
      if (!(await this.tickets.exists(ticket.id))) throw AppError.notFound('Ticket');
      await this.deleted.abandon(ticket.id);
      throw changedMeanwhile();
    }
    await this.deleted.confirm(ticket, historyActor(caller), now);
    const messages = await this.purge(ticket, caller.id);
    this.logger.info({ user_id: caller.id, data: { ticket_id: ticket.ticket_id, messages } }, 'ticket_deleted');
  }

  /** Finishes what a process stopped in the middle of; how many deletions it finished. */
  async finishInterrupted(): Promise<number> {
    let finished = 0;
    for (const deletion of await this.deleted.unfinished(RECOVERY_BATCH)) {
      const { ticket, deleted_by } = deletion;
      if (deletion.state === 'pending') {
        // Stopped before the ticket went: it was never deleted (or another attempt is under way,
        // and its confirmation writes the whole record again).
        if (await this.tickets.exists(ticket.id)) {
          await this.deleted.abandon(ticket.id);
          continue;
        }
        // Only admins delete tickets (ticket.policy), so the recorded deleter is one.
        await this.deleted.confirm(ticket, { id: deleted_by, role: 'admin' }, deletion.deleted_at);
      }
      await this.purge(ticket, deleted_by);
      this.logger.info({ data: { ticket_id: ticket.ticket_id } }, 'ticket_deletion_finished');
      finished += 1;
    }
    return finished;
  }

  /**
   * The rest of the ticket: its messages here, the rest by the `ticket_deleted` subscribers (each
   * feature removes what it keeps), whose end is awaited before the deletion counts as finished.
   */
  private async purge(ticket: TicketRecord, actorId: string): Promise<number> {
    const messages = await this.messages.deleteAllOfTicket(ticket.id);
    await this.events.publishAndWait('ticket_deleted', { ticket, actor_id: actorId });
    await this.deleted.markPurged(ticket.id, new Date());
    return messages;
  }
}
