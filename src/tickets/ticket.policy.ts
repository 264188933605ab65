import type { Department } from '../domain/department';
import type { UserRole } from '../domain/user-role';
import type { TicketStatus } from '../domain/ticket-status';

/**
 * Who may do what to a ticket (SPEC §4), in one pure function. Services ask it before every
 * read or change; unit tests cover every role × status × ownership combination.
 */

export type TicketAction =
  | 'view'
  | 'edit_content' // title, description, urgency
  | 'change_department'
  | 'resolve'
  | 'close'
  | 'rate'
  | 'post_message'
  | 'delete'
  | 'assign' // an admin gives the ticket to an agent of its department
  | 'take' // an agent assigns an open, unassigned ticket of its department to itself
  | 'reopen';

export interface TicketActor {
  id: string;
  role: UserRole;
}

export interface TicketFacts {
  status: TicketStatus;
  user_id: string;
  assignee_id: string | null;
  department: Department | null;
  misuse_flag: boolean;
}

export type PolicyDecision =
  | { outcome: 'allow' }
  /** The caller may not even know the ticket exists: answer 404. */
  | { outcome: 'not_found' }
  /** The caller sees the ticket but its role may not do this: 403. */
  | { outcome: 'forbidden'; message: string }
  /** The caller could, but not in the ticket's current state: 409. */
  | { outcome: 'conflict'; message: string };

export function agentDepartment(role: UserRole): Department | null {
  return role === 'it_agent' ? 'IT' : role === 'hr_agent' ? 'HR' : null;
}

export function canView(actor: TicketActor, ticket: TicketFacts): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'user') return ticket.user_id === actor.id;
  return (
    ticket.assignee_id === actor.id || (ticket.department !== null && ticket.department === agentDepartment(actor.role))
  );
}

const allow: PolicyDecision = { outcome: 'allow' };
/** A decision that refuses, with its answer (404, 403 or 409). */
export type PolicyRefusal = Exclude<PolicyDecision, { outcome: 'allow' }>;
const forbidden = (message: string): PolicyRefusal => ({ outcome: 'forbidden', message });
const conflict = (message: string): PolicyRefusal => ({ outcome: 'conflict', message });

export function decideTicketAction(actor: TicketActor, ticket: TicketFacts, action: TicketAction): PolicyDecision {
  if (!canView(actor, ticket)) return { outcome: 'not_found' };
  const isOwner = actor.role === 'user' && ticket.user_id === actor.id;
  const isAgent = agentDepartment(actor.role) !== null;
  const isAdmin = actor.role === 'admin';

  switch (action) {
    case 'view':
      return allow;

    case 'edit_content':
      if (!isOwner) return forbidden('Only the requester may edit the title, description or urgency');
      return ticket.status === 'open'
        ? allow
        : conflict(`The ticket is ${ticket.status}; it can only be edited while open`);

    case 'change_department':
      if (!isOwner && !isAgent && !isAdmin) return forbidden('You may not change the department');
      if (ticket.status !== 'open')
        return conflict(`The ticket is ${ticket.status}; its department can only change while open`);
      // A flagged ticket waits for an admin: setting its department is that review.
      if (ticket.misuse_flag && !isAdmin) return conflict('The ticket is held for admin review');
      if (isAgent && ticket.department !== agentDepartment(actor.role)) {
        return forbidden("Only agents of the ticket's department may change it");
      }
      return allow;

    case 'resolve':
      if (!isOwner) return forbidden('Only the requester may mark the ticket resolved');
      return ticket.status === 'open' || ticket.status === 'assigned'
        ? allow
        : conflict(`The ticket is ${ticket.status}; only open or assigned tickets can be resolved`);

    case 'close':
      if (isAdmin) return ticket.status === 'closed' ? conflict('The ticket is already closed') : allow;
      if (!isAgent) return forbidden('Only the assigned agent or an admin may close the ticket');
      if (ticket.assignee_id !== null && ticket.assignee_id !== actor.id) {
        return forbidden('Only the assigned agent may close this ticket');
      }
      if (ticket.assignee_id === null && ticket.department !== agentDepartment(actor.role)) {
        return forbidden("Only agents of the ticket's department may close it");
      }
      return ticket.status === 'resolved'
        ? allow
        : conflict(`The ticket is ${ticket.status}; agents close tickets once they are resolved`);

    case 'rate':
      if (!isOwner) return forbidden('Only the requester may rate the ticket');
      return ticket.status === 'resolved' || ticket.status === 'closed'
        ? allow
        : conflict(`The ticket is ${ticket.status}; it can be rated once resolved or closed`);

    case 'post_message':
      if (ticket.status === 'closed') return conflict('The ticket is closed');
      return allow;

    case 'delete':
      return isAdmin ? allow : forbidden('Only admins may delete tickets');

    case 'assign':
      if (!isAdmin) {
        return forbidden(
          isAgent ? 'Agents may only take a ticket themselves (agent_id = your own id)' : 'Only admins assign tickets',
        );
      }
      return assignable(ticket);

    case 'take':
      if (!isAgent) return forbidden('Only agents take tickets');
      if (ticket.department !== agentDepartment(actor.role)) {
        return forbidden("Only agents of the ticket's department may take it");
      }
      if (ticket.status !== 'open' && ticket.status !== 'assigned') {
        return conflict(`The ticket is ${ticket.status}; only open tickets can be taken`);
      }
      // Taking what one already holds changes nothing, and is no refusal.
      if (ticket.assignee_id === actor.id) return allow;
      if (ticket.assignee_id !== null) return conflict('The ticket is already assigned; an admin may reassign it');
      return assignable(ticket);

    case 'reopen':
      if (!isOwner) return forbidden('Only the requester may reopen the ticket');
      if (ticket.status === 'closed') return conflict('The ticket is closed, and a closed ticket stays closed');
      return ticket.status === 'resolved'
        ? allow
        : conflict(`The ticket is ${ticket.status}; only resolved tickets can be reopened`);
  }
}

/** Whether a ticket can get an agent at all: still being worked on, and routed (a held ticket is reviewed first). */
function assignable(ticket: TicketFacts): PolicyDecision {
  if (ticket.status !== 'open' && ticket.status !== 'assigned') {
    return conflict(`The ticket is ${ticket.status}; only open or assigned tickets can be assigned`);
  }
  if (ticket.misuse_flag || ticket.department === null) {
    return conflict('The ticket is held for admin review: set its department first, which releases it');
  }
  return allow;
}

/** What the policy needs to know of the agent a ticket would be given. */
export interface AssigneeFacts {
  role: UserRole;
  is_active: boolean;
}

/** Only an active agent of the ticket's department can work it (SPEC §11.1). */
export function decideAssignee(ticket: Pick<TicketFacts, 'department'>, assignee: AssigneeFacts): PolicyDecision {
  if (!assignee.is_active) return conflict('That agent is deactivated');
  const department = agentDepartment(assignee.role);
  if (department === null) return conflict('That user is not an agent');
  if (department !== ticket.department) {
    return conflict(
      `That agent works for ${department}; the ticket belongs to ${ticket.department ?? 'no department'}`,
    );
  }
  return allow;
}

/**
 * Reopening is for "it came back": within `windowDays` of the resolution. Later, the requester
 * raises a new ticket; the old one keeps its resolution.
 */
export function decideReopenWindow(resolvedAt: Date | null, now: Date, windowDays: number): PolicyDecision {
  if (resolvedAt === null) return conflict('The ticket has no resolution to reopen');
  if (windowDays === 0) return conflict('Tickets cannot be reopened here: raise a new ticket');
  const closesAt = resolvedAt.getTime() + windowDays * 86_400_000;
  if (now.getTime() <= closesAt) return allow;
  return conflict(
    `Tickets can be reopened within ${windowDays} days of their resolution; this one was resolved on ` +
      `${resolvedAt.toISOString()}: raise a new ticket`,
  );
}

/** What the policy needs to know of a message someone wants to rate. */
export interface RatedMessageFacts {
  sender_id: string;
  isAI: boolean;
}

/**
 * Who may rate a message, once they may see its ticket: anyone but its sender, and the sender too
 * when it is an AI-drafted reply (SPEC §11.1: the agent who sent the draft says how good it was,
 * which moves its sources' effectiveness like any other vote).
 */
export function decideMessageRating(
  actor: TicketActor,
  message: RatedMessageFacts,
): { outcome: 'allow' } | { outcome: 'forbidden'; message: string } {
  if (message.sender_id !== actor.id || message.isAI) return { outcome: 'allow' };
  return {
    outcome: 'forbidden',
    message: 'You cannot rate your own message, unless it is an AI-drafted reply you sent',
  };
}

/**
 * One `PUT /tickets/{id}`: the parts it asks for, with what decides their effect and is found out
 * before the decision (the harm screen's verdict on edited text, the agent a move would get).
 */
export interface TicketUpdateRequest {
  /** Title, description or urgency given (even unchanged: it is the requester's edit); `flags`: the text screens harmful. */
  content?: { flags: boolean };
  /** A move to another department (any department, on a held ticket), and the agent it would be assigned to. */
  department?: { to: Department; agentId: string | null };
  /** The status asked for; the same status the earlier parts leave asks for nothing. */
  status?: TicketStatus;
}

/** Allowed, with the lifecycle move the status part makes (null: none). */
export type TicketUpdateDecision = { outcome: 'allow'; statusMove: 'resolve' | 'close' | null } | PolicyRefusal;

/** The ticket as a harmful edit leaves it: held for review, out of every department. */
function held(ticket: TicketFacts): TicketFacts {
  return { ...ticket, misuse_flag: true, department: null };
}

/** The ticket as a move leaves it: in the new department, assigned when it has an agent, no longer held. */
function moved(ticket: TicketFacts, to: Department, agentId: string | null): TicketFacts {
  return { ...ticket, department: to, assignee_id: agentId, status: agentId ? 'assigned' : 'open', misuse_flag: false };
}

/**
 * Decides a whole update before anything is written. The parts are decided in the order their
 * effects build on each other (content, then department, then status), each against the ticket
 * as the parts before it leave it: so a request gets the answer its parts would get one after
 * the other, and the first refusal refuses all of it. After a move the caller may no longer see
 * the ticket; a later part then answers 403 (the caller did see it, so 404 would mislead).
 */
export function decideTicketUpdate(
  actor: TicketActor,
  ticket: TicketFacts,
  request: TicketUpdateRequest,
): TicketUpdateDecision {
  if (!canView(actor, ticket)) return { outcome: 'not_found' };
  let facts = ticket;
  if (request.content) {
    const decision = decideTicketAction(actor, facts, 'edit_content');
    if (decision.outcome !== 'allow') return decision;
    if (request.content.flags) facts = held(facts);
  }
  if (request.department) {
    const decision = decideTicketAction(actor, facts, 'change_department');
    if (decision.outcome !== 'allow') return decision;
    facts = moved(facts, request.department.to, request.department.agentId);
  }
  if (request.status === undefined || request.status === facts.status) return { outcome: 'allow', statusMove: null };
  const move = request.status === 'resolved' ? 'resolve' : request.status === 'closed' ? 'close' : null;
  if (!move) return conflict(`A ticket cannot be moved from ${facts.status} to ${request.status}`);
  const decision = decideTicketAction(actor, facts, move);
  if (decision.outcome === 'not_found') {
    const where = facts.department ? `to ${facts.department}` : 'for review';
    return forbidden(`Moved ${where}, the ticket is out of your reach: you may not also ${move} it`);
  }
  return decision.outcome === 'allow' ? { outcome: 'allow', statusMove: move } : decision;
}
