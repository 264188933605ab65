import { agentKey, agentKeys } from './agent-keys';

describe('agent keys', () => {
  it('holds the department and the assignee, whichever the ticket has', () => {
    expect(agentKeys('IT', '6b0f00000000000000000001')).toEqual(['IT', 'agent:6b0f00000000000000000001']);
    expect(agentKeys('HR', null)).toEqual(['HR']);
    expect(agentKeys(null, '6b0f00000000000000000001')).toEqual([agentKey('6b0f00000000000000000001')]);
    expect(agentKeys(null, null)).toEqual([]);
  });
});
