import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../events/on-domain-event';
import type { DomainEventMap } from '../events/domain-events';
import type { TicketRecord } from '../tickets/ticket.types';
import { AnalyticsCache, type AnalyticsFigure, type FigureChange } from './analytics-cache';

const everywhere = (...figures: AnalyticsFigure[]): FigureChange[] => figures.map((figure) => ({ figure, at: 'all' }));

const within = (instants: Array<Date | null>, ...figures: AnalyticsFigure[]): FigureChange[] => {
  const at = instants.filter((instant): instant is Date => instant !== null);
  return at.length === 0 ? [] : figures.map((figure) => ({ figure, at }));
};

/** The lifecycle moments a ticket reached: ranged figures count it at these. */
const momentsOf = (ticket: TicketRecord) => [ticket.created_at, ticket.resolved_at, ticket.closed_at];

/**
 * Which figures each domain event moves, from what each figure reads:
 *
 * - overview: every ticket's status, department, urgency and flag (no range: any ticket change);
 * - ticket_volume: tickets created, resolved or closed in the range, by department and urgency;
 * - time_series: the same moments per day;
 * - departments: status and department of tickets created in the range, resolutions in it, and the
 *   active agents with their current load (load has no range: an assignment moves every range);
 * - resolution_times: tickets resolved in the range, by department and urgency;
 * - user_activity: tickets created in the range per requester;
 * - flagged_users: flagged tickets, unreviewed reports and the users' names and activity (no range);
 * - trending_topics: titles and descriptions of tickets created in the range or the window before;
 * - sla_compliance: SLA targets met or missed in the range, by department, urgency and assignee.
 *   A target is missed when its due time passes, which no event announces: that waits for the
 *   TTL. Every change that settles or moves a target drops the figure for all ranges (a reopen
 *   takes back a resolution of an earlier range).
 *
 * A ranged figure is dropped only for ranges holding the instant the ticket counts at, so figures of
 * past ranges survive new tickets; a new ticket still moves nearly every figure of the current
 * range, which is what an admin looks at, and those are recomputed at the next request.
 */
export const FIGURES_MOVED_BY = {
  on_ticket_created: ({ ticket }: DomainEventMap['on_ticket_created']): FigureChange[] => [
    ...everywhere('overview'),
    ...within([ticket.created_at], 'ticket_volume', 'time_series', 'departments', 'user_activity', 'trending_topics'),
  ],
  ticket_status_changed: ({ ticket, new_status }: DomainEventMap['ticket_status_changed']): FigureChange[] => [
    ...everywhere('overview', 'departments', 'sla_compliance'),
    ...within([new_status === 'resolved' ? ticket.resolved_at : null], 'resolution_times'),
    ...within(
      [new_status === 'resolved' ? ticket.resolved_at : new_status === 'closed' ? ticket.closed_at : null],
      'ticket_volume',
      'time_series',
    ),
  ],
  ticket_assigned: (): FigureChange[] => everywhere('departments'),
  ticket_flagged: ({ ticket }: DomainEventMap['ticket_flagged']): FigureChange[] => [
    ...everywhere('overview', 'flagged_users'),
    ...within(momentsOf(ticket), 'ticket_volume', 'departments'),
  ],
  ticket_released: ({ ticket }: DomainEventMap['ticket_released']): FigureChange[] => [
    ...everywhere('overview', 'flagged_users'),
    ...within(momentsOf(ticket), 'ticket_volume', 'departments'),
  ],
  /** An edit: whatever it changed, whichever events came with it (the fields, not the path, decide). */
  ticket_changed: ({ before, ticket }: DomainEventMap['ticket_changed']): FigureChange[] => {
    const changed = (field: keyof TicketRecord) => before[field] !== ticket[field];
    const moments = momentsOf(ticket);
    const changes: FigureChange[] = [];
    if (changed('title') || changed('description')) changes.push(...within([ticket.created_at], 'trending_topics'));
    if (changed('urgency'))
      changes.push(...everywhere('overview'), ...within(moments, 'ticket_volume', 'resolution_times'));
    if (changed('department') || changed('misuse_flag'))
      changes.push(
        ...everywhere('overview', 'departments', 'flagged_users'),
        ...within(moments, 'ticket_volume', 'resolution_times'),
      );
    const clockMoved = JSON.stringify(before.sla) !== JSON.stringify(ticket.sla);
    if (clockMoved || changed('status') || changed('assignee_id') || changed('urgency') || changed('department'))
      changes.push(...everywhere('sla_compliance'));
    if (changed('status') || changed('assignee_id'))
      changes.push(
        ...everywhere('overview', 'departments'),
        ...within(moments, 'ticket_volume', 'time_series', 'resolution_times'),
      );
    return changes;
  },
  /** A deleted ticket leaves every figure it counted in. */
  ticket_deleted: ({ ticket }: DomainEventMap['ticket_deleted']): FigureChange[] => [
    ...everywhere('overview', 'departments', 'flagged_users', 'sla_compliance'),
    ...within(
      momentsOf(ticket),
      'ticket_volume',
      'time_series',
      'resolution_times',
      'user_activity',
      'trending_topics',
    ),
  ],
  on_misuse_detected: (): FigureChange[] => everywhere('flagged_users'),
  misuse_report_reviewed: (): FigureChange[] => everywhere('flagged_users'),
  /** The first reply by staff meets (or comes late for) a first-response target. */
  on_message_sent: ({ message }: DomainEventMap['on_message_sent']): FigureChange[] =>
    message.message_type === 'agent_message' ? everywhere('sla_compliance') : [],
  /** A user created, (de)activated or moved to another role: agent lists and flagged users' details, agents' names. */
  user_account_changed: (): FigureChange[] => everywhere('departments', 'flagged_users', 'sla_compliance'),
} satisfies { [E in keyof DomainEventMap]?: (payload: DomainEventMap[E]) => FigureChange[] };

/** Drops cached figures as the domain events that move them arrive. */
@Injectable()
export class AnalyticsInvalidation {
  constructor(private readonly cache: AnalyticsCache) {}

  @OnDomainEvent('on_ticket_created')
  ticketCreated(payload: DomainEventMap['on_ticket_created']): void {
    this.cache.drop(FIGURES_MOVED_BY.on_ticket_created(payload));
  }

  @OnDomainEvent('ticket_status_changed')
  statusChanged(payload: DomainEventMap['ticket_status_changed']): void {
    this.cache.drop(FIGURES_MOVED_BY.ticket_status_changed(payload));
  }

  @OnDomainEvent('ticket_assigned')
  assigned(): void {
    this.cache.drop(FIGURES_MOVED_BY.ticket_assigned());
  }

  @OnDomainEvent('ticket_flagged')
  flagged(payload: DomainEventMap['ticket_flagged']): void {
    this.cache.drop(FIGURES_MOVED_BY.ticket_flagged(payload));
  }

  @OnDomainEvent('ticket_released')
  released(payload: DomainEventMap['ticket_released']): void {
    this.cache.drop(FIGURES_MOVED_BY.ticket_released(payload));
  }

  @OnDomainEvent('ticket_changed')
  changed(payload: DomainEventMap['ticket_changed']): void {
    this.cache.drop(FIGURES_MOVED_BY.ticket_changed(payload));
  }

  @OnDomainEvent('ticket_deleted')
  deleted(payload: DomainEventMap['ticket_deleted']): void {
    this.cache.drop(FIGURES_MOVED_BY.ticket_deleted(payload));
  }

  @OnDomainEvent('on_misuse_detected')
  misuseDetected(): void {
    this.cache.drop(FIGURES_MOVED_BY.on_misuse_detected());
  }

  @OnDomainEvent('misuse_report_reviewed')
  reportReviewed(): void {
    this.cache.drop(FIGURES_MOVED_BY.misuse_report_reviewed());
  }

  @OnDomainEvent('on_message_sent')
  messageSent(payload: DomainEventMap['on_message_sent']): void {
    this.cache.drop(FIGURES_MOVED_BY.on_message_sent(payload));
  }

  @OnDomainEvent('user_account_changed')
  userChanged(): void {
    this.cache.drop(FIGURES_MOVED_BY.user_account_changed());
  }
}
