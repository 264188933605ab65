import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { isObjectIdString } from '../common/http/object-id.pipe';
import { outboxEvent, OutboxEventReader, type OutboxEvent, type WithOutboxEvents } from '../database/outbox';
import { DeletedTicketDocument, type DeletionState } from './deleted-ticket.schema';
import type { TicketRecord } from './ticket.types';
import { deletionEntry, type HistoryActor, type TicketHistoryEntry } from './history/ticket-history';

type LeanDeletedTicket = DeletedTicketDocument & { webhook_events?: OutboxEvent[] };

export interface DeletedTicketRecord {
  ticket: TicketRecord;
  deleted_by: string;
  deleted_at: Date;
  state: DeletionState;
  purged_at: Date | null;
}

/** A deleted ticket with the webhook event its deletion recorded. */
export interface DeletedTicketWithWebhookEvents {
  deletion: DeletedTicketRecord;
  events: OutboxEvent[];
}

function toRecord(doc: LeanDeletedTicket): DeletedTicketRecord {
  return {
    ticket: doc.snapshot as unknown as TicketRecord,
    deleted_by: doc.deleted_by.toHexString(),
    deleted_at: doc.deleted_at,
    state: doc.state,
    purged_at: doc.purged_at ?? null,
  };
}

/** The steps of a ticket's deletion, each recorded before the next (see DeletedTicketDocument). */
@Injectable()
export class DeletedTicketsRepository {
  private readonly outbox: OutboxEventReader<LeanDeletedTicket>;

  constructor(@InjectModel(DeletedTicketDocument.name) private readonly model: Model<DeletedTicketDocument>) {
    this.outbox = new OutboxEventReader(model as unknown as Model<WithOutboxEvents>);
  }

  /**
   * Step 1: the deletion is about to happen, with the ticket's history as read (the removal is
   * guarded on the ticket as read, so a change after this refuses it). Replaces a pending record
   * a refused attempt left.
   */
  async begin(ticket: TicketRecord, actorId: string, at: Date, history: TicketHistoryEntry[]): Promise<void> {
    await this.model
      .updateOne(
        { _id: new Types.ObjectId(ticket.id), state: 'pending' },
        { $set: { ...this.fields(ticket, actorId, at), history } },
        { upsert: true },
      )
      .exec();
  }

  /**
   * Step 2, once the ticket is gone: recorded as deleted, with the webhook event in the same write.
   * Written whole (and inserted if missing), so a concurrent attempt that abandoned the shared
   * pending record cannot lose it. Only the one removal that succeeded confirms.
   */
  async confirm(ticket: TicketRecord, actor: HistoryActor, at: Date): Promise<void> {
    await this.model
      .updateOne(
        { _id: new Types.ObjectId(ticket.id) },
        {
          $set: { ...this.fields(ticket, actor.id, at), state: 'deleted' },
          $push: { webhook_events: outboxEvent('ticket_deleted', at), history: deletionEntry(actor, at) },
        },
        { upsert: true },
      )
      .exec();
  }

  /**
   * A deleted ticket's history, ending with its deletion, by its ObjectId or `TKT-…` id; null when
   * no deletion of it is recorded.
   */
  async history(id: string): Promise<TicketHistoryEntry[] | null> {
    const which = isObjectIdString(id) ? { _id: new Types.ObjectId(id) } : { ticket_id: id };
    const doc = await this.model
      .findOne({ ...which, state: 'deleted' }, { history: 1 })
      .select('+history')
      .lean<{ history?: TicketHistoryEntry[] }>()
      .exec();
    return doc ? (doc.history ?? []) : null;
  }

  /** The ticket was not removed after all (it changed meanwhile): nothing happened. */
  async abandon(ticketObjectId: string): Promise<void> {
    await this.model.deleteOne({ _id: new Types.ObjectId(ticketObjectId), state: 'pending' }).exec();
  }

  /** Step 3: the messages and what other features kept of the ticket are gone. */
  async markPurged(ticketObjectId: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(ticketObjectId) }, { $set: { purged_at: at } }).exec();
  }

  /** Deletions a process stopped in the middle of. */
  async unfinished(limit: number): Promise<DeletedTicketRecord[]> {
    const docs = await this.model.find({ purged_at: null }).limit(limit).lean<LeanDeletedTicket[]>().exec();
    return docs.map(toRecord);
  }

  private fields(ticket: TicketRecord, actorId: string, at: Date) {
    return {
      ticket_id: ticket.ticket_id,
      snapshot: ticket,
      deleted_by: new Types.ObjectId(actorId),
      deleted_at: at,
      purged_at: null,
    };
  }

  async find(ticketObjectId: string): Promise<DeletedTicketRecord | null> {
    const doc = await this.model.findById(new Types.ObjectId(ticketObjectId)).lean<LeanDeletedTicket>().exec();
    return doc ? toRecord(doc) : null;
  }

  /** Deletions with webhook events recorded at or after `from`, for the relay's re-drive. */
  async *withWebhookEventsSince(from: Date): AsyncGenerator<DeletedTicketWithWebhookEvents> {
    for await (const doc of this.outbox.since(from))
      yield { deletion: toRecord(doc), events: doc.webhook_events ?? [] };
  }

  async findWithWebhookEvents(ticketObjectId: string): Promise<DeletedTicketWithWebhookEvents | null> {
    const doc = await this.outbox.one(ticketObjectId);
    return doc ? { deletion: toRecord(doc), events: doc.webhook_events ?? [] } : null;
  }
}
