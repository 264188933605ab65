import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { CreateTicketDto } from '../tickets/dto/ticket-requests.dto';
import type { TicketResponseDto } from '../tickets/dto/ticket-response.dto';
import { TicketIntake } from '../tickets/ticket-intake.service';
import { AssistantSessionsRepository, type AssistantSession } from './assistant-sessions.repository';
import { TICKET_DESCRIPTION_LENGTH, TICKET_TITLE_LENGTH, type RaiseSessionTicketDto } from './dto/session-ticket.dto';
import { draftDescription, draftTitle } from './session-ticket-draft';

/**
 * How long a claim on a session holds against other requests. Longer than any intake takes (two
 * hosted AI calls at AI_TIMEOUT_MS each, then the save), so a live claim is never taken over; a
 * claim left by a process that died mid-intake frees the session after it.
 */
export const TICKET_CLAIM_LEASE_MS = 120_000;

/** Tickets raised from self-serve sessions (SPEC §11.1): drafted from the session, filed by the normal intake. */
@Injectable()
export class SelfServeTicketsService {
  private readonly logger: AppLogger;

  constructor(
    private readonly sessions: AssistantSessionsRepository,
    private readonly intake: TicketIntake,
    private readonly clock: Clock,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'assistant' });
  }

  /**
   * One ticket per session. The session is claimed first (a conditional update, so of concurrent
   * requests one goes on and the others answer 409), then the intake runs exactly as POST /tickets
   * (quota, harm screen, routing, assignment, events), then the ticket is recorded on the session
   * under that claim. An intake that refuses (429 quota) or fails gives the claim back, leaving the
   * session as it was, so the employee can try again.
   */
  async raise(caller: AuthenticatedUser, sessionId: string, dto: RaiseSessionTicketDto): Promise<TicketResponseDto> {
    const now = this.clock.now();
    const claimId = randomUUID();
    const session = await this.sessions.claimForTicket(
      sessionId,
      caller.id,
      claimId,
      now,
      new Date(now.getTime() - TICKET_CLAIM_LEASE_MS),
    );
    if (!session) throw await this.refusal(sessionId, caller.id);

    let ticket: TicketResponseDto;
    try {
      ticket = await this.intake.create(caller, this.ticketRequest(session, dto));
    } catch (error: unknown) {
      await this.giveBack(sessionId, claimId, caller);
      throw error;
    }
    await this.record(session, claimId, ticket, caller);
    return ticket;
  }

  /** The draft, with the body's fields in place of the drafted ones. */
  private ticketRequest(session: AssistantSession, dto: RaiseSessionTicketDto): CreateTicketDto {
    const title = dto.title ?? draftTitle(session, TICKET_TITLE_LENGTH.max);
    // Sessions start with their first question, so this is a session stored without one.
    if (title === null) throw AppError.conflict('The session has no question to raise a ticket from');
    return {
      title,
      description: dto.description ?? draftDescription(session, TICKET_DESCRIPTION_LENGTH.max),
      ...(dto.urgency !== undefined ? { urgency: dto.urgency } : {}),
    };
  }

  /** Why the claim was refused: not the caller's session (404), a ticket already raised, or one being raised (409). */
  private async refusal(sessionId: string, userId: string): Promise<AppError> {
    const session = await this.sessions.find(sessionId, userId);
    if (!session) return AppError.notFound('Session');
    if (session.ticketId !== null) {
      return AppError.conflict(`A ticket was already raised from this session: ${session.ticketId}`, {
        ticket_id: session.ticketId,
      });
    }
    return AppError.conflict('A ticket is being raised from this session right now', { ticket_id: null });
  }

  /**
   * A failure to give the claim back is logged, not thrown: the intake's own error is the answer,
   * and the claim frees itself after the lease.
   */
  private async giveBack(sessionId: string, claimId: string, caller: AuthenticatedUser): Promise<void> {
    try {
      await this.sessions.releaseTicketClaim(sessionId, claimId);
    } catch (error: unknown) {
      this.logger.warn(
        { user_id: caller.id, err: error, data: { session_id: sessionId } },
        'self_serve_ticket_claim_not_released',
      );
    }
  }

  /**
   * The ticket exists once the intake answered, so it is answered 201 even if recording it on the
   * session fails: a 5xx would invite a retry that files it twice. Such a session (the database
   * failing, or an intake that outlived its lease) can raise a second ticket once the claim lapses,
   * the one case this does not prevent; it is logged with both ids.
   */
  private async record(
    session: AssistantSession,
    claimId: string,
    ticket: TicketResponseDto,
    caller: AuthenticatedUser,
  ): Promise<void> {
    const data = { session_id: session.sessionId, ticket_id: ticket.ticket_id };
    try {
      const recorded = await this.sessions.recordTicket(session.sessionId, claimId, ticket.ticket_id, this.clock.now());
      if (recorded) this.logger.info({ user_id: caller.id, data }, 'self_serve_ticket_raised');
      else this.logger.warn({ user_id: caller.id, data }, 'self_serve_ticket_claim_lost');
    } catch (error: unknown) {
      this.logger.error({ user_id: caller.id, err: error, data }, 'self_serve_ticket_not_recorded');
    }
  }
}
