import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { ErrorEnvelope } from '../common/errors/error-envelope';
import type { DomainEventMap, MisuseReportSummary } from '../events/domain-events';
import type { NotificationRecord } from '../notifications/notification.types';
import type { TicketResponseDto } from '../tickets/dto/ticket-response.dto';
import type { Department } from '../domain/department';
import type { TicketStatus } from '../domain/ticket-status';
import type { SlaTarget } from '../sla/ticket-sla';
import type { MessageResponseDto } from '../messages/dto/message-response.dto';

/** Server → client events (SPEC §7). `ticket_id` is the ticket's ObjectId, as in room names and messages. */
export interface ServerEvents {
  new_message_in_ticket: (payload: { ticket_id: string; message: MessageResponseDto }) => void;
  ticket_status_changed: (payload: { ticket_id: string; old_status: TicketStatus; new_status: TicketStatus }) => void;
  ticket_assigned: (payload: { ticket_id: string; agent_id: string }) => void;
  /** `ticket_number`: its TKT-… id, which clients show; the ticket then answers 404. */
  ticket_deleted: (payload: { ticket_id: string; ticket_number: string }) => void;
  new_ticket_for_agent: (payload: { ticket: TicketResponseDto }) => void;
  ticket_flagged: (payload: { ticket: TicketResponseDto }) => void;
  user_typing: (payload: { ticket_id: string; user_id: string; is_typing: boolean }) => void;
  notification: (payload: { notification: NotificationRecord }) => void;
  misuse_detected: (payload: { user_id: string; report: MisuseReportSummary }) => void;
  misuse_detection_progress: (payload: DomainEventMap['misuse_detection_progress']) => void;
  /** SPEC §11.2, to the ticket's department and admin rooms; `due_at` is the target's due time. */
  sla_warning: (payload: SlaAlertPayload) => void;
  sla_breached: (payload: SlaAlertPayload) => void;
}

export interface SlaAlertPayload {
  ticket_id: string;
  ticket_number: string;
  target: SlaTarget;
  due_at: Date;
  ticket: TicketResponseDto;
}

export type Ack<T> = (response: T | { error: ErrorEnvelope['error'] }) => void;

/** Client → server events; each is acknowledged with its result or an error envelope. */
export interface ClientEvents {
  join_ticket: (payload: unknown, ack?: Ack<{ ok: true; ticket_id: string }>) => void;
  leave_ticket: (payload: unknown, ack?: Ack<{ ok: true; ticket_id: string }>) => void;
  send_message: (payload: unknown, ack?: Ack<{ message: MessageResponseDto }>) => void;
  typing: (payload: unknown, ack?: Ack<{ ok: true }>) => void;
}

export interface SocketData {
  user: AuthenticatedUser;
  /** Access-token expiry, epoch seconds: the socket is closed then. */
  expiresAt: number;
}

export const ADMIN_ROOM = 'admin_alerts';
export const ticketRoom = (ticketObjectId: string) => `ticket_${ticketObjectId}`;
export const userRoom = (userId: string) => `user_${userId}`;
export const departmentRoom = (department: Department) => `agents_${department}`;
/** Not in SPEC's list: lets a revoked session's sockets be closed on every instance. */
export const sessionRoom = (sessionId: string) => `session_${sessionId}`;
