import { SlaMonitorStatusDto } from '../sla/dto/sla-monitor-status.dto';
import { ApiProperty } from '@nestjs/swagger';
import type { AsJson } from '../common/http/example-ids';
import { SchedulerStatusDto } from '../misuse/dto/misuse.dto';

/**
 * GET /admin/system-status. The example is an instance configured with Gemini and Redis, without
 * Pinecone, whose Gemini screen timed out once an hour before the page was read.
 */

const NOW = '2025-11-25T09:30:00.000Z';
const nullableNumber = (description: string, example: number | null) =>
  ApiProperty({ type: Number, nullable: true, description, example });

export class DatabaseStatusDto {
  @ApiProperty({ example: true, description: 'MongoDB answered a ping within 1 s' }) reachable!: boolean;
  @nullableNumber('Round trip of that ping in milliseconds; null when it did not answer', 1.4)
  latency_ms!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '7.0.14',
    description: 'The version the server reports (buildInfo); null when it does not answer',
  })
  server_version!: string | null;
}

export class RedisStatusDto {
  @ApiProperty({ example: true, description: 'REDIS_URL is set: rooms are shared with other instances through it' })
  configured!: boolean;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    example: true,
    description: 'A message published through Redis came back to this instance within 1 s; null without REDIS_URL',
  })
  reachable!: boolean | null;
  @nullableNumber('That round trip in milliseconds; null without REDIS_URL or when it did not come back', 0.8)
  round_trip_ms!: number | null;
}

export class AiFailureDto {
  @ApiProperty({ type: String, format: 'date-time', example: '2025-11-25T08:31:12.000Z' }) at!: Date;
  @ApiProperty({
    example: 'Gemini did not answer in time',
    description: 'The failure in the provider’s or SDK’s words, secrets removed, at most 300 characters',
  })
  message!: string;
}

export class AiPortStatusDto {
  @ApiProperty({
    enum: ['gemini', 'local'],
    example: 'gemini',
    description: 'Who is asked first: Gemini when configured, else the in-process implementation',
  })
  provider!: 'gemini' | 'local';
  @ApiProperty({ type: String, nullable: true, example: 'gemini-2.5-flash', description: 'Null for local' })
  model!: string | null;
  @ApiProperty({
    type: String,
    enum: ['local'],
    nullable: true,
    example: 'local',
    description: 'What answers when the provider fails or times out; null when the provider is local already',
  })
  fallback!: 'local' | null;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 1,
    description: 'Hosted failures on this instance since it started; each call was answered by the fallback',
  })
  failures_since_start!: number;
  @ApiProperty({
    type: AiFailureDto,
    nullable: true,
    description: 'The latest of those failures on this instance; null when there was none',
  })
  last_error!: AiFailureDto | null;
}

export class LocalModelStatusDto {
  @ApiProperty({
    enum: ['loaded', 'not_loaded', 'off', 'unavailable'],
    example: 'loaded',
    description:
      'loaded: answers are hybrid; not_loaded: on, it loads at the first search; off: LOCAL_EMBEDDINGS=false; ' +
      'unavailable: missing or failed to load (reason). Anything but loaded means lexical retrieval',
  })
  state!: 'loaded' | 'not_loaded' | 'off' | 'unavailable';
  @ApiProperty({ type: String, nullable: true, example: 'all-MiniLM-L6-v2@5358d7c99ae6' })
  model!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it is unavailable' })
  reason!: string | null;
}

export class EmbeddingsStatusDto extends AiPortStatusDto {
  @ApiProperty({
    type: String,
    enum: ['pinecone'],
    nullable: true,
    example: null,
    description:
      'Where hosted vectors live: with PINECONE_API_KEY, Gemini embeds and Pinecone searches. Null: retrieval is ' +
      'local (provider local): hybrid with the local sentence model, or BM25 alone without it',
  })
  vector_store!: 'pinecone' | null;
  @ApiProperty({
    type: LocalModelStatusDto,
    description: 'The local sentence model behind hybrid retrieval (and behind Pinecone when that fails)',
  })
  local_model!: LocalModelStatusDto;
}

export class AiStatusDto {
  @ApiProperty({ type: AiPortStatusDto, description: 'Screening tickets for abuse, spam and jailbreaks' })
  harm_screen!: AiPortStatusDto;
  @ApiProperty({ type: AiPortStatusDto, description: 'Routing tickets to IT or HR' })
  department_router!: AiPortStatusDto;
  @ApiProperty({ type: AiPortStatusDto, description: 'Writing self-serve answers and reply suggestions' })
  answer_writer!: AiPortStatusDto;
  @ApiProperty({ type: AiPortStatusDto, description: 'Labelling trending topics in admin analytics' })
  topic_labeler!: AiPortStatusDto;
  @ApiProperty({ type: EmbeddingsStatusDto, description: 'Vector retrieval from the knowledge base' })
  embeddings!: EmbeddingsStatusDto;
}

export class BuildStatusDto {
  @ApiProperty({ example: 'helpdesk-api' }) name!: string;
  @ApiProperty({ example: '0.1.0', description: 'The version in the package.json shipped with the build' })
  version!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '90ef34e',
    description: 'The commit the build was made from (BUILD_COMMIT); null when the build did not say',
  })
  commit!: string | null;
}

export class ProcessStatusDto {
  @ApiProperty({ example: 'v24.9.0' }) node_version!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-11-24T06:00:00.000Z' }) started_at!: Date;
  @ApiProperty({ type: 'integer', minimum: 0, example: 99000, description: 'Seconds since started_at' })
  uptime_seconds!: number;
}

const AI_EXAMPLE = {
  harm_screen: {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    fallback: 'local',
    failures_since_start: 1,
    last_error: { at: '2025-11-25T08:31:12.000Z', message: 'Gemini did not answer in time' },
  },
  department_router: {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    fallback: 'local',
    failures_since_start: 0,
    last_error: null,
  },
  answer_writer: {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    fallback: 'local',
    failures_since_start: 0,
    last_error: null,
  },
  topic_labeler: {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    fallback: 'local',
    failures_since_start: 0,
    last_error: null,
  },
  embeddings: {
    provider: 'local',
    model: null,
    fallback: null,
    failures_since_start: 0,
    last_error: null,
    vector_store: null,
    local_model: { state: 'loaded', model: 'all-MiniLM-L6-v2@5358d7c99ae6', reason: null },
  },
} as const satisfies AsJson<AiStatusDto>;

export class JobsStatusDto extends SchedulerStatusDto {
  @ApiProperty({ type: SlaMonitorStatusDto }) sla_monitor!: SlaMonitorStatusDto;
}

export class SystemStatusDto {
  @ApiProperty({ type: String, format: 'date-time', example: NOW }) generated_at!: Date;
  @ApiProperty({
    example: true,
    description: 'What GET /ready answers now: true when the database and, with REDIS_URL, Redis answer',
  })
  ready!: boolean;
  @ApiProperty({ type: DatabaseStatusDto }) database!: DatabaseStatusDto;
  @ApiProperty({ type: RedisStatusDto }) redis!: RedisStatusDto;
  @ApiProperty({
    type: AiStatusDto,
    example: AI_EXAMPLE,
    description:
      'Which implementation answers each AI port on this instance, and its latest hosted failure. AI failures never ' +
      'make the instance unready: the local implementation answers instead.',
  })
  ai!: AiStatusDto;
  @ApiProperty({
    type: JobsStatusDto,
    description: 'The scheduled jobs: the misuse job as GET /admin/scheduler-status shows it, and the SLA job',
  })
  scheduler!: JobsStatusDto;
  @ApiProperty({ type: BuildStatusDto }) build!: BuildStatusDto;
  @ApiProperty({ type: ProcessStatusDto }) process!: ProcessStatusDto;
}
