import { decideTicketAction, type TicketAction, type TicketActor, type TicketFacts } from './ticket.policy';
import { TICKET_STATUSES, type TicketStatus } from './ticket.types';

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
    expect(cases).toHaveLength(7 * 6 * 4);
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
