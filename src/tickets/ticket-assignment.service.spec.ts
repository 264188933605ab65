import { chooseAgent } from './ticket-assignment.service';

const at = (iso: string) => new Date(iso);

describe('chooseAgent (SPEC §4: the agent with the fewest open work items)', () => {
  it('has no one to choose from an empty department', () => {
    expect(chooseAgent([])).toBeNull();
  });

  it('chooses the only agent, however loaded', () => {
    expect(chooseAgent([{ id: 'a', assigned: 40, lastAssignedAt: at('2026-12-01T00:00:00Z') }])).toBe('a');
  });

  it('chooses the fewest assigned tickets first', () => {
    expect(
      chooseAgent([
        { id: 'a', assigned: 3, lastAssignedAt: null },
        { id: 'b', assigned: 1, lastAssignedAt: at('2026-12-02T08:00:00Z') },
        { id: 'c', assigned: 2, lastAssignedAt: null },
      ]),
    ).toBe('b');
  });

  it('on a tie, the agent who has waited longest for work, and one never assigned before anyone', () => {
    const tied = [
      { id: 'recent', assigned: 1, lastAssignedAt: at('2026-12-02T08:00:00Z') },
      { id: 'earlier', assigned: 1, lastAssignedAt: at('2026-12-01T08:00:00Z') },
    ];
    expect(chooseAgent(tied)).toBe('earlier');
    expect(chooseAgent([...tied, { id: 'new', assigned: 1, lastAssignedAt: null }])).toBe('new');
  });

  it('breaks a full tie by id, so every instance chooses the same agent', () => {
    const agents = [
      { id: 'b', assigned: 0, lastAssignedAt: null },
      { id: 'a', assigned: 0, lastAssignedAt: null },
    ];
    expect(chooseAgent(agents)).toBe('a');
    expect(chooseAgent([...agents].reverse())).toBe('a');
  });
});
