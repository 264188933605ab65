import { Inject, Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../events/on-domain-event';
import type { DomainEventMap } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { toTicketResponse } from '../tickets/dto/ticket-response.dto';
import { decideTicketAction } from '../tickets/ticket.policy';
import { RealtimeGateway } from './realtime.gateway';
import { ADMIN_ROOM, departmentRoom, sessionRoom, ticketRoom, userRoom, type SocketData } from './realtime.types';
import type { TicketRecord } from '../tickets/ticket.types';
import { toMessageResponse } from '../messages/dto/message-response.dto';
import { SLA_ALERT_EVENT } from '../sla/raised-sla-alert';

/** The sockets whose user may no longer see the ticket, by the same policy as GET /tickets/{id}. */
function lostTheTicket<S extends { data: SocketData }>(sockets: S[], ticket: TicketRecord): S[] {
  return sockets.filter((socket) => decideTicketAction(socket.data.user, ticket, 'view').outcome !== 'allow');
}

/** Domain events → socket events in the right rooms (on every instance, through the adapter). */
@Injectable()
export class RealtimeRelay {
  private readonly logger: AppLogger;

  constructor(
    private readonly gateway: RealtimeGateway,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'realtime' });
  }

  private get server() {
    return this.gateway.server;
  }

  @OnDomainEvent('on_message_sent')
  messageSent({ message, ticket }: DomainEventMap['on_message_sent']): void {
    this.server
      .to(ticketRoom(ticket.id))
      .emit('new_message_in_ticket', { ticket_id: ticket.id, message: toMessageResponse(message) });
  }

  /**
   * Rooms are joined with the right to see the ticket, and an edit can take that right away (a
   * move to another department, a hold for review): whoever lost it leaves the room at once, on
   * every instance, judged by the same policy as GET /tickets/{id} with the user their handshake
   * authenticated. The tickets service awaits this before it publishes the change's own events,
   * so none of them, and nothing said in the room afterwards, reaches a socket that lost the ticket.
   * A failure is logged and never fails the change, which is already stored.
   */
  @OnDomainEvent('ticket_changed')
  async ticketChanged({ ticket }: DomainEventMap['ticket_changed']): Promise<void> {
    const room = ticketRoom(ticket.id);
    try {
      const members = await this.server.in(room).fetchSockets();
      const losing = lostTheTicket(members, ticket);
      if (losing.length === 0) return;
      // A socket of this instance leaves now (the adapters keep rooms in memory: no await needed);
      // for the others the adapter asks their instances, through the same Redis connection that
      // carries this instance's broadcasts, so the request arrives before any later broadcast.
      for (const socket of losing) socket.leave(room);
      const evicted = losing.map((socket) => socket.id);
      if (evicted.some((id) => !this.server.sockets.sockets.has(id))) await this.confirmLeft(room, evicted);
      this.logger.info({ data: { ticket_id: ticket.ticket_id, sockets: losing.length } }, 'ticket_room_left');
    } catch (error) {
      // The other instances cannot be asked (Redis is away). Broadcasts then reach only this
      // instance's own sockets, so dropping those who lost the ticket here still closes the room.
      const local = await this.server.local.in(room).fetchSockets();
      const losing = lostTheTicket(local, ticket);
      for (const socket of losing) socket.leave(room);
      this.logger.error(
        { err: error, data: { ticket_id: ticket.ticket_id, left_on_this_instance: losing.length } },
        'ticket_room_eviction_failed',
      );
    }
  }

  /**
   * Every instance handles the adapter's requests in the order they were sent, and answers a
   * fetch only after handling the leave sent before it: so once this answers, every instance has
   * dropped them, and a message another instance broadcasts next cannot reach them either.
   */
  private async confirmLeft(room: string, socketIds: string[]): Promise<void> {
    const evicted = new Set(socketIds);
    const remaining = (await this.server.in(room).fetchSockets()).filter((socket) => evicted.has(socket.id));
    if (remaining.length > 0) {
      this.logger.warn({ data: { room, sockets: remaining.map((socket) => socket.id) } }, 'ticket_room_leave_pending');
    }
  }

  /** The ticket room, and the requester wherever they are (they may not have the ticket open). */
  @OnDomainEvent('ticket_status_changed')
  statusChanged({ ticket, old_status, new_status }: DomainEventMap['ticket_status_changed']): void {
    this.server
      .to([ticketRoom(ticket.id), userRoom(ticket.user_id)])
      .emit('ticket_status_changed', { ticket_id: ticket.id, old_status, new_status });
  }

  @OnDomainEvent('ticket_assigned')
  assigned({ ticket, agent_id }: DomainEventMap['ticket_assigned']): void {
    this.server
      .to([ticketRoom(ticket.id), userRoom(agent_id)])
      .emit('ticket_assigned', { ticket_id: ticket.id, agent_id });
  }

  /**
   * Everyone who had the ticket in view: its room, its department (its queue), the admins, the
   * requester and the agent wherever they are. Then the room is emptied on every instance: there
   * is nothing left to follow.
   */
  @OnDomainEvent('ticket_deleted')
  deleted({ ticket }: DomainEventMap['ticket_deleted']): void {
    const rooms = [ticketRoom(ticket.id), ADMIN_ROOM, userRoom(ticket.user_id)];
    if (ticket.department) rooms.push(departmentRoom(ticket.department));
    if (ticket.assignee_id) rooms.push(userRoom(ticket.assignee_id));
    this.server.to(rooms).emit('ticket_deleted', { ticket_id: ticket.id, ticket_number: ticket.ticket_id });
    this.server.in(ticketRoom(ticket.id)).socketsLeave(ticketRoom(ticket.id));
  }

  @OnDomainEvent('on_ticket_created')
  created({ ticket }: DomainEventMap['on_ticket_created']): void {
    if (ticket.department) {
      this.server
        .to(departmentRoom(ticket.department))
        .emit('new_ticket_for_agent', { ticket: toTicketResponse(ticket, 'admin') });
    }
  }

  /** A released ticket is new work for its department, as if it had just arrived. */
  @OnDomainEvent('ticket_released')
  released({ ticket }: DomainEventMap['ticket_released']): void {
    this.created({ ticket });
  }

  /**
   * Each SLA alert to the ticket's department and the admins (SPEC §11.2); staff rooms only: the
   * requester sees no service-level data. A socket in both rooms gets it once.
   */
  @OnDomainEvent('sla_alerts_raised')
  slaAlerts({ alerts }: DomainEventMap['sla_alerts_raised']): void {
    for (const alert of alerts) {
      const { ticket } = alert;
      const rooms = ticket.department ? [ADMIN_ROOM, departmentRoom(ticket.department)] : [ADMIN_ROOM];
      this.server.to(rooms).emit(SLA_ALERT_EVENT[alert.kind], {
        ticket_id: ticket.id,
        ticket_number: ticket.ticket_id,
        target: alert.target,
        due_at: alert.due_at,
        ticket: toTicketResponse(ticket, 'admin'),
      });
    }
  }

  @OnDomainEvent('ticket_flagged')
  flagged({ ticket }: DomainEventMap['ticket_flagged']): void {
    this.server.to(ADMIN_ROOM).emit('ticket_flagged', { ticket: toTicketResponse(ticket, 'admin') });
  }

  @OnDomainEvent('on_misuse_detected')
  misuseDetected({ report }: DomainEventMap['on_misuse_detected']): void {
    this.server.to(ADMIN_ROOM).emit('misuse_detected', { user_id: report.user_id, report });
  }

  @OnDomainEvent('misuse_detection_progress')
  misuseProgress(progress: DomainEventMap['misuse_detection_progress']): void {
    this.server.to(ADMIN_ROOM).emit('misuse_detection_progress', progress);
  }

  @OnDomainEvent('notification_created')
  notification({ notification }: DomainEventMap['notification_created']): void {
    this.server.to(userRoom(notification.user_id)).emit('notification', { notification });
  }

  @OnDomainEvent('session_revoked')
  sessionRevoked({ session_id }: DomainEventMap['session_revoked']): void {
    this.server.in(sessionRoom(session_id)).disconnectSockets(true);
  }

  @OnDomainEvent('user_sessions_revoked')
  userSessionsRevoked({ user_id }: DomainEventMap['user_sessions_revoked']): void {
    this.server.in(userRoom(user_id)).disconnectSockets(true);
  }
}
