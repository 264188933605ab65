import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { buildPagination, skipFor } from '../../common/http/pagination';
import { MessagesRepository } from '../../messages/messages.repository';
import type { TicketRecord } from '../../tickets/ticket.types';
import { KnowledgeService } from '../knowledge.service';
import type {
  ApproveKnowledgeSuggestionDto,
  KnowledgeSuggestionListDto,
  ListKnowledgeSuggestionsQueryDto,
} from './dto/knowledge-suggestion.dto';
import { ANSWER_REPLY_LIMIT, draftFromResolvedTicket, type SkipReason } from './knowledge-suggestion-draft';
import type { KnowledgeSuggestionRecord } from './knowledge-suggestion.types';
import { KnowledgeSuggestionsRepository } from './knowledge-suggestions.repository';

/** The tag every approved suggestion's document carries, so the knowledge base shows what it learnt from tickets. */
export const LEARNT_FROM_TICKET_TAG = 'faq';

/** What a resolved ticket did to the suggestions (logged by the subscriber). */
export type ResolvedTicketOutcome =
  { outcome: 'created' | 'refreshed' } | { outcome: 'skipped'; reason: SkipReason | 'already_reviewed' };

/**
 * Draft FAQs from resolved tickets (SPEC §11.1), and the admin's review of them: an approval
 * publishes the draft through KnowledgeService.create, so it is chunked, indexed and searchable
 * exactly as a document an admin typed in.
 */
@Injectable()
export class KnowledgeSuggestionsService {
  constructor(
    private readonly suggestions: KnowledgeSuggestionsRepository,
    private readonly messages: MessagesRepository,
    private readonly knowledge: KnowledgeService,
  ) {}

  /**
   * Drafts the ticket's suggestion, once per ticket. A ticket resolved again after a reopen
   * redrafts its pending suggestion from the conversation as it now stands (the later answer is
   * the one that worked); a suggestion an admin has already approved or dismissed is left as
   * they decided.
   */
  async draftFromResolvedTicket(ticket: TicketRecord): Promise<ResolvedTicketOutcome> {
    const replies = await this.messages.latestOfType(ticket.id, 'agent_message', ANSWER_REPLY_LIMIT);
    const decision = draftFromResolvedTicket(ticket, replies);
    if (decision.outcome === 'skip') return { outcome: 'skipped', reason: decision.reason };
    if (await this.suggestions.refreshPending(decision.draft)) return { outcome: 'refreshed' };
    const stored = await this.suggestions.createPending(decision.draft);
    return stored === 'created' ? { outcome: 'created' } : { outcome: 'skipped', reason: 'already_reviewed' };
  }

  /** A deleted ticket takes its pending suggestion with it; an approved one is a document of its own and stays. */
  async forgetDeletedTicket(ticket: TicketRecord): Promise<number> {
    return this.suggestions.deletePendingOfTicket(ticket.ticket_id);
  }

  async list(query: ListKnowledgeSuggestionsQueryDto): Promise<KnowledgeSuggestionListDto> {
    const { suggestions, total } = await this.suggestions.list(
      query.status,
      skipFor(query.page, query.limit),
      query.limit,
    );
    return { suggestions, total_count: total, pagination: buildPagination(total, query.page, query.limit) };
  }

  /**
   * Publishes the draft (with the admin's edits) as a knowledge-base document and records it on
   * the suggestion. The document is created first and the suggestion then moves from pending in
   * one conditional update: if another admin decided in between, the document just created is
   * removed again and this answers 409, so one suggestion never becomes two documents.
   */
  async approve(
    id: string,
    reviewerId: string,
    edits: ApproveKnowledgeSuggestionDto,
  ): Promise<KnowledgeSuggestionRecord> {
    const suggestion = this.requirePending(await this.suggestions.find(id));
    const content = {
      title: edits.title ?? suggestion.title,
      answer: edits.content ?? suggestion.answer,
      category: edits.category ?? suggestion.category,
    };
    const document = await this.knowledge.create({
      title: content.title,
      content: content.answer,
      category: content.category,
      tags: [LEARNT_FROM_TICKET_TAG],
    });
    const approved = await this.suggestions.markApproved(
      id,
      { reviewer_id: reviewerId, at: new Date() },
      document.document_id,
      content,
    );
    if (approved) return approved;
    await this.knowledge.delete(document.document_id);
    return this.refuseDecided(await this.suggestions.find(id));
  }

  async dismiss(id: string, reviewerId: string): Promise<KnowledgeSuggestionRecord> {
    this.requirePending(await this.suggestions.find(id));
    const dismissed = await this.suggestions.markDismissed(id, { reviewer_id: reviewerId, at: new Date() });
    return dismissed ?? this.refuseDecided(await this.suggestions.find(id));
  }

  private requirePending(suggestion: KnowledgeSuggestionRecord | null): KnowledgeSuggestionRecord {
    if (!suggestion || suggestion.status !== 'pending') this.refuseDecided(suggestion);
    return suggestion;
  }

  /** 404 for a suggestion that is gone (its ticket was deleted), 409 for one already decided. */
  private refuseDecided(suggestion: KnowledgeSuggestionRecord | null): never {
    if (!suggestion) throw AppError.notFound('Knowledge suggestion');
    if (suggestion.status === 'approved') {
      throw AppError.conflict(`The suggestion was already approved (document ${suggestion.document_id})`, {
        status: suggestion.status,
        document_id: suggestion.document_id,
      });
    }
    throw AppError.conflict(`The suggestion was already ${suggestion.status}`, { status: suggestion.status });
  }
}
