import type { MessageRecord } from '../../messages/message.types';
import type { TicketRecord } from '../../tickets/ticket.types';
import { draftFromResolvedTicket } from './knowledge-suggestion-draft';

const REQUESTER = '6650f1c2a4b5c6d7e8f90123';
const AGENT = '6650f1c2a4b5c6d7e8f90125';
const ADMIN = '6650f1c2a4b5c6d7e8f90126';

const resolvedTicket = (overrides: Partial<TicketRecord> = {}): TicketRecord => ({
  id: '69248100a4b5c6d7e8f90201',
  ticket_id: 'TKT-1764000000000-A1B2C3',
  title: 'Laptop does not boot',
  description: 'Since this morning my laptop shows a black screen after the logo.',
  urgency: 'medium',
  status: 'resolved',
  department: 'IT',
  assignee_id: AGENT,
  user_id: REQUESTER,
  created_at: new Date('2025-11-24T16:00:00Z'),
  updated_at: new Date('2025-11-24T17:30:00Z'),
  assigned_at: new Date('2025-11-24T16:00:00Z'),
  resolved_at: new Date('2025-11-24T17:30:00Z'),
  closed_at: null,
  resolution_seconds: 5400,
  misuse_flag: false,
  flag_review: null,
  feedback: null,
  reopen_count: 0,
  ai: {
    screening: { is_harmful: false, categories: [], reason: 'No harmful content found', provider: 'local' },
    routing: { department: 'IT', reason: 'hardware', provider: 'local' },
  },
  sla: null,
  ...overrides,
});

let sequence = 0;
const message = (sender_id: string, content: string, overrides: Partial<MessageRecord> = {}): MessageRecord => ({
  id: `69248808a4b5c6d7e8f9${String(++sequence).padStart(4, '0')}`,
  ticket_id: '69248100a4b5c6d7e8f90201',
  sender_id,
  sender_role: sender_id === REQUESTER ? 'user' : sender_id === ADMIN ? 'admin' : 'it_agent',
  message_type: sender_id === REQUESTER ? 'user_message' : 'agent_message',
  content,
  isAI: false,
  feedback: 'none',
  timestamp: new Date('2025-11-24T16:30:00Z'),
  source_document_ids: [],
  ...overrides,
});

describe('draftFromResolvedTicket', () => {
  it('asks the ticket and answers with the staff replies, oldest first, a paragraph each', () => {
    const decision = draftFromResolvedTicket(resolvedTicket(), [
      message(AGENT, 'Hold the power button for 15 seconds.  '),
      message(ADMIN, 'If it stays black, bring it to the IT desk on floor 2.', { sender_role: 'admin' }),
      message(AGENT, 'A drafted reply the agent sent.', { isAI: true }),
    ]);
    expect(decision).toEqual({
      outcome: 'draft',
      draft: {
        title: 'Laptop does not boot',
        question: 'Since this morning my laptop shows a black screen after the logo.',
        answer:
          'Hold the power button for 15 seconds.\n\nIf it stays black, bring it to the IT desk on floor 2.\n\n' +
          'A drafted reply the agent sent.',
        category: 'IT',
        source_ticket_id: 'TKT-1764000000000-A1B2C3',
      },
    });
  });

  it('keeps user text verbatim: markup and template syntax are data, not instructions', () => {
    const title = '<script>alert(1)</script> {{ticket.ticket_id}}';
    const reply = '$where: "sleep(1000)" <img src=x onerror=alert(1)>';
    const decision = draftFromResolvedTicket(resolvedTicket({ title }), [message(AGENT, reply)]);
    expect(decision).toMatchObject({ outcome: 'draft', draft: { title, answer: reply } });
  });

  it('never takes the requester as the answer, nor system messages or blank replies', () => {
    expect(
      draftFromResolvedTicket(resolvedTicket(), [
        message(REQUESTER, 'Any news?'),
        // Stored as an agent message but sent by the requester (say, a role changed since): still theirs.
        message(REQUESTER, 'Fixed it myself.', { message_type: 'agent_message' }),
        message(AGENT, 'Ticket reassigned.', { message_type: 'system_message' }),
        message(AGENT, '   '),
      ]),
    ).toEqual({ outcome: 'skip', reason: 'no_staff_reply' });
    expect(draftFromResolvedTicket(resolvedTicket(), [])).toEqual({ outcome: 'skip', reason: 'no_staff_reply' });
  });

  it('learns nothing from a ticket held for review or never routed', () => {
    const replies = [message(AGENT, 'Restart it.')];
    expect(draftFromResolvedTicket(resolvedTicket({ misuse_flag: true, department: null }), replies)).toEqual({
      outcome: 'skip',
      reason: 'held_for_review',
    });
    expect(draftFromResolvedTicket(resolvedTicket({ department: null }), replies)).toEqual({
      outcome: 'skip',
      reason: 'no_department',
    });
  });

  it('files the draft under the ticket department', () => {
    const decision = draftFromResolvedTicket(resolvedTicket({ department: 'HR' }), [
      message(AGENT, 'See the leave policy.'),
    ]);
    expect(decision).toMatchObject({ outcome: 'draft', draft: { category: 'HR' } });
  });
});
