import { Injectable } from '@nestjs/common';
import { MisuseReportsRepository } from '../misuse/misuse-reports.repository';
import { TicketReportsRepository } from '../tickets/ticket-reports.repository';
import { UsersRepository } from '../users/users.repository';
import { ticketsPerUserDistribution } from './analytics-buckets';
import { AnalyticsCache } from './analytics-cache';
import { rangeCacheKey, rangeFields } from './analytics-range';
import { AnalyticsRangeResolver } from './analytics-range-resolver';
import type { RangeQueryDto } from './dto/analytics.dto';
import type { ActiveRequesterDto, FlaggedUserDto, UserActivityDto } from './dto/analytics-response.dto';

/** Requesters named in user activity's most active list. */
const MOST_ACTIVE_LISTED = 10;

/**
 * The people behind the tickets: who raises how many, and who waits for review (tickets held by
 * the screen, misuse reports not yet reviewed).
 */
@Injectable()
export class RequesterFiguresService {
  constructor(
    private readonly tickets: TicketReportsRepository,
    private readonly users: UsersRepository,
    private readonly reports: MisuseReportsRepository,
    private readonly ranges: AnalyticsRangeResolver,
    private readonly cache: AnalyticsCache,
  ) {}

  userActivity(query: RangeQueryDto): Promise<UserActivityDto> {
    const range = this.ranges.requested(query);
    return this.cache.get('user_activity', range, rangeCacheKey(range), async (): Promise<UserActivityDto> => {
      const perUser = await this.tickets.countCreatedPerRequester(range);
      const top = perUser.slice(0, MOST_ACTIVE_LISTED);
      const names = new Map((await this.users.findManyByIds(top.map((u) => u.user_id))).map((u) => [u.id, u.username]));
      return {
        ...rangeFields(range),
        active_requesters: perUser.length,
        tickets: perUser.reduce((sum, u) => sum + u.tickets, 0),
        most_active: top.map((u): ActiveRequesterDto => ({
          user_id: u.user_id,
          username: names.get(u.user_id) ?? null,
          tickets: u.tickets,
        })),
        tickets_per_user: ticketsPerUserDistribution(perUser.map((u) => u.tickets)),
      };
    });
  }

  flaggedUsers(): Promise<FlaggedUserDto[]> {
    return this.cache.get('flagged_users', null, 'all', async (): Promise<FlaggedUserDto[]> => {
      const [flagged, unreviewed] = await Promise.all([
        this.tickets.flaggedPerRequester(),
        this.reports.unreviewedCountsByUser(),
      ]);
      const ids = [...new Set([...flagged.map((f) => f.user_id), ...unreviewed.keys()])];
      const users = new Map((await this.users.findManyByIds(ids)).map((u) => [u.id, u]));
      const flaggedBy = new Map(flagged.map((f) => [f.user_id, f]));
      return ids
        .map((id): FlaggedUserDto => ({
          user_id: id,
          username: users.get(id)?.username ?? null,
          is_active: users.get(id)?.is_active ?? null,
          flagged_tickets: flaggedBy.get(id)?.flagged ?? 0,
          last_flagged_at: flaggedBy.get(id)?.last_flagged_at ?? null,
          unreviewed_reports: unreviewed.get(id) ?? 0,
        }))
        .sort(
          (a, b) =>
            b.flagged_tickets + b.unreviewed_reports - (a.flagged_tickets + a.unreviewed_reports) ||
            a.user_id.localeCompare(b.user_id),
        );
    });
  }
}
