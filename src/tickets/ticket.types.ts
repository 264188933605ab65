import type { TicketSla } from '../sla/ticket-sla';
import type { AiProvider, HarmCategory } from '../ai/ai.ports';
import type { TicketStatus, Urgency } from '../domain/ticket-status';
import type { Department } from '../domain/department';

export interface TicketAiRecord {
  screening: { is_harmful: boolean; categories: HarmCategory[]; reason: string; provider: AiProvider };
  /** Null while a flagged ticket waits for review: it was never routed. `manual`: set by a person. */
  routing: { department: Department; reason: string; provider: AiProvider | 'manual' } | null;
}

export interface FlagReview {
  reviewed_by: string;
  reviewed_at: Date;
}

/** A ticket as services see it (plain data, ids as strings). */
export interface TicketRecord {
  id: string;
  ticket_id: string;
  title: string;
  description: string;
  urgency: Urgency;
  status: TicketStatus;
  department: Department | null;
  assignee_id: string | null;
  user_id: string;
  created_at: Date;
  updated_at: Date;
  assigned_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  /** Seconds from creation to resolution, kept so analytics need no date arithmetic in queries. */
  resolution_seconds: number | null;
  misuse_flag: boolean;
  flag_review: FlagReview | null;
  feedback: string | null;
  /** How many times the requester reopened it after a resolution. */
  reopen_count: number;
  ai: TicketAiRecord;
  /** Its service-level clock; null while it is held for review, and on tickets older than SLAs. */
  sla: TicketSla | null;
}

/**
 * A ticket reduced to its text and the harm screen's verdict at intake: what the misuse detector
 * reads (through TicketReportsRepository), so tickets/ owns the shape and misuse/ depends on it.
 */
export interface ScreenedTicket {
  ticket_id: string;
  user_id: string;
  title: string;
  description: string;
  created_at: Date;
  categories: HarmCategory[];
}

/** Counts of ticket lists stop here (see TicketsRepository.list). */
export const TICKET_COUNT_CAP = 10_000;
