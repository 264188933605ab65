import type { MessageRecord } from '../../messages/message.types';
import type { TicketRecord } from '../../tickets/ticket.types';
import { MAX_QUESTION_CHARS, MAX_TITLE_CHARS, type SuggestionDraft } from './knowledge-suggestion.types';

/**
 * How many of a ticket's newest staff replies a draft reads: enough for any conversation that
 * ends in an answer (messages are at most 1000 characters, so a draft stays under 21,000), while
 * a ticket with hundreds of replies costs one bounded read.
 */
export const ANSWER_REPLY_LIMIT = 20;

/** Why a resolved ticket teaches the knowledge base nothing. */
export type SkipReason = 'held_for_review' | 'no_department' | 'no_staff_reply';

export type DraftDecision = { outcome: 'draft'; draft: SuggestionDraft } | { outcome: 'skip'; reason: SkipReason };

/**
 * The FAQ a resolved ticket suggests: its title and description as the question, what staff
 * (the assignee, another agent, an admin) wrote on it as the answer, in the ticket's department.
 * A ticket held by the harm screen, or never routed, is not learnt from: its text is exactly
 * what should not reach the knowledge base. Without a non-empty staff reply there is no answer
 * to learn. The text is copied as it is (plain strings, length-bounded): nothing here
 * interprets it, and the admin sees it verbatim before anything is published.
 */
export function draftFromResolvedTicket(ticket: TicketRecord, staffReplies: readonly MessageRecord[]): DraftDecision {
  if (ticket.misuse_flag) return { outcome: 'skip', reason: 'held_for_review' };
  if (ticket.department === null) return { outcome: 'skip', reason: 'no_department' };
  const answer = staffReplies
    // The requester's own turns are never the answer, whatever type a message was stored with.
    .filter((reply) => reply.message_type === 'agent_message' && reply.sender_id !== ticket.user_id)
    .map((reply) => reply.content.trim())
    .filter((content) => content !== '')
    .join('\n\n');
  if (answer === '') return { outcome: 'skip', reason: 'no_staff_reply' };
  return {
    outcome: 'draft',
    draft: {
      title: ticket.title.trim().slice(0, MAX_TITLE_CHARS),
      question: ticket.description.trim().slice(0, MAX_QUESTION_CHARS),
      answer,
      category: ticket.department,
      source_ticket_id: ticket.ticket_id,
    },
  };
}
