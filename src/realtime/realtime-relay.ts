import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { DomainEventMap } from '../common/events/domain-events';
import { toMessageResponse, toTicketResponse } from '../tickets/dto/ticket-response.dto';
import { RealtimeGateway } from './realtime.gateway';
import { ADMIN_ROOM, departmentRoom, sessionRoom, ticketRoom, userRoom } from './realtime.types';

/** Domain events → socket events in the right rooms (on every instance, through the adapter). */
@Injectable()
export class RealtimeRelay {
  constructor(private readonly gateway: RealtimeGateway) {}

  private get server() {
    return this.gateway.server;
  }

  @OnEvent('on_message_sent')
  messageSent({ message, ticket }: DomainEventMap['on_message_sent']): void {
    this.server
      .to(ticketRoom(ticket.id))
      .emit('new_message_in_ticket', { ticket_id: ticket.id, message: toMessageResponse(message) });
  }

  /** The ticket room, and the requester wherever they are (they may not have the ticket open). */
  @OnEvent('ticket_status_changed')
  statusChanged({ ticket, old_status, new_status }: DomainEventMap['ticket_status_changed']): void {
    this.server
      .to([ticketRoom(ticket.id), userRoom(ticket.user_id)])
      .emit('ticket_status_changed', { ticket_id: ticket.id, old_status, new_status });
  }

  @OnEvent('ticket_assigned')
  assigned({ ticket, agent_id }: DomainEventMap['ticket_assigned']): void {
    this.server
      .to([ticketRoom(ticket.id), userRoom(agent_id)])
      .emit('ticket_assigned', { ticket_id: ticket.id, agent_id });
  }

  @OnEvent('on_ticket_created')
  created({ ticket }: DomainEventMap['on_ticket_created']): void {
    if (ticket.department) {
      this.server
        .to(departmentRoom(ticket.department))
        .emit('new_ticket_for_agent', { ticket: toTicketResponse(ticket, 'admin') });
    }
  }

  /** A released ticket is new work for its department, as if it had just arrived. */
  @OnEvent('ticket_released')
  released({ ticket }: DomainEventMap['ticket_released']): void {
    this.created({ ticket });
  }

  @OnEvent('ticket_flagged')
  flagged({ ticket }: DomainEventMap['ticket_flagged']): void {
    this.server.to(ADMIN_ROOM).emit('ticket_flagged', { ticket: toTicketResponse(ticket, 'admin') });
  }

  @OnEvent('on_misuse_detected')
  misuseDetected({ report }: DomainEventMap['on_misuse_detected']): void {
    this.server.to(ADMIN_ROOM).emit('misuse_detected', { user_id: report.user_id, report });
  }

  @OnEvent('misuse_detection_progress')
  misuseProgress(progress: DomainEventMap['misuse_detection_progress']): void {
    this.server.to(ADMIN_ROOM).emit('misuse_detection_progress', progress);
  }

  @OnEvent('notification_created')
  notification({ notification }: DomainEventMap['notification_created']): void {
    this.server.to(userRoom(notification.user_id)).emit('notification', { notification });
  }

  @OnEvent('session_revoked')
  sessionRevoked({ session_id }: DomainEventMap['session_revoked']): void {
    this.server.in(sessionRoom(session_id)).disconnectSockets(true);
  }

  @OnEvent('user_sessions_revoked')
  userSessionsRevoked({ user_id }: DomainEventMap['user_sessions_revoked']): void {
    this.server.in(userRoom(user_id)).disconnectSockets(true);
  }
}
