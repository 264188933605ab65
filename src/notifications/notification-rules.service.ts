import { Inject, Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../events/on-domain-event';
import type { DomainEventMap } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { UsersRepository } from '../users/users.repository';
import { SLA_ALERT_EVENT, type RaisedSlaAlert } from '../sla/raised-sla-alert';
import type { NewNotification } from './notification.types';
import { NotificationsService } from './notifications.service';

const PREVIEW_CHARS = 120;

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

const TARGET_NAME = { first_response: 'first response', resolution: 'resolution' } as const;

function slaNotice(alert: RaisedSlaAlert): NewNotification {
  const { ticket } = alert;
  const what = `${TARGET_NAME[alert.target]} target`;
  return {
    type: SLA_ALERT_EVENT[alert.kind],
    title:
      alert.kind === 'warning'
        ? `Ticket ${ticket.ticket_id} is at risk of missing its ${what}`
        : `Ticket ${ticket.ticket_id} missed its ${what}${alert.target === 'resolution' ? ' and was escalated' : ''}`,
    message: preview(ticket.title),
    data: {
      ticket_id: ticket.ticket_id,
      id: ticket.id,
      urgency: ticket.urgency,
      target: alert.target,
      due_at: alert.due_at.toISOString(),
    },
  };
}

/**
 * Who is told what (SPEC §5 Notifications): the assigned agent of a new ticket, the other
 * participants of a conversation (never the sender), the requester when someone else moves
 * their ticket, and every active admin about flagged tickets and misuse reports. A failure here
 * is logged and never reaches the change that caused it.
 */
@Injectable()
export class NotificationRules {
  private readonly logger: AppLogger;

  constructor(
    private readonly notifications: NotificationsService,
    private readonly users: UsersRepository,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'notifications' });
  }

  @OnDomainEvent('on_ticket_created')
  ticketCreated({ ticket }: DomainEventMap['on_ticket_created']): Promise<void> {
    return this.send('on_ticket_created', [ticket.assignee_id], {
      type: 'ticket_created',
      title: `New ticket ${ticket.ticket_id} assigned to you`,
      message: preview(ticket.title),
      data: { ticket_id: ticket.ticket_id, id: ticket.id, urgency: ticket.urgency },
    });
  }

  /** Assignment at intake is already told by ticketCreated; later ones (department change) here. */
  @OnDomainEvent('ticket_assigned')
  ticketAssigned({ ticket, agent_id, cause }: DomainEventMap['ticket_assigned']): Promise<void> {
    if (cause === 'intake') return Promise.resolve();
    return this.send('ticket_assigned', [agent_id], {
      type: 'ticket_assigned',
      title: `Ticket ${ticket.ticket_id} assigned to you`,
      message: preview(ticket.title),
      data: { ticket_id: ticket.ticket_id, id: ticket.id, urgency: ticket.urgency },
    });
  }

  @OnDomainEvent('on_message_sent')
  messageSent({ message, ticket }: DomainEventMap['on_message_sent']): Promise<void> {
    const others = [ticket.user_id, ticket.assignee_id].filter((id) => id !== message.sender_id);
    return this.send('on_message_sent', others, {
      type: 'message_received',
      title: `New message on ${ticket.ticket_id}`,
      message: preview(message.content),
      data: { ticket_id: ticket.ticket_id, id: ticket.id, message_id: message.id },
    });
  }

  @OnDomainEvent('ticket_status_changed')
  statusChanged({ ticket, old_status, new_status, actor_id }: DomainEventMap['ticket_status_changed']): Promise<void> {
    if (actor_id === ticket.user_id) return Promise.resolve();
    return this.send('ticket_status_changed', [ticket.user_id], {
      type: 'ticket_status_changed',
      title: `Your ticket ${ticket.ticket_id} is now ${new_status}`,
      message: preview(ticket.title),
      data: { ticket_id: ticket.ticket_id, id: ticket.id, old_status, new_status },
    });
  }

  @OnDomainEvent('ticket_flagged')
  async ticketFlagged({ ticket }: DomainEventMap['ticket_flagged']): Promise<void> {
    await this.toAdmins('ticket_flagged', {
      type: 'misuse_detected',
      title: `Ticket ${ticket.ticket_id} was held for review`,
      message: preview(ticket.ai.screening.reason),
      data: { kind: 'ticket_flagged', ticket_id: ticket.ticket_id, id: ticket.id, user_id: ticket.user_id },
    });
  }

  @OnDomainEvent('on_misuse_detected')
  async misuseDetected({ report }: DomainEventMap['on_misuse_detected']): Promise<void> {
    await this.toAdmins('on_misuse_detected', {
      type: 'misuse_detected',
      title: `Misuse report: ${report.misuse_type.replaceAll('_', ' ')} (${report.severity_level})`,
      message: preview(report.evidence_data.pattern_analysis),
      data: { kind: 'misuse_report', report_id: report.id, user_id: report.user_id },
    });
  }

  /**
   * Each SLA alert to the ticket's agent and every active admin (SPEC §11.2), the whole batch in
   * one insert: awaited by the job, which may raise thousands at once.
   */
  @OnDomainEvent('sla_alerts_raised')
  async slaAlerts({ alerts }: DomainEventMap['sla_alerts_raised']): Promise<void> {
    try {
      const admins = (await this.users.findActiveByRole('admin')).map((admin) => admin.id);
      await this.notifications.notifyEach(
        alerts.map((alert) => ({ userIds: [alert.ticket.assignee_id, ...admins], notification: slaNotice(alert) })),
      );
    } catch (error) {
      this.logger.error({ err: error, data: { cause: 'sla_alerts_raised' } }, 'notification_failed');
    }
  }

  /** Not a rule of who is told: what was told about a deleted ticket goes. Awaited by the deletion. */
  @OnDomainEvent('ticket_deleted')
  async ticketDeleted({ ticket }: DomainEventMap['ticket_deleted']): Promise<void> {
    try {
      await this.notifications.forgetTicket(ticket.id);
    } catch (error) {
      this.logger.error({ err: error, data: { cause: 'ticket_deleted' } }, 'notification_cleanup_failed');
    }
  }

  private async toAdmins(cause: string, notification: NewNotification): Promise<void> {
    try {
      const admins = await this.users.findActiveByRole('admin');
      await this.send(
        cause,
        admins.map((admin) => admin.id),
        notification,
      );
    } catch (error) {
      this.logger.error({ err: error, data: { cause } }, 'notification_failed');
    }
  }

  private async send(cause: string, userIds: Array<string | null>, notification: NewNotification): Promise<void> {
    try {
      await this.notifications.notify(userIds, notification);
    } catch (error) {
      this.logger.error({ err: error, data: { cause } }, 'notification_failed');
    }
  }
}
