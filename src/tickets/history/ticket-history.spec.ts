import { changeEntries, creationEntry, deletionEntry, visibleHistory, type HistorySnapshot } from './ticket-history';

const AT = new Date('2026-12-03T10:00:00Z');
const AGENT = { id: 'a'.repeat(24), role: 'it_agent' as const };

const ticket: HistorySnapshot = {
  title: 'VPN does not connect',
  description: 'Times out since this morning.',
  urgency: 'medium',
  department: 'IT',
  status: 'open',
  assignee_id: null,
  misuse_flag: false,
  feedback: null,
  reopen_count: 0,
  ai: {
    screening: { is_harmful: false, categories: [], reason: 'No harmful content found', provider: 'local' },
    routing: { department: 'IT', reason: 'VPN is an IT word', provider: 'local' },
  },
};

describe('ticket history entries', () => {
  it('records one entry per changed field, in a fixed order, with from and to', () => {
    const after = { ...ticket, status: 'assigned' as const, assignee_id: AGENT.id, urgency: 'high' as const };
    expect(changeEntries(ticket, after, AGENT, AT)).toEqual([
      { at: AT, actor: AGENT, action: 'changed', field: 'urgency', from: 'medium', to: 'high' },
      { at: AT, actor: AGENT, action: 'changed', field: 'status', from: 'open', to: 'assigned' },
      { at: AT, actor: AGENT, action: 'changed', field: 'assignee_id', from: null, to: AGENT.id },
    ]);
  });

  it('records nothing for a field set to the value it had', () => {
    expect(changeEntries(ticket, { ...ticket, urgency: 'medium', ai: structuredClone(ticket.ai) }, null, AT)).toEqual(
      [],
    );
  });

  it("records the AI's verdicts as their own fields, with the reason kept", () => {
    const flagged: HistorySnapshot = {
      ...ticket,
      misuse_flag: true,
      department: null,
      ai: {
        screening: { is_harmful: true, categories: ['jailbreak'], reason: 'role-play framing', provider: 'local' },
        routing: null,
      },
    };
    const entries = changeEntries(ticket, flagged, null, AT);
    expect(entries.map((e) => e.field)).toEqual(['department', 'misuse_flag', 'ai.screening', 'ai.routing']);
    expect(entries[2]!.to).toEqual({
      is_harmful: true,
      categories: ['jailbreak'],
      reason: 'role-play framing',
      provider: 'local',
    });
    expect(entries[3]).toMatchObject({ from: { department: 'IT' }, to: null });
  });

  it('keeps the AI entries from the requester and shows staff everything', () => {
    const entries = [
      creationEntry(ticket, null, AT),
      ...changeEntries(ticket, { ...ticket, ai: { ...ticket.ai, routing: null }, urgency: 'low' }, AGENT, AT),
      deletionEntry({ id: 'b'.repeat(24), role: 'admin' }, AT),
    ];
    expect(visibleHistory(entries, 'user').map((e) => e.field ?? e.action)).toEqual(['created', 'urgency', 'deleted']);
    expect(visibleHistory(entries, 'hr_agent')).toEqual(entries);
  });

  it('starts a history with what the ticket was stored with', () => {
    expect(creationEntry(ticket, AGENT, AT)).toEqual({
      at: AT,
      actor: AGENT,
      action: 'created',
      field: null,
      from: null,
      to: {
        title: ticket.title,
        urgency: 'medium',
        status: 'open',
        department: 'IT',
        assignee_id: null,
        misuse_flag: false,
      },
    });
  });
});
