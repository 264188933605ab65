import {
  decideAssignee,
  decideMessageRating,
  decideReopenWindow,
  decideTicketAction,
  decideTicketUpdate,
  type TicketAction,
  type TicketActor,
  type TicketFacts,
  type TicketUpdateRequest,
} from './ticket.policy';
import { TICKET_STATUSES, type TicketStatus } from '../domain/ticket-status';

const OWNER = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const IT_ASSIGNEE = 'bbbbbbbbbbbbbbbbbbbbbbbb';

const actors = {
  owner: { id: OWNER, role: 'user' },
  stranger: { id: 'cccccccccccccccccccccccc', role: 'user' },
  assignee: { id: IT_ASSIGNEE, role: 'it_agent' },
  deptAgent: { id: 'dddddddddddddddddddddddd', role: 'it_agent' },
  otherAgent: { id: 'eeeeeeeeeeeeeeeeeeeeeeee', role: 'hr_agent' },
  admin: { id: 'ffffffffffffffffffffffff', role: 'admin' },
} satisfies Record<string, TicketActor>;
type ActorName = keyof typeof actors;

/** An IT ticket of the owner, unassigned while open and assigned to IT_ASSIGNEE afterwards. */
function itTicket(status: TicketStatus): TicketFacts {
  return {
    status,
    user_id: OWNER,
    department: 'IT',
    assignee_id: status === 'open' ? null : IT_ASSIGNEE,
    misuse_flag: false,
  };
}

const OUTCOME = { A: 'allow', N: 'not_found', F: 'forbidden', C: 'conflict' } as const;

/**
 * Expected outcome per action and actor, one letter per status in the order
 * open, assigned, resolved, closed (A allow, N 404, F 403, C 409), written from SPEC §4.
 */
const expected: Record<TicketAction, Record<ActorName, string>> = {
  view: { owner: 'AAAA', stranger: 'NNNN', assignee: 'AAAA', deptAgent: 'AAAA', otherAgent: 'NNNN', admin: 'AAAA' },
  edit_content: {
    owner: 'ACCC',
    stranger: 'NNNN',
    assignee: 'FFFF',
    deptAgent: 'FFFF',
    otherAgent: 'NNNN',
    admin: 'FFFF',
  },
  change_department: {
    owner: 'ACCC',
    stranger: 'NNNN',
    assignee: 'ACCC',
    deptAgent: 'ACCC',
    otherAgent: 'NNNN',
    admin: 'ACCC',
  },
  resolve: { owner: 'AACC', stranger: 'NNNN', assignee: 'FFFF', deptAgent: 'FFFF', otherAgent: 'NNNN', admin: 'FFFF' },
  close: { owner: 'FFFF', stranger: 'NNNN', assignee: 'CCAC', deptAgent: 'CFFF', otherAgent: 'NNNN', admin: 'AAAC' },
  rate: { owner: 'CCAA', stranger: 'NNNN', assignee: 'FFFF', deptAgent: 'FFFF', otherAgent: 'NNNN', admin: 'FFFF' },
  post_message: {
    owner: 'AAAC',
    stranger: 'NNNN',
    assignee: 'AAAC',
    deptAgent: 'AAAC',
    otherAgent: 'NNNN',
    admin: 'AAAC',
  },
  delete: { owner: 'FFFF', stranger: 'NNNN', assignee: 'FFFF', deptAgent: 'FFFF', otherAgent: 'NNNN', admin: 'AAAA' },
  assign: { owner: 'FFFF', stranger: 'NNNN', assignee: 'FFFF', deptAgent: 'FFFF', otherAgent: 'NNNN', admin: 'AACC' },
  // The open ticket is unassigned; from assigned on it is the assignee's, which is no one else's to take.
  take: { owner: 'FFFF', stranger: 'NNNN', assignee: 'AACC', deptAgent: 'ACCC', otherAgent: 'NNNN', admin: 'FFFF' },
  reopen: { owner: 'CCAC', stranger: 'NNNN', assignee: 'FFFF', deptAgent: 'FFFF', otherAgent: 'NNNN', admin: 'FFFF' },
};

const cases = Object.entries(expected).flatMap(([action, byActor]) =>
  Object.entries(byActor).flatMap(([actor, letters]) =>
    TICKET_STATUSES.map((status, i) => ({
      action: action as TicketAction,
      actor: actor as ActorName,
      status,
      outcome: OUTCOME[letters[i] as keyof typeof OUTCOME],
    })),
  ),
);

describe('decideTicketAction', () => {
  it('covers every action × actor × status', () => {
    expect(cases).toHaveLength(11 * 6 * 4);
  });

  it.each(cases)('$action by $actor on a $status ticket: $outcome', ({ action, actor, status, outcome }) => {
    expect(decideTicketAction(actors[actor], itTicket(status), action).outcome).toBe(outcome);
  });

  describe('a flagged ticket held for review (open, no department, no agent)', () => {
    const flagged: TicketFacts = {
      status: 'open',
      user_id: OWNER,
      department: null,
      assignee_id: null,
      misuse_flag: true,
    };
    const flaggedExpected: Record<TicketAction, Record<ActorName, keyof typeof OUTCOME>> = {
      view: { owner: 'A', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'A' },
      edit_content: { owner: 'A', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'F' },
      change_department: { owner: 'C', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'A' },
      resolve: { owner: 'A', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'F' },
      close: { owner: 'F', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'A' },
      rate: { owner: 'C', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'F' },
      post_message: { owner: 'A', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'A' },
      delete: { owner: 'F', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'A' },
      // Held: reviewed (its department set) before anyone can work it.
      assign: { owner: 'F', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'C' },
      take: { owner: 'F', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'F' },
      reopen: { owner: 'C', stranger: 'N', assignee: 'N', deptAgent: 'N', otherAgent: 'N', admin: 'F' },
    };
    const flaggedCases = Object.entries(flaggedExpected).flatMap(([action, byActor]) =>
      Object.entries(byActor).map(([actor, letter]) => ({
        action: action as TicketAction,
        actor: actor as ActorName,
        outcome: OUTCOME[letter],
      })),
    );
    it.each(flaggedCases)('$action by $actor: $outcome', ({ action, actor, outcome }) => {
      expect(decideTicketAction(actors[actor], flagged, action).outcome).toBe(outcome);
    });
  });

  it('lets an agent assigned to a ticket of the other department see it but not move it', () => {
    const moved: TicketFacts = {
      status: 'open',
      user_id: OWNER,
      department: 'HR',
      assignee_id: IT_ASSIGNEE,
      misuse_flag: false,
    };
    expect(decideTicketAction(actors.assignee, moved, 'view').outcome).toBe('allow');
    expect(decideTicketAction(actors.assignee, moved, 'change_department').outcome).toBe('forbidden');
    expect(decideTicketAction(actors.otherAgent, moved, 'change_department').outcome).toBe('allow');
  });

  it('explains refusals in words', () => {
    const decision = decideTicketAction(actors.owner, itTicket('closed'), 'edit_content');
    expect(decision).toEqual({ outcome: 'conflict', message: expect.stringContaining('closed') });
  });
});

describe('decideTicketUpdate', () => {
  const HR_AGENT = actors.otherAgent.id;
  const tickets: Record<string, TicketFacts> = {
    ...Object.fromEntries(TICKET_STATUSES.map((status) => [`IT ${status}`, itTicket(status)])),
    held: { status: 'open', user_id: OWNER, department: null, assignee_id: null, misuse_flag: true },
    'HR open': { status: 'open', user_id: OWNER, department: 'HR', assignee_id: null, misuse_flag: false },
  };
  const contents: Array<TicketUpdateRequest['content']> = [undefined, { flags: false }, { flags: true }];
  const moves: Array<TicketUpdateRequest['department']> = [
    undefined,
    { to: 'HR', agentId: HR_AGENT },
    { to: 'HR', agentId: null },
    { to: 'IT', agentId: IT_ASSIGNEE },
    { to: 'IT', agentId: null },
  ];
  const statuses: Array<TicketStatus | undefined> = [undefined, ...TICKET_STATUSES];

  /**
   * The contract, written as separate requests: each part as its own action, in the order
   * content → department → status, against the ticket the earlier parts leave; the first refusal
   * is the answer. A part refused only because an earlier move took the ticket out of the
   * caller's sight answers 403, since the caller did see it.
   */
  function oneAfterAnother(actor: TicketActor, ticket: TicketFacts, request: TicketUpdateRequest): string {
    if (decideTicketAction(actor, ticket, 'view').outcome !== 'allow') return 'not_found';
    const steps: Array<{ action: TicketAction; after: (facts: TicketFacts) => TicketFacts }> = [];
    const { content, department } = request;
    if (content) {
      steps.push({
        action: 'edit_content',
        after: (facts) => (content.flags ? { ...facts, misuse_flag: true, department: null } : facts),
      });
    }
    if (department) {
      steps.push({
        action: 'change_department',
        after: (facts) => ({
          ...facts,
          department: department.to,
          assignee_id: department.agentId,
          status: department.agentId ? 'assigned' : 'open',
          misuse_flag: false,
        }),
      });
    }
    let facts = ticket;
    const outcomeOf = (action: TicketAction) => {
      const outcome = decideTicketAction(actor, facts, action).outcome;
      return outcome === 'not_found' ? 'forbidden' : outcome;
    };
    for (const step of steps) {
      const outcome = outcomeOf(step.action);
      if (outcome !== 'allow') return outcome;
      facts = step.after(facts);
    }
    if (request.status === undefined || request.status === facts.status) return 'allow:none';
    if (request.status === 'resolved') return outcomeOf('resolve') === 'allow' ? 'allow:resolve' : outcomeOf('resolve');
    if (request.status === 'closed') return outcomeOf('close') === 'allow' ? 'allow:close' : outcomeOf('close');
    return 'conflict';
  }

  const decided = (actor: TicketActor, ticket: TicketFacts, request: TicketUpdateRequest): string => {
    const decision = decideTicketUpdate(actor, ticket, request);
    return decision.outcome === 'allow' ? `allow:${decision.statusMove ?? 'none'}` : decision.outcome;
  };

  it('answers every request as its parts would, one after the other (every actor, ticket and mix)', () => {
    const mismatches: string[] = [];
    let count = 0;
    for (const [actorName, actor] of Object.entries(actors)) {
      for (const [ticketName, ticket] of Object.entries(tickets)) {
        for (const content of contents) {
          for (const department of moves) {
            for (const status of statuses) {
              const request: TicketUpdateRequest = {
                ...(content ? { content } : {}),
                ...(department ? { department } : {}),
                ...(status ? { status } : {}),
              };
              count += 1;
              const [got, want] = [decided(actor, ticket, request), oneAfterAnother(actor, ticket, request)];
              if (got !== want) mismatches.push(`${actorName} on ${ticketName} ${JSON.stringify(request)}: ${got}`);
            }
          }
        }
      }
    }
    expect(count).toBe(6 * 6 * 3 * 5 * 5);
    expect(mismatches).toEqual([]);
  });

  it('decides a single part exactly as the action alone', () => {
    for (const actor of Object.values(actors)) {
      for (const ticket of Object.values(tickets)) {
        const alone = (action: TicketAction) => decideTicketAction(actor, ticket, action).outcome;
        const part = (request: TicketUpdateRequest) => decideTicketUpdate(actor, ticket, request).outcome;
        expect(part({ content: { flags: false } })).toBe(alone('edit_content'));
        expect(part({ department: { to: 'HR', agentId: null } })).toBe(alone('change_department'));
        if (ticket.status !== 'resolved') expect(part({ status: 'resolved' })).toBe(alone('resolve'));
        if (ticket.status !== 'closed') expect(part({ status: 'closed' })).toBe(alone('close'));
      }
    }
  });

  // The mixes that used to be half applied (each part written on its own), as SPEC §4 reads them.
  it.each<[string, ActorName, string, TicketUpdateRequest, string]>([
    ['a new title with closed', 'owner', 'IT open', { content: { flags: false }, status: 'closed' }, 'forbidden'],
    ['a new title with assigned', 'owner', 'IT open', { content: { flags: false }, status: 'assigned' }, 'conflict'],
    [
      'a new title with resolved',
      'owner',
      'IT open',
      { content: { flags: false }, status: 'resolved' },
      'allow:resolve',
    ],
    ['a harmful edit with a move', 'owner', 'HR open', { content: { flags: true }, department: moves[3] }, 'conflict'],
    [
      'a harmful edit with resolved',
      'owner',
      'HR open',
      { content: { flags: true }, status: 'resolved' },
      'allow:resolve',
    ],
    [
      'urgency with a move while held',
      'owner',
      'held',
      { content: { flags: false }, department: moves[3] },
      'conflict',
    ],
    ['a move with closed', 'owner', 'HR open', { department: moves[3], status: 'closed' }, 'forbidden'],
    ['a move with resolved', 'owner', 'HR open', { department: moves[3], status: 'resolved' }, 'allow:resolve'],
    [
      'a move with assigned, which the move makes',
      'owner',
      'HR open',
      { department: moves[3], status: 'assigned' },
      'allow:none',
    ],
    [
      'a move with assigned, no agent there',
      'owner',
      'HR open',
      { department: moves[4], status: 'assigned' },
      'conflict',
    ],
    [
      'a move out of the department with closed',
      'deptAgent',
      'IT open',
      { department: moves[1], status: 'closed' },
      'forbidden',
    ],
    ['an admin: a move with resolved', 'admin', 'HR open', { department: moves[3], status: 'resolved' }, 'forbidden'],
    ['an admin: a release with closed', 'admin', 'held', { department: moves[3], status: 'closed' }, 'allow:close'],
    [
      'an agent: content with a move',
      'otherAgent',
      'HR open',
      { content: { flags: false }, department: moves[3] },
      'forbidden',
    ],
    ['a stranger: nothing at all', 'stranger', 'IT open', {}, 'not_found'],
  ])('%s: %s on %s → %s', (_name, actor, ticket, request, outcome) => {
    expect(decided(actors[actor], tickets[ticket]!, request)).toBe(outcome);
  });

  it('names the move that took the ticket out of reach', () => {
    const decision = decideTicketUpdate(actors.deptAgent, itTicket('open'), {
      department: { to: 'HR', agentId: HR_AGENT },
      status: 'closed',
    });
    expect(decision).toEqual({ outcome: 'forbidden', message: expect.stringContaining('HR') });
  });
});

describe('decideMessageRating', () => {
  const agent = { id: 'agent-1', role: 'it_agent' as const };
  const requester = { id: 'user-1', role: 'user' as const };

  it("lets anyone rate someone else's message", () => {
    expect(decideMessageRating(requester, { sender_id: agent.id, isAI: true })).toEqual({ outcome: 'allow' });
    expect(decideMessageRating(agent, { sender_id: requester.id, isAI: false })).toEqual({ outcome: 'allow' });
  });

  it('lets the agent who sent an AI-drafted reply rate it', () => {
    expect(decideMessageRating(agent, { sender_id: agent.id, isAI: true })).toEqual({ outcome: 'allow' });
  });

  it('refuses rating a message of your own that is not an AI draft', () => {
    for (const actor of [agent, requester]) {
      expect(decideMessageRating(actor, { sender_id: actor.id, isAI: false })).toMatchObject({ outcome: 'forbidden' });
    }
  });
});

describe('decideAssignee', () => {
  const ticket = itTicket('open');
  it.each([
    [{ role: 'it_agent', is_active: true }, 'allow'],
    [{ role: 'it_agent', is_active: false }, 'conflict'],
    [{ role: 'hr_agent', is_active: true }, 'conflict'],
    [{ role: 'user', is_active: true }, 'conflict'],
    [{ role: 'admin', is_active: true }, 'conflict'],
  ] as const)('%j for an IT ticket: %s', (assignee, outcome) => {
    expect(decideAssignee(ticket, assignee).outcome).toBe(outcome);
  });

  it('names why an agent of the other department cannot take it', () => {
    expect(decideAssignee(ticket, { role: 'hr_agent', is_active: true })).toEqual({
      outcome: 'conflict',
      message: expect.stringContaining('HR'),
    });
  });
});

describe('decideReopenWindow', () => {
  const resolvedAt = new Date('2026-11-01T12:00:00.000Z');
  const day = 86_400_000;
  it.each([
    [0, 'allow'],
    [7 * day, 'allow'],
    [7 * day + 1, 'conflict'],
    [30 * day, 'conflict'],
  ])('%i ms after the resolution, with a 7-day window: %s', (elapsed, outcome) => {
    expect(decideReopenWindow(resolvedAt, new Date(resolvedAt.getTime() + elapsed), 7).outcome).toBe(outcome);
  });

  it('with a window of 0 days, never (reopening is turned off)', () => {
    expect(decideReopenWindow(resolvedAt, resolvedAt, 0).outcome).toBe('conflict');
  });

  it('refuses a ticket that has no resolution time', () => {
    expect(decideReopenWindow(null, resolvedAt, 7).outcome).toBe('conflict');
  });
});
