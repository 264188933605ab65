import type { TicketHeadline } from '../tickets/ticket-figures.repository';
import { quotaStatus, rankAgentLoads, waitingSeconds, waitingTicket, type AgentLoad } from './home-figures';

const at = (iso: string) => new Date(iso);

describe('quotaStatus', () => {
  it('leaves the whole quota, and no slot to wait for, when no ticket counts', () => {
    expect(quotaStatus(5, { used: 0, oldest_at: null })).toEqual({
      limit: 5,
      used: 0,
      remaining: 5,
      next_slot_frees_at: null,
    });
  });

  it('gives the slot of the oldest counted ticket back 24 hours after it was stored', () => {
    expect(quotaStatus(5, { used: 2, oldest_at: at('2025-11-24T16:00:00.000Z') })).toEqual({
      limit: 5,
      used: 2,
      remaining: 3,
      next_slot_frees_at: at('2025-11-25T16:00:00.000Z'),
    });
  });

  it('leaves none when the quota is used up, or when a lowered limit is below what was used', () => {
    expect(quotaStatus(5, { used: 5, oldest_at: at('2025-11-24T10:00:00.000Z') }).remaining).toBe(0);
    expect(quotaStatus(2, { used: 4, oldest_at: at('2025-11-24T10:00:00.000Z') })).toMatchObject({
      used: 4,
      remaining: 0,
      next_slot_frees_at: at('2025-11-25T10:00:00.000Z'),
    });
  });
});

describe('waiting time', () => {
  it('counts whole seconds and never goes negative', () => {
    expect(waitingSeconds(at('2025-11-25T08:00:00.000Z'), at('2025-11-25T09:30:00.999Z'))).toBe(5400);
    expect(waitingSeconds(at('2025-11-25T09:30:01.000Z'), at('2025-11-25T09:30:00.000Z'))).toBe(0);
  });

  it('describes the waiting ticket, or nothing for an empty queue', () => {
    const ticket: TicketHeadline = {
      id: '69256150a4b5c6d7e8f90203',
      ticket_id: 'TKT-1764057600000-P4W9XE',
      title: 'Monitor flickers',
      status: 'open',
      urgency: 'medium',
      department: 'IT',
      created_at: at('2025-11-25T08:00:00.000Z'),
      updated_at: at('2025-11-25T08:00:00.000Z'),
    };
    expect(waitingTicket(ticket, at('2025-11-25T09:30:00.000Z'))).toEqual({
      id: ticket.id,
      ticket_id: ticket.ticket_id,
      title: 'Monitor flickers',
      urgency: 'medium',
      created_at: ticket.created_at,
      waiting_seconds: 5400,
    });
    expect(waitingTicket(null, at('2025-11-25T09:30:00.000Z'))).toBeNull();
  });
});

describe('rankAgentLoads', () => {
  const agent = (username: string, department: 'IT' | 'HR', assigned: number): AgentLoad => ({
    agent_id: username,
    username,
    role: department === 'IT' ? 'it_agent' : 'hr_agent',
    department,
    assigned,
  });

  it('lists IT before HR, busiest first, then by username', () => {
    const ranked = rankAgentLoads([
      agent('hr.b', 'HR', 1),
      agent('it.c', 'IT', 0),
      agent('hr.a', 'HR', 1),
      agent('it.a', 'IT', 3),
      agent('it.b', 'IT', 3),
    ]);
    expect(ranked.map((load) => load.username)).toEqual(['it.a', 'it.b', 'it.c', 'hr.a', 'hr.b']);
  });
});
