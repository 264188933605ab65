import { Inject, Injectable } from '@nestjs/common';
import { resolveRange } from '../../analytics/analytics-range';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { ROOT_LOGGER, type AppLogger } from '../../common/logging/logging.module';
import { GROUPING_DEFAULTS, groupKnowledgeGaps } from './knowledge-gap-grouping';
import type { KnowledgeGapsDto, KnowledgeGapsQueryDto } from './knowledge-gaps.dto';
import { questionWords } from './question-words';
import { UnansweredQuestionsRepository } from './unanswered-questions.repository';

/**
 * The most questions one listing groups: the newest of the range. Grouping is quadratic in the
 * distinct questions at worst and runs in the request, so the work is bounded whatever the range
 * holds; 2,000 is months of unanswered questions for a company of thousands, and recent
 * questions are the ones a knowledge base should answer next.
 */
export const MAX_GROUPED_QUESTIONS = 2000;

/**
 * A range given without `to` ends now: the listing is computed per request (no cache), so it is
 * not rounded up to a shared bucket as analytics ranges are.
 */
const RANGE_BUCKET_MS = 1;

@Injectable()
export class KnowledgeGapsService {
  private readonly logger: AppLogger;

  constructor(
    private readonly questions: UnansweredQuestionsRepository,
    private readonly clock: Clock,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'knowledge-gaps' });
  }

  /**
   * Keeps a question the bot had nothing for. A failure is logged and swallowed: the asker has
   * their answer already, and a missed entry in an admin report is not worth failing it for.
   */
  async recordUnanswered(caller: AuthenticatedUser, sessionId: string, query: string): Promise<void> {
    try {
      await this.questions.record({
        query,
        contentWords: questionWords(query),
        userId: caller.id,
        sessionId,
        askedAt: this.clock.now(),
      });
    } catch (error: unknown) {
      this.logger.warn(
        { user_id: caller.id, err: error, data: { session_id: sessionId } },
        'knowledge_gap_not_recorded',
      );
    }
  }

  async list(query: KnowledgeGapsQueryDto): Promise<KnowledgeGapsDto> {
    const range = resolveRange(query.from, query.to, this.clock.now(), RANGE_BUCKET_MS);
    // One more than is grouped, to tell a range that holds more from one that holds exactly as many.
    const read = await this.questions.latestInRange(range.from, range.to, MAX_GROUPED_QUESTIONS + 1);
    const grouped = read.slice(0, MAX_GROUPED_QUESTIONS);
    const gaps = groupKnowledgeGaps(grouped, GROUPING_DEFAULTS);
    return {
      from: range.from,
      to: range.to,
      questions_grouped: grouped.length,
      questions_capped: read.length > MAX_GROUPED_QUESTIONS,
      total_groups: gaps.length,
      groups: gaps.slice(0, query.limit).map((gap) => ({
        representative_question: gap.representative,
        content_words: gap.words,
        count: gap.count,
        distinct_askers: gap.distinctAskers,
        examples: gap.examples,
        first_asked_at: gap.firstAskedAt,
        last_asked_at: gap.lastAskedAt,
      })),
    };
  }
}
