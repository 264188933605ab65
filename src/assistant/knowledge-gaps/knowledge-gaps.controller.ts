import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/access.decorators';
import { MAX_GROUPED_QUESTIONS, KnowledgeGapsService } from './knowledge-gaps.service';
import { KNOWLEDGE_GAPS_EXAMPLE, KnowledgeGapsDto, KnowledgeGapsQueryDto } from './knowledge-gaps.dto';
import { UNANSWERED_QUESTION_RETENTION_DAYS } from './unanswered-question.schema';

@ApiTags('Knowledge base')
@Roles('admin')
@Controller('admin/knowledge-gaps')
export class KnowledgeGapsController {
  constructor(private readonly gaps: KnowledgeGapsService) {}

  @Get()
  @ApiOperation({
    summary: 'Self-serve questions the bot could not answer, grouped by similarity, the most asked first',
    description:
      'Every POST /ai/self-serve-query that found nothing relevant (sources empty) is kept for ' +
      `${UNANSWERED_QUESTION_RETENTION_DAYS} days. Questions are grouped when their content words (stop words ` +
      'removed, lightly stemmed) overlap by half or more (Jaccard), each around its most central question. ' +
      `The newest ${MAX_GROUPED_QUESTIONS} questions of the range are grouped; questions_capped says when the ` +
      'range held more. Range: `from`/`to` (UTC; a date alone covers its whole day), default the last 30 days, ' +
      'at most 366 days; a bad date, or a reversed or longer range given with both ends, answers 400. Without ' +
      '`to` the range ends now, but at most 366 days after `from`: a `from` alone is always valid.',
  })
  @ApiOkResponse({
    type: KnowledgeGapsDto,
    example: KNOWLEDGE_GAPS_EXAMPLE,
    description: 'The groups of the range, the most asked first',
  })
  list(@Query() query: KnowledgeGapsQueryDto): Promise<KnowledgeGapsDto> {
    return this.gaps.list(query);
  }
}
