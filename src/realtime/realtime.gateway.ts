import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Server, Socket } from 'socket.io';
import { accessTokenFromHandshake } from '../auth/access-token-sources';
import { accessTokenRefusal, AccessTokenVerifier } from '../auth/access-token.verifier';
import { AppError } from '../common/errors/app-error';
import { buildErrorEnvelope, type ErrorEnvelope } from '../common/errors/error-envelope';
import { toAppError } from '../common/errors/to-app-error';
import { flattenValidationErrors } from '../common/http/validation';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { MessagesService } from '../messages/messages.service';
import { agentDepartment } from '../tickets/ticket.policy';
import { TicketAccess } from '../tickets/ticket-access.service';
import { SendMessagePayload, TicketRefPayload, TypingPayload } from './dto/socket-payloads.dto';
import {
  ADMIN_ROOM,
  departmentRoom,
  sessionRoom,
  ticketRoom,
  userRoom,
  type ClientEvents,
  type ServerEvents,
  type SocketData,
} from './realtime.types';
import { TokenBucket } from './socket-rate-limiter';

type AppServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
type AckError = { error: ErrorEnvelope['error'] };

/** Per socket: a burst of 10 events, then 5 a second (messages, typing, joins together). */
const BURST = 10;
const PER_SECOND = 5;

const WHERE_TO_SEND_TOKEN = 'connect with auth.token';

/**
 * Live chat (SPEC §7). The access token is checked in the handshake middleware, so a bad, expired
 * or revoked token never connects; a socket closes when its token expires or its session ends.
 * Every client event is acknowledged with its result or the SPEC §9 envelope.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() server!: AppServer;
  private readonly logger: AppLogger;
  private readonly buckets = new WeakMap<AppSocket, TokenBucket>();
  private readonly expiryTimers = new WeakMap<AppSocket, NodeJS.Timeout>();

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly tickets: TicketAccess,
    private readonly messages: MessagesService,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'realtime' });
  }

  afterInit(server: AppServer): void {
    server.use((socket, next) => {
      this.authenticateHandshake(socket).then(
        () => next(),
        (error: unknown) => {
          const { error: appError } = toAppError(error);
          const refusal = new Error(appError.message) as Error & { data?: ErrorEnvelope };
          refusal.data = buildErrorEnvelope(appError.code, appError.message, appError.details, {
            requestId: randomUUID(),
            userId: null,
            endpoint: 'connect',
            method: 'WS',
          });
          next(refusal);
        },
      );
    });
  }

  handleConnection(socket: AppSocket): void {
    // Middleware refused sockets never get here, but Nest calls this for every socket it sees.
    if (!socket.data.user) return;
    const { user, expiresAt } = socket.data;
    const department = agentDepartment(user.role);
    void socket.join([
      userRoom(user.id),
      sessionRoom(user.sessionId),
      ...(user.role === 'admin' ? [ADMIN_ROOM] : []),
      ...(department ? [departmentRoom(department)] : []),
    ]);
    this.buckets.set(socket, new TokenBucket(BURST, PER_SECOND));
    const closeAt = expiresAt * 1000 - Date.now();
    this.expiryTimers.set(
      socket,
      setTimeout(() => socket.disconnect(true), Math.max(0, closeAt)),
    );
    this.logger.debug({ user_id: user.id, data: { socket_id: socket.id } }, 'socket_connected');
  }

  handleDisconnect(socket: AppSocket): void {
    clearTimeout(this.expiryTimers.get(socket));
  }

  @SubscribeMessage('join_ticket')
  joinTicket(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown) {
    return this.respond(socket, 'join_ticket', async () => {
      const { ticket_id } = await this.parse(TicketRefPayload, body);
      // The same policy as GET /tickets/{id}: unseen tickets are "not found".
      const ticket = await this.tickets.authorize(socket.data.user, ticket_id, 'view');
      const room = ticketRoom(ticket.id);
      await socket.join(room);
      // A change that hid the ticket after that check, but before the join, found this socket
      // outside the room and so could not take it out: check again now that it is in.
      try {
        await this.tickets.authorize(socket.data.user, ticket.id, 'view');
      } catch (error) {
        await socket.leave(room);
        throw error;
      }
      return { ok: true as const, ticket_id: ticket.id };
    });
  }

  @SubscribeMessage('leave_ticket')
  leaveTicket(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown) {
    return this.respond(socket, 'leave_ticket', async () => {
      const { ticket_id } = await this.parse(TicketRefPayload, body);
      const ticket = await this.tickets.authorize(socket.data.user, ticket_id, 'view');
      await socket.leave(ticketRoom(ticket.id));
      return { ok: true as const, ticket_id: ticket.id };
    });
  }

  @SubscribeMessage('send_message')
  sendMessage(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown) {
    return this.respond(socket, 'send_message', async () => {
      // Everything but the ticket is the REST body, handed to the same service call, so the same
      // rules refuse the same messages (sources only with isAI, in the DTO; isAI only from agents).
      const { ticket_id: ticketId, ...message } = await this.parse(SendMessagePayload, body);
      return { message: await this.messages.post(socket.data.user, ticketId, message) };
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown) {
    return this.respond(socket, 'typing', async () => {
      const payload = await this.parse(TypingPayload, body);
      const ticket = await this.tickets.authorize(socket.data.user, payload.ticket_id, 'view');
      const room = ticketRoom(ticket.id);
      if (!socket.rooms.has(room)) throw new AppError('WS_ERROR', 'Join the ticket before sending typing indicators');
      socket
        .to(room)
        .emit('user_typing', { ticket_id: ticket.id, user_id: socket.data.user.id, is_typing: payload.is_typing });
      return { ok: true as const };
    });
  }

  private async authenticateHandshake(socket: AppSocket): Promise<void> {
    // The same verification as the HTTP guard's; see access-token-sources.ts for where the token may be.
    const verdict = await this.verifier.verify(accessTokenFromHandshake(socket.handshake));
    if (!verdict.ok) throw accessTokenRefusal(verdict.failure, WHERE_TO_SEND_TOKEN);
    socket.data.user = verdict.user;
    socket.data.expiresAt = verdict.expiresAt;
  }

  /** Runs a client event with the rate limit, and turns any failure into the error envelope. */
  private async respond<T>(socket: AppSocket, event: string, handler: () => Promise<T>): Promise<T | AckError> {
    const user = socket.data.user;
    try {
      const bucket = this.buckets.get(socket);
      if (bucket && !bucket.take()) {
        throw AppError.rateLimited('Too many events on this connection; slow down', bucket.retryAfterSeconds());
      }
      return await handler();
    } catch (error) {
      const { error: appError, unexpected } = toAppError(error);
      if (unexpected) this.logger.error({ user_id: user.id, err: error, data: { event } }, 'socket_event_failed');
      const envelope = buildErrorEnvelope(appError.code, appError.message, appError.details, {
        requestId: randomUUID(),
        userId: user.id,
        endpoint: event,
        method: 'WS',
      });
      return { error: envelope.error };
    }
  }

  /**
   * Payloads are validated like HTTP bodies; unknown fields (say, a spoofed sender_id) are
   * dropped rather than refused, since the sender always comes from the token anyway.
   */
  private async parse<T extends object>(type: new () => T, body: unknown): Promise<T> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw AppError.validation('The payload must be an object');
    }
    const instance = plainToInstance(type, body);
    const errors = await validate(instance, { whitelist: true, forbidUnknownValues: true });
    if (errors.length > 0) {
      const fields = flattenValidationErrors(errors);
      throw AppError.validation(`Invalid payload: ${fields.map((f) => f.field).join(', ')}`, { fields });
    }
    return instance;
  }
}
