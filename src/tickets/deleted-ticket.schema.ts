import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { OUTBOX_EVENTS_INDEX, OutboxEventSchema, type OutboxEvent } from '../database/outbox';
import { TicketHistoryEntrySchema, type TicketHistoryEntryDocument } from './history/ticket-history.schema';

export const DELETION_STATES = ['pending', 'deleted'] as const;
export type DeletionState = (typeof DELETION_STATES)[number];

/**
 * What is left of a deleted ticket (SPEC §11.1), and the steps of its deletion. A deletion spans
 * several collections and a standalone server has no transactions, so each step is recorded here
 * before the next: `pending` (about to remove the ticket), `deleted` (removed, with the
 * `ticket_deleted` webhook event recorded in that same write), `purged_at` (messages and what other
 * features keep of it gone too). A process that dies between steps leaves a record that the next
 * start finishes (TicketDeletion.finishInterrupted). Kept afterwards as the deletion's record.
 */
@Schema({ collection: 'deleted_tickets', versionKey: false })
export class DeletedTicketDocument {
  /** The deleted ticket's own _id. */
  _id!: Types.ObjectId;
  @Prop({ type: String, required: true }) ticket_id!: string;
  /** The ticket as it was at deletion (its TicketRecord): what the webhook event carries. */
  @Prop({ type: Object, required: true }) snapshot!: Record<string, unknown>;
  @Prop({ type: Types.ObjectId, required: true }) deleted_by!: Types.ObjectId;
  @Prop({ type: Date, required: true }) deleted_at!: Date;
  @Prop({ type: String, required: true, enum: DELETION_STATES }) state!: DeletionState;
  @Prop({ type: Date, default: null }) purged_at!: Date | null;
  @Prop({ type: [OutboxEventSchema], default: undefined }) webhook_events?: OutboxEvent[];
  /** The ticket's history, copied before it goes, ending with the `deleted` entry (SPEC §11.1). */
  @Prop({ type: [TicketHistoryEntrySchema], default: undefined, select: false })
  history?: TicketHistoryEntryDocument[];
}

export const DeletedTicketSchema = SchemaFactory.createForClass(DeletedTicketDocument);
DeletedTicketSchema.index(OUTBOX_EVENTS_INDEX, { sparse: true }); // the webhook relay's re-drive
// The deletions a start must finish: few, and found without a scan.
DeletedTicketSchema.index({ purged_at: 1 });
// An admin reads a deleted ticket's history by either of its ids.
DeletedTicketSchema.index({ ticket_id: 1 });
