import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { RangeQueryDto } from '../../analytics/dto/analytics.dto';
import { Optional } from '../../common/http/optional';
import { IntegerQuery } from '../../common/http/query-transforms';
import type { AsJson } from '../../common/http/example-ids';

/** Groups answered by default, and at most. */
export const DEFAULT_GAP_GROUPS = 20;
export const MAX_GAP_GROUPS = 100;

/** The analytics range (the same rules and defaults), and how many groups to answer. */
export class KnowledgeGapsQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_GAP_GROUPS,
    default: DEFAULT_GAP_GROUPS,
    description: 'How many groups to answer, the most asked first',
  })
  @Optional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_GAP_GROUPS)
  limit: number = DEFAULT_GAP_GROUPS;
}

const date = (description: string) => ApiProperty({ type: String, format: 'date-time', description });

export class KnowledgeGapDto {
  @ApiProperty({
    description: "The most asked wording of the group's most central question (the one most others resemble)",
  })
  representative_question!: string;
  @ApiProperty({
    type: [String],
    description:
      'Its content words as the grouping compares them: stop words removed, lightly stemmed ("expense" → "expens")',
  })
  content_words!: string[];
  @ApiProperty({ type: Number, description: 'Questions in the group' }) count!: number;
  @ApiProperty({ type: Number, description: 'Different people who asked them' }) distinct_askers!: number;
  @ApiProperty({ type: [String], description: 'Up to 5 other wordings in the group, the most asked first' })
  examples!: string[];
  @date('When a question of the group was first asked in the range') first_asked_at!: Date;
  @date('When one was last asked in the range') last_asked_at!: Date;
}

export class KnowledgeGapsDto {
  @date('Start of the range (inclusive)') from!: Date;
  @date('End of the range (exclusive)') to!: Date;
  @ApiProperty({ type: Number, description: 'Unanswered questions of the range that were grouped' })
  questions_grouped!: number;
  @ApiProperty({
    type: Boolean,
    description: 'True when the range holds more unanswered questions than are grouped: only the newest were read',
  })
  questions_capped!: boolean;
  @ApiProperty({ type: Number, description: 'Groups found, of which `groups` lists the first `limit`' })
  total_groups!: number;
  @ApiProperty({ type: [KnowledgeGapDto], description: 'Most asked first (then more askers, then most recent)' })
  groups!: KnowledgeGapDto[];
}

/** Three employees asked about taxi expenses the knowledge base has no word on, one about parking. */
export const KNOWLEDGE_GAPS_EXAMPLE = {
  from: '2025-10-25T16:00:00.000Z',
  to: '2025-11-24T16:00:00.000Z',
  questions_grouped: 4,
  questions_capped: false,
  total_groups: 2,
  groups: [
    {
      representative_question: 'Can I expense a taxi to the airport?',
      content_words: ['airport', 'expens', 'taxi'],
      count: 3,
      distinct_askers: 3,
      examples: ['Are taxi rides to the airport expensed?', 'taxi airport expense'],
      first_asked_at: '2025-11-20T08:12:00.000Z',
      last_asked_at: '2025-11-24T15:40:00.000Z',
    },
    {
      representative_question: 'Where can I park my bicycle?',
      content_words: ['bicycl', 'park', 'wher'],
      count: 1,
      distinct_askers: 1,
      examples: [],
      first_asked_at: '2025-11-21T07:55:00.000Z',
      last_asked_at: '2025-11-21T07:55:00.000Z',
    },
  ],
} satisfies AsJson<KnowledgeGapsDto>;
