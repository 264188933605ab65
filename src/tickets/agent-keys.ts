import type { Department } from '../domain/department';

/**
 * Who among agents sees a ticket, as one indexed array: its department, and its assignee as
 * `agent:<id>`. An agent sees its department's tickets and those assigned to it (SPEC §5); asked as
 * `{agent_keys: {$in: [department, agent:<id>]}}` on `{agent_keys, created_at, _id}`, a page comes
 * off the index in order (a merge of two index ranges), where an `$or` of two fields needs an
 * in-memory sort of every match on some engines.
 */
export function agentKeys(department: Department | null, assigneeId: string | null): string[] {
  return [...(department ? [department] : []), ...(assigneeId ? [agentKey(assigneeId)] : [])];
}

export function agentKey(agentId: string): string {
  return `agent:${agentId}`;
}

/**
 * The same keys computed by the database, for tickets stored before the field existed (an
 * aggregation-pipeline update, MongoDB 4.2+).
 */
export const AGENT_KEYS_EXPRESSION = {
  $filter: {
    input: [
      '$department',
      {
        $cond: [
          { $eq: [{ $ifNull: ['$assignee_id', null] }, null] },
          null,
          { $concat: ['agent:', { $toString: '$assignee_id' }] },
        ],
      },
    ],
    cond: { $ne: ['$$this', null] },
  },
} as const;
