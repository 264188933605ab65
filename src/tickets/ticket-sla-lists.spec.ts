import { SLA_EPOCH, SLA_INDEX_FILTER, slaClauses, slaScopeClauses, slaStatusClause } from './ticket-sla-lists';

const now = new Date('2030-01-07T10:00:00Z');
const agent = { kind: 'agent', agentId: '6650f1c2a4b5c6d7e8f90127', department: 'IT' } as const;

describe('SLA list queries', () => {
  it('lists as breached what is due by now, and as at risk what is past its warning and not yet due', () => {
    expect(slaClauses('breached', now)).toEqual({
      'sla.next_due_at': { $gt: SLA_EPOCH, $lte: now },
      misuse_flag: false,
    });
    expect(slaClauses('at_risk', now)).toEqual({
      'sla.next_due_at': { $gt: now },
      'sla.next_warning_at': { $lte: now },
      misuse_flag: false,
    });
  });

  it('asks only for what the partial indexes hold: a due time after the epoch, not held', () => {
    for (const kind of ['breached', 'at_risk'] as const) {
      const clauses = slaClauses(kind, now) as { 'sla.next_due_at': { $gt: Date }; misuse_flag: boolean };
      expect(clauses.misuse_flag).toBe(SLA_INDEX_FILTER.misuse_flag);
      expect(clauses['sla.next_due_at'].$gt.getTime()).toBeGreaterThanOrEqual(
        SLA_INDEX_FILTER['sla.next_due_at'].$gt.getTime(),
      );
    }
  });

  it('bounds the status to the two that owe a target unless one is asked for', () => {
    expect(slaStatusClause()).toEqual({ status: { $in: ['open', 'assigned'] } });
    expect(slaStatusClause('open')).toEqual({ status: 'open' });
  });

  it('scopes an agent to its department and its own tickets, and a department filter to one index range', () => {
    expect(slaScopeClauses({ kind: 'all' })).toEqual({});
    expect(slaScopeClauses({ kind: 'all' }, 'HR')).toEqual({ department: 'HR' });
    expect(slaScopeClauses(agent)).toEqual({ agent_keys: { $in: ['IT', `agent:${agent.agentId}`] } });
    // Every ticket of its own department is in its scope; of another, only those assigned to it.
    expect(slaScopeClauses(agent, 'IT')).toEqual({ department: 'IT' });
    expect(slaScopeClauses(agent, 'HR')).toEqual({ agent_keys: `agent:${agent.agentId}`, department: 'HR' });
  });
});
