import { Inject, Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../events/on-domain-event';
import type { DomainEventMap } from '../../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../../common/logging/logging.module';
import { KnowledgeSuggestionsService } from './knowledge-suggestions.service';

/**
 * Where the knowledge base learns from tickets: a resolution drafts a suggestion, a deletion
 * takes its pending one away. Each outcome is one log line (`knowledge_suggestion_drafted`,
 * `…_skipped` with the reason, `…_removed`); a failure is logged and never reaches the ticket
 * change that caused it. The event names are checked against the domain-event map.
 */
@Injectable()
export class KnowledgeSuggestionSubscriber {
  private readonly logger: AppLogger;

  constructor(
    private readonly suggestions: KnowledgeSuggestionsService,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'knowledge' });
  }

  @OnDomainEvent('on_ticket_resolved')
  async ticketResolved({ ticket, actor_id }: DomainEventMap['on_ticket_resolved']): Promise<void> {
    const data = { ticket_id: ticket.ticket_id };
    try {
      const result = await this.suggestions.draftFromResolvedTicket(ticket);
      if (result.outcome === 'skipped') {
        this.logger.info(
          { user_id: actor_id, data: { ...data, reason: result.reason } },
          'knowledge_suggestion_skipped',
        );
      } else {
        this.logger.info(
          { user_id: actor_id, data: { ...data, outcome: result.outcome } },
          'knowledge_suggestion_drafted',
        );
      }
    } catch (error) {
      this.logger.error({ err: error, user_id: actor_id, data }, 'knowledge_suggestion_failed');
    }
  }

  @OnDomainEvent('ticket_deleted')
  async ticketDeleted({ ticket, actor_id }: DomainEventMap['ticket_deleted']): Promise<void> {
    const data = { ticket_id: ticket.ticket_id };
    try {
      const removed = await this.suggestions.forgetDeletedTicket(ticket);
      this.logger.info({ user_id: actor_id, data: { ...data, removed } }, 'knowledge_suggestion_removed');
    } catch (error) {
      this.logger.error({ err: error, user_id: actor_id, data }, 'knowledge_suggestion_failed');
    }
  }
}
