import { OUTBOX_EVENTS_INDEX, OutboxEventSchema, type OutboxEvent } from '../database/outbox';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { HARM_CATEGORIES } from '../ai/ai.ports';
import { type TicketAiRecord } from './ticket.types';
import type { TicketSla } from '../sla/ticket-sla';
import { TicketHistoryEntrySchema, type TicketHistoryEntryDocument } from './history/ticket-history.schema';
import { DEPARTMENTS, type Department } from '../domain/department';
import { TICKET_STATUSES, type TicketStatus, URGENCIES, type Urgency } from '../domain/ticket-status';
import { SLA_INDEX_FILTER, SLA_INDEX_NAMES, SLA_INDEXES } from './ticket-sla-lists';

@Schema({ _id: false, versionKey: false })
class FlagReviewDocument {
  @Prop({ type: Types.ObjectId, required: true }) reviewed_by!: Types.ObjectId;
  @Prop({ type: Date, required: true }) reviewed_at!: Date;
}

@Schema({ collection: 'tickets', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' }, versionKey: false })
export class TicketDocument {
  @Prop({ type: String, required: true, unique: true }) ticket_id!: string;
  @Prop({ type: String, required: true, maxlength: 200 }) title!: string;
  @Prop({ type: String, required: true, maxlength: 2000 }) description!: string;
  @Prop({ type: String, required: true, enum: URGENCIES, default: 'medium' }) urgency!: Urgency;
  @Prop({ type: String, required: true, enum: TICKET_STATUSES }) status!: TicketStatus;
  @Prop({ type: String, enum: [...DEPARTMENTS, null], default: null }) department!: Department | null;
  @Prop({ type: Types.ObjectId, default: null }) assignee_id!: Types.ObjectId | null;
  @Prop({ type: Types.ObjectId, required: true }) user_id!: Types.ObjectId;
  /** The department and `agent:<assignee id>`, kept with both in every write (see agent-keys.ts). */
  @Prop({ type: [String], default: undefined }) agent_keys?: string[];
  @Prop({ type: Date, default: null }) assigned_at!: Date | null;
  @Prop({ type: Date, default: null }) resolved_at!: Date | null;
  @Prop({ type: Date, default: null }) closed_at!: Date | null;
  @Prop({ type: Number, default: null }) resolution_seconds!: number | null;
  /**
   * The UTC days of creation, resolution and closing (YYYY-MM-DD), kept for analytics: a group
   * on a stored, indexed day, rather than computing the day of every ticket in each query.
   */
  @Prop({ type: String }) created_day?: string;
  @Prop({ type: String, default: null }) resolved_day!: string | null;
  @Prop({ type: String, default: null }) closed_day!: string | null;
  /**
   * Which of its requester's numbered quota slots this ticket took (see TicketQuota); set at
   * intake. Tickets stored before slots were kept on tickets have none and count for nothing.
   */
  @Prop({ type: Number }) quota_seq?: number;
  @Prop({ type: Boolean, required: true, default: false }) misuse_flag!: boolean;
  @Prop({ type: FlagReviewDocument, default: null }) flag_review!: FlagReviewDocument | null;
  @Prop({ type: String, default: null, maxlength: 1000 }) feedback!: string | null;
  /** Tickets stored before reopening existed have none: read as 0. */
  @Prop({ type: Number, default: 0, min: 0 }) reopen_count!: number;

  @Prop({
    type: {
      _id: false,
      screening: {
        is_harmful: { type: Boolean, required: true },
        categories: { type: [String], enum: HARM_CATEGORIES, default: [] },
        reason: { type: String, required: true },
        provider: { type: String, required: true },
      },
      routing: {
        type: { _id: false, department: String, reason: String, provider: String },
        default: null,
      },
    },
    required: true,
  })
  ai!: TicketAiRecord;

  /** The service-level clock (sla/ticket-sla.ts); null while held for review. */
  @Prop({
    type: {
      _id: false,
      first_response_due: { type: Date, required: true },
      resolution_due: { type: Date, required: true },
      first_response_at: { type: Date, default: null },
      first_response_breached: { type: Boolean, default: false },
      resolution_breached: { type: Boolean, default: false },
      started_at: { type: Date, required: true },
      first_response_warning_at: { type: Date, required: true },
      resolution_warning_at: { type: Date, required: true },
      resolution_started_at: { type: Date, required: true },
      first_response_warned: { type: Boolean, default: false },
      resolution_warned: { type: Boolean, default: false },
      escalated_at: { type: Date, default: null },
      next_due_at: { type: Date, default: null },
      next_warning_at: { type: Date, default: null },
      next_check_at: { type: Date, default: null },
    },
    default: null,
  })
  sla!: TicketSla | null;

  /** Webhook events of this ticket's changes recorded with them for the webhook relay (see OutboxEvent). */
  @Prop({ type: [OutboxEventSchema], default: undefined }) webhook_events?: OutboxEvent[];

  /**
   * Every change, appended in the write that makes it (history/ticket-history.ts). Left out of
   * every read but GET /tickets/{id}/history: lists and the ticket itself never carry it.
   */
  @Prop({ type: [TicketHistoryEntrySchema], default: undefined, select: false })
  history?: TicketHistoryEntryDocument[];

  created_at!: Date;
  updated_at!: Date;
}

export const TicketSchema = SchemaFactory.createForClass(TicketDocument);
// Every list is newest first, ties by _id, within its scope: each scope and filter has an index
// whose order is the list's (test/list-query-plans.e2e-spec.ts explains every list query).
TicketSchema.index({ created_at: -1, _id: -1 }); // admin, unfiltered
TicketSchema.index({ status: 1, created_at: -1, _id: -1 }); // admin by status
TicketSchema.index({ misuse_flag: 1, created_at: -1, _id: -1 }); // admin review queue
TicketSchema.index({ user_id: 1, created_at: -1, _id: -1 }); // requester's own
TicketSchema.index({ user_id: 1, status: 1, created_at: -1, _id: -1 });
TicketSchema.index({ department: 1, created_at: -1, _id: -1 }); // admin by department
TicketSchema.index({ department: 1, status: 1, created_at: -1, _id: -1 });
TicketSchema.index({ agent_keys: 1, created_at: -1, _id: -1 }); // an agent's: department or assignee
TicketSchema.index({ agent_keys: 1, status: 1, created_at: -1, _id: -1 });
TicketSchema.index({ assignee_id: 1, status: 1, created_at: -1 }); // assignment load counts, handover
TicketSchema.index(OUTBOX_EVENTS_INDEX, { sparse: true });
// The quota: one ticket per (requester, slot); the insert that takes a slot is the claim.
TicketSchema.index({ user_id: 1, quota_seq: 1 }, { unique: true, partialFilterExpression: { quota_seq: { $gte: 0 } } });
// Analytics: what was resolved or closed in a range.
TicketSchema.index({ resolved_at: -1 });
TicketSchema.index({ closed_at: -1 }); // the webhook relay's re-drive
// SLA compliance (analytics): each target counts at its due time or when it was met.
TicketSchema.index({ 'sla.first_response_due': 1 }, { sparse: true });
TicketSchema.index({ 'sla.first_response_at': 1 }, { sparse: true });
TicketSchema.index({ 'sla.resolution_due': 1 }, { sparse: true });
// The SLA job: what has a warning or breach to raise by now, in order (see TicketSla.next_check_at).
TicketSchema.index({ 'sla.next_check_at': 1, _id: 1 }, { sparse: true });
// The SLA lists (GET /tickets?sla=at_risk|breached) and the home pages' SLA figures, by due time:
// partial indexes holding only tickets that owe a target and are not held (see ticket-sla-lists.ts).
const slaIndex = (scope: keyof typeof SLA_INDEXES) =>
  TicketSchema.index(SLA_INDEXES[scope], { name: SLA_INDEX_NAMES[scope], partialFilterExpression: SLA_INDEX_FILTER });
slaIndex('all'); // admin, by status or both owing statuses
slaIndex('department'); // admin by department; an agent's own department
slaIndex('agent'); // an agent's: department or assignee
slaIndex('requester'); // admin by requester
