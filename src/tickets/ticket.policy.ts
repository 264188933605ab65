import type { Department } from '../ai/ai.ports';
import type { UserRole } from '../users/user-role';
import type { TicketStatus } from './ticket.types';

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
  | 'post_message';

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
const forbidden = (message: string): PolicyDecision => ({ outcome: 'forbidden', message });
const conflict = (message: string): PolicyDecision => ({ outcome: 'conflict', message });

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
  }
}
