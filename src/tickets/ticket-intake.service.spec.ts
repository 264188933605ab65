import type { RoutingDecision, ScreeningVerdict } from '../ai/ai.ports';
import { DEFAULT_SLA_POLICY } from '../sla/sla-policy';
import { startSla } from '../sla/ticket-sla';
import { newTicketFrom } from './ticket-intake.service';

const base = { title: 'VPN', description: 'The VPN times out.', urgency: 'medium', user_id: 'u1' } as const;
const now = new Date('2026-12-02T09:00:00.000Z');
const harmless: ScreeningVerdict = { is_harmful: false, categories: [], reason: 'ok', provider: 'local' };
const harmful: ScreeningVerdict = {
  is_harmful: true,
  categories: ['jailbreak'],
  reason: 'jailbreak',
  provider: 'local',
};
const toIt: RoutingDecision = { department: 'IT', reason: 'vpn', provider: 'local' };

describe('newTicketFrom (what intake stores, SPEC §4)', () => {
  it('holds a harmful ticket: open, flagged, no department, no agent, never routed', () => {
    expect(newTicketFrom(base, { held: true, screening: harmful }, now, DEFAULT_SLA_POLICY)).toEqual({
      ...base,
      status: 'open',
      department: null,
      assignee_id: null,
      assigned_at: null,
      misuse_flag: true,
      ai: { screening: harmful, routing: null },
      // Its clock starts when it is released into a queue.
      sla: null,
    });
  });

  it('assigns a routed ticket to the chosen agent, from now', () => {
    expect(
      newTicketFrom(base, { held: false, screening: harmless, routing: toIt, agentId: 'a1' }, now, DEFAULT_SLA_POLICY),
    ).toEqual({
      ...base,
      status: 'assigned',
      department: 'IT',
      assignee_id: 'a1',
      assigned_at: now,
      misuse_flag: false,
      ai: { screening: harmless, routing: toIt },
      sla: startSla(now, 'medium', DEFAULT_SLA_POLICY),
    });
  });

  it('leaves a routed ticket open in its department when the department has no active agent', () => {
    expect(
      newTicketFrom(base, { held: false, screening: harmless, routing: toIt, agentId: null }, now, DEFAULT_SLA_POLICY),
    ).toMatchObject({
      status: 'open',
      department: 'IT',
      assignee_id: null,
      assigned_at: null,
      misuse_flag: false,
    });
  });
});
