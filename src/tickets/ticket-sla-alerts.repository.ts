import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type AnyBulkWriteOperation, type Model, type QueryFilter } from 'mongoose';
import { outboxEvent, type OutboxEvent } from '../database/outbox';
import { SLA_ALERT_EVENT, type RaisedSlaAlert } from '../sla/raised-sla-alert';
import { TARGET_FIELDS, type SlaAlert, type TicketSla } from '../sla/ticket-sla';
import { slaAlertEntries } from './history/ticket-history';
import { TicketDocument } from './ticket.schema';
import type { TicketRecord } from './ticket.types';
import { toRecord, type LeanTicket } from './tickets.repository';

/** What the job decided for one ticket it read: the alerts to raise and the clock after them. */
export interface SlaCheck {
  ticket: TicketRecord & { sla: TicketSla };
  alerts: SlaAlert[];
  after: TicketSla;
}

export interface SlaChecksStored {
  raised: RaisedSlaAlert[];
  /** Checks not written: the ticket moved between the read and the write (a later pass sees it as it is). */
  conflicts: number;
}

/** The clock's fields a check writes: what it raised, and what it derives from that. */
const CHECK_FIELDS = [
  'first_response_warned',
  'first_response_breached',
  'resolution_warned',
  'resolution_breached',
  'escalated_at',
  'next_due_at',
  'next_warning_at',
  'next_check_at',
] as const satisfies ReadonlyArray<keyof TicketSla>;

/**
 * The SLA job's reads and writes of tickets (SPEC §11.2). Its queue is the index on
 * `sla.next_check_at`; each check is one conditional update, all of a batch in one round trip,
 * that stores the alerts with their history entries and webhook events, so that an alert raised
 * is never raised again, on this instance or another, and never goes unrecorded.
 */
@Injectable()
export class TicketSlaAlertsRepository {
  constructor(@InjectModel(TicketDocument.name) private readonly model: Model<TicketDocument>) {}

  /** Up to `limit` tickets with something to raise by `now`, from the head of the queue. */
  async dueForCheck(now: Date, limit: number): Promise<Array<TicketRecord & { sla: TicketSla }>> {
    const docs = await this.model
      .find({ 'sla.next_check_at': { $lte: now } }, { webhook_events: 0 })
      .sort({ 'sla.next_check_at': 1, _id: 1 })
      .limit(limit)
      .lean<LeanTicket[]>()
      .exec();
    return docs.map(toRecord).filter((ticket): ticket is TicketRecord & { sla: TicketSla } => ticket.sla !== null);
  }

  /**
   * Writes each check while its ticket is still as read: the same status, due times and first
   * response (so a move decided meanwhile is never undone by a clock worked out before it), and
   * each alert not raised yet (so none is raised twice). Leaves `updated_at` alone: an alert is
   * not an edit, and an edit decided meanwhile is not refused for it. Returns the alerts stored.
   *
   * History entries of alerts are not held to MAX_HISTORY_ENTRIES: at most three per target and
   * cycle, and a new cycle (a reopen) is itself an entry that is.
   */
  async store(checks: SlaCheck[], now: Date): Promise<SlaChecksStored> {
    if (checks.length === 0) return { raised: [], conflicts: 0 };
    const events = new Map<string, Array<{ alert: SlaAlert; event: OutboxEvent }>>();
    const operations: Array<AnyBulkWriteOperation<TicketDocument>> = checks.map(({ ticket, alerts, after }) => {
      const raised = alerts.map((alert) => ({
        alert,
        event: outboxEvent(SLA_ALERT_EVENT[alert.kind], now, {
          target: alert.target,
          due_at: alert.due_at.toISOString(),
        }),
      }));
      if (raised.length > 0) events.set(ticket.id, raised);
      const set: Record<string, unknown> = {};
      for (const field of CHECK_FIELDS) set[`sla.${field}`] = after[field];
      return {
        updateOne: {
          filter: this.asRead(ticket, alerts),
          update: {
            $set: set,
            ...(raised.length > 0
              ? {
                  $push: {
                    history: { $each: alerts.flatMap((alert) => slaAlertEntries(alert, now)) },
                    webhook_events: { $each: raised.map(({ event }) => event) },
                  },
                }
              : {}),
          },
          timestamps: false,
        },
      };
    });
    const result = await this.model.bulkWrite(operations, { ordered: false });
    return { raised: await this.storedAlerts(events, now), conflicts: checks.length - result.matchedCount };
  }

  private asRead(ticket: SlaCheck['ticket'], alerts: SlaAlert[]): QueryFilter<TicketDocument> {
    const filter: Record<string, unknown> = {
      _id: new Types.ObjectId(ticket.id),
      status: ticket.status,
      'sla.first_response_due': ticket.sla.first_response_due,
      'sla.resolution_due': ticket.sla.resolution_due,
      'sla.first_response_at': ticket.sla.first_response_at,
      'sla.next_check_at': ticket.sla.next_check_at,
    };
    for (const alert of alerts) {
      const fields = TARGET_FIELDS[alert.target];
      filter[`sla.${alert.kind === 'warning' ? fields.warned : fields.breached}`] = { $ne: true };
    }
    return filter;
  }

  /**
   * Which of the batch's alerts were stored, read back by their events' ids: a write that found
   * its ticket moved stored none, and the bulk result does not say which those were.
   */
  private async storedAlerts(
    events: Map<string, Array<{ alert: SlaAlert; event: OutboxEvent }>>,
    now: Date,
  ): Promise<RaisedSlaAlert[]> {
    if (events.size === 0) return [];
    const eventIds = [...events.values()].flatMap((raised) => raised.map(({ event }) => event.event_id));
    const docs = await this.model
      .find({
        _id: { $in: [...events.keys()].map((id) => new Types.ObjectId(id)) },
        'webhook_events.event_id': { $in: eventIds },
      })
      .lean<LeanTicket[]>()
      .exec();
    return docs.flatMap((doc) => {
      const ticket = toRecord(doc);
      const stored = new Set((doc.webhook_events ?? []).map((event) => event.event_id));
      return (events.get(ticket.id) ?? [])
        .filter(({ event }) => stored.has(event.event_id))
        .map(({ alert, event }) => ({ ...alert, ticket, event_id: event.event_id, raised_at: now }));
    });
  }
}
