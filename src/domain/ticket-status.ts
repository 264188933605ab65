/** Where a ticket stands in its lifecycle (SPEC §4), and how urgent its requester says it is. */
export const TICKET_STATUSES = ['open', 'assigned', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const URGENCIES = ['low', 'medium', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Resolved and closed: the ticket owes its requester nothing more (no SLA target runs). */
export const SETTLED_STATUSES = ['resolved', 'closed'] as const satisfies readonly TicketStatus[];

export function isSettled(status: TicketStatus): boolean {
  return (SETTLED_STATUSES as readonly TicketStatus[]).includes(status);
}
