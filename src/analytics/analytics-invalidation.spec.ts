import type { TicketRecord } from '../tickets/ticket.types';
import type { AnalyticsFigure, FigureChange } from './analytics-cache';
import { FIGURES_MOVED_BY } from './analytics-invalidation';

const created = new Date('2026-11-20T09:00:00Z');
const now = new Date('2026-11-24T15:30:00Z');

const ticket = (changes: Partial<TicketRecord> = {}): TicketRecord => ({
  id: '65f000000000000000000001',
  ticket_id: 'TKT-1763629200000-ABC123',
  title: 'VPN does not connect',
  description: 'The VPN client times out.',
  urgency: 'medium',
  status: 'assigned',
  department: 'IT',
  assignee_id: '65f000000000000000000002',
  user_id: '65f000000000000000000003',
  created_at: created,
  updated_at: created,
  assigned_at: created,
  resolved_at: null,
  closed_at: null,
  resolution_seconds: null,
  misuse_flag: false,
  flag_review: null,
  feedback: null,
  reopen_count: 0,
  ai: { screening: { is_harmful: false, categories: [], reason: '', provider: 'local' }, routing: null },
  sla: null,
  ...changes,
});

/** figure → 'all' or the instants, for reading a table at a glance. */
const moved = (changes: FigureChange[]) =>
  Object.fromEntries(changes.map((c) => [c.figure, c.at === 'all' ? 'all' : c.at.map((at) => at.toISOString())]));
const figures = (changes: FigureChange[]) => [...new Set(changes.map((c) => c.figure))].sort();
const ALL_FIGURES: AnalyticsFigure[] = [
  'departments',
  'flagged_users',
  'overview',
  'resolution_times',
  'sla_compliance',
  'ticket_volume',
  'time_series',
  'trending_topics',
  'user_activity',
];

describe('which figures each event moves', () => {
  it('a new ticket: the current range of everything but resolution times and flagged users', () => {
    expect(moved(FIGURES_MOVED_BY.on_ticket_created({ ticket: ticket() }))).toEqual({
      overview: 'all',
      ticket_volume: [created.toISOString()],
      time_series: [created.toISOString()],
      departments: [created.toISOString()],
      user_activity: [created.toISOString()],
      trending_topics: [created.toISOString()],
    });
  });

  it('a resolution: counts and loads everywhere, volume, days and resolution times where it was resolved', () => {
    const resolved = ticket({ status: 'resolved', resolved_at: now, resolution_seconds: 369_000 });
    expect(
      moved(
        FIGURES_MOVED_BY.ticket_status_changed({
          ticket: resolved,
          old_status: 'assigned',
          new_status: 'resolved',
          actor_id: 'x',
        }),
      ),
    ).toEqual({
      overview: 'all',
      departments: 'all',
      sla_compliance: 'all',
      resolution_times: [now.toISOString()],
      ticket_volume: [now.toISOString()],
      time_series: [now.toISOString()],
    });
    const closed = ticket({ status: 'closed', closed_at: now });
    expect(
      moved(
        FIGURES_MOVED_BY.ticket_status_changed({
          ticket: closed,
          old_status: 'assigned',
          new_status: 'closed',
          actor_id: 'x',
        }),
      ),
    ).toEqual({
      overview: 'all',
      departments: 'all',
      sla_compliance: 'all',
      ticket_volume: [now.toISOString()],
      time_series: [now.toISOString()],
    });
  });

  it('an assignment moves agents’ load, which every range shows', () => {
    expect(moved(FIGURES_MOVED_BY.ticket_assigned())).toEqual({ departments: 'all' });
  });

  it('a flag or a release moves the review queue and where the ticket counts by department', () => {
    const held = ticket({ department: null, status: 'open', assignee_id: null, misuse_flag: true });
    for (const changes of [
      FIGURES_MOVED_BY.ticket_flagged({ ticket: held }),
      FIGURES_MOVED_BY.ticket_released({ ticket: ticket(), admin_id: 'x' }),
    ])
      expect(moved(changes)).toEqual({
        overview: 'all',
        flagged_users: 'all',
        ticket_volume: [created.toISOString()],
        departments: [created.toISOString()],
      });
  });

  it('an edit moves what its fields feed: text the topics, urgency the breakdowns, nothing when nothing changed', () => {
    const before = ticket({ status: 'open', assignee_id: null });
    expect(FIGURES_MOVED_BY.ticket_changed({ before, ticket: before, actor_id: 'x' })).toEqual([]);
    expect(
      moved(FIGURES_MOVED_BY.ticket_changed({ before, ticket: { ...before, title: 'VPN drops' }, actor_id: 'x' })),
    ).toEqual({ trending_topics: [created.toISOString()] });
    expect(
      figures(FIGURES_MOVED_BY.ticket_changed({ before, ticket: { ...before, urgency: 'high' }, actor_id: 'x' })),
    ).toEqual(['overview', 'resolution_times', 'sla_compliance', 'ticket_volume']);
    // An open ticket moved to a department with no agent: no assignment or status event comes with it.
    expect(
      figures(FIGURES_MOVED_BY.ticket_changed({ before, ticket: { ...before, department: 'HR' }, actor_id: 'x' })),
    ).toEqual(['departments', 'flagged_users', 'overview', 'resolution_times', 'sla_compliance', 'ticket_volume']);
  });

  it('a re-timed SLA clock, and the first staff reply, move SLA compliance in every range', () => {
    const before = ticket({ status: 'open', assignee_id: null });
    const clock = {
      first_response_due: now,
      resolution_due: now,
      first_response_at: null,
      first_response_breached: false,
      resolution_breached: false,
      started_at: created,
      first_response_warning_at: now,
      resolution_warning_at: now,
      resolution_started_at: created,
      first_response_warned: false,
      resolution_warned: false,
      escalated_at: null,
      next_due_at: now,
      next_warning_at: now,
      next_check_at: now,
    };
    const retimed = { ...before, sla: clock };
    expect(
      moved(
        FIGURES_MOVED_BY.ticket_changed({ before: retimed, ticket: { ...retimed, sla: { ...clock } }, actor_id: 'x' }),
      ),
    ).toEqual({});
    expect(moved(FIGURES_MOVED_BY.ticket_changed({ before, ticket: retimed, actor_id: 'x' }))).toEqual({
      sla_compliance: 'all',
    });
    const reply = (message_type: 'agent_message' | 'user_message') =>
      FIGURES_MOVED_BY.on_message_sent({ message: { message_type } as never, ticket: before });
    expect(moved(reply('agent_message'))).toEqual({ sla_compliance: 'all' });
    expect(reply('user_message')).toEqual([]);
  });

  it('misuse reports move flagged users only', () => {
    expect(moved(FIGURES_MOVED_BY.on_misuse_detected())).toEqual({ flagged_users: 'all' });
    expect(moved(FIGURES_MOVED_BY.misuse_report_reviewed())).toEqual({ flagged_users: 'all' });
  });

  it('an account created, deactivated or given another role moves agent lists and flagged users’ details', () => {
    expect(moved(FIGURES_MOVED_BY.user_account_changed())).toEqual({
      departments: 'all',
      flagged_users: 'all',
      sla_compliance: 'all',
    });
  });

  it('leaves no figure unmoved by every event', () => {
    const all = [
      ...FIGURES_MOVED_BY.on_ticket_created({ ticket: ticket() }),
      ...FIGURES_MOVED_BY.ticket_status_changed({
        ticket: ticket({ status: 'resolved', resolved_at: now }),
        old_status: 'assigned',
        new_status: 'resolved',
        actor_id: 'x',
      }),
      ...FIGURES_MOVED_BY.ticket_flagged({ ticket: ticket() }),
    ];
    expect(figures(all)).toEqual(ALL_FIGURES);
  });
});
