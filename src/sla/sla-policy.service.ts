import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { Clock } from '../common/clock/clock';
import { DEFAULT_SLA_POLICY, policyProblems, type SlaPolicy } from './sla-policy';
import { SlaPolicyRepository, type StoredSlaPolicy } from './sla-policy.repository';

/** How long an instance uses the policy it read before reading it again. */
export const POLICY_CACHE_MS = 5_000;

export interface CurrentSlaPolicy extends SlaPolicy {
  /** Null while the defaults hold (no admin has set a policy). */
  updated_at: Date | null;
  updated_by: string | null;
}

/**
 * The SLA policy in force. Every ticket's due times are worked out from it when the ticket's
 * clock starts, so it is read often: each instance keeps it for POLICY_CACHE_MS, and a change
 * reaches the other instances within that time (this one at once).
 */
@Injectable()
export class SlaPolicyService {
  private cached: { policy: CurrentSlaPolicy; until: number } | null = null;

  constructor(
    private readonly repository: SlaPolicyRepository,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<CurrentSlaPolicy> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.policy;
    const policy = withDefaults(await this.repository.find());
    this.cached = { policy, until: now + POLICY_CACHE_MS };
    return policy;
  }

  /** PUT: the whole policy, checked against the rules its shape cannot state; 400 naming each. */
  async replace(policy: SlaPolicy, by: string): Promise<CurrentSlaPolicy> {
    const problems = policyProblems(policy);
    if (problems.length > 0) {
      throw AppError.validation(`Invalid request: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
    }
    const stored = await this.repository.replace(policy, by, this.clock.now());
    this.cached = null;
    return stored;
  }
}

function withDefaults(stored: StoredSlaPolicy | null): CurrentSlaPolicy {
  return stored ?? { ...structuredClone(DEFAULT_SLA_POLICY), updated_at: null, updated_by: null };
}
