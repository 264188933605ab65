import { MAX_HISTORY_ENTRIES } from './history/ticket-history';
import { AppError } from '../common/errors/app-error';
import type { PolicyRefusal } from './ticket.policy';

/** The error a policy refusal answers with: 404 (the caller may not know the ticket), 403 or 409. */
export function ticketRefusal(decision: PolicyRefusal): AppError {
  if (decision.outcome === 'not_found') return AppError.notFound('Ticket');
  if (decision.outcome === 'forbidden') return AppError.forbidden(decision.message);
  return AppError.conflict(decision.message);
}

/** The ticket's history holds MAX_HISTORY_ENTRIES: it takes no further change. */
export function historyFull(): AppError {
  return AppError.conflict(
    `The ticket has reached its limit of ${MAX_HISTORY_ENTRIES} recorded changes and takes no more; raise a new ticket`,
  );
}

/** A conditional write found the ticket moved since it was read: nothing was written. */
export function changedMeanwhile(): AppError {
  return AppError.conflict('The ticket changed meanwhile; reload it and try again');
}
