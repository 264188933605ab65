import type { KnowledgeCategory } from '../../domain/department';

/** `pending` until an admin decides: `approved` made it a document, `dismissed` kept it out. */
export const SUGGESTION_STATUSES = ['pending', 'approved', 'dismissed'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** Ticket titles are 1-200 characters and descriptions 1-2000 (SPEC §3); a draft keeps them whole. */
export const MAX_TITLE_CHARS = 200;
export const MAX_QUESTION_CHARS = 2000;

/** A draft FAQ as the resolved ticket gives it: what an admin reviews. */
export interface SuggestionDraft {
  /** The ticket's title, proposed as the document's title. */
  title: string;
  /** The ticket's description: the question in the requester's words. */
  question: string;
  /** The staff replies on the ticket, oldest first, a paragraph each. */
  answer: string;
  category: KnowledgeCategory;
  /** The public id (TKT-…) of the resolved ticket it was drafted from. */
  source_ticket_id: string;
}

/** A suggestion as services see it (plain data, ids as strings). */
export interface KnowledgeSuggestionRecord extends SuggestionDraft {
  id: string;
  status: SuggestionStatus;
  created_at: Date;
  updated_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  /** The knowledge-base document an approval created; null until then. */
  document_id: string | null;
}

/** What an approval publishes, after the admin's edits: the suggestion records it as it became the document. */
export interface ApprovedContent {
  title: string;
  answer: string;
  category: KnowledgeCategory;
}
