import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../../common/http/optional';
import { RequiresAChange } from '../../common/http/requires-a-change';
import { PaginationDto, PaginationQueryDto } from '../../common/http/pagination';
import { Trimmed } from '../../common/http/trimmed';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../common/http/example-ids';
import { timestampedIdPattern } from '../../common/ids';
import { STARTER_DOCUMENTS } from '../starter-documents';
import { KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from '../../domain/department';

/**
 * A character String.prototype.trim keeps: content made only of whitespace has nothing to answer
 * from, and saying so in the schema keeps clients (and the fuzzer) from sending it.
 */
export const HAS_TEXT = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
export const HAS_TEXT_MESSAGE = 'content must hold text, not only whitespace';

export const MAX_DOCUMENT_CHARS = 200_000;

/** The examples show a starter document, so they match what a development server holds. */
const ANNUAL_LEAVE = STARTER_DOCUMENTS.find((document) => document.title === 'Annual leave');
if (!ANNUAL_LEAVE) throw new Error('The OpenAPI examples show the starter document "Annual leave"; it is gone');

/** A document as it stands after a day of use: retrieved a dozen times, three more thumbs up than down. */
export const KNOWLEDGE_DOCUMENT_EXAMPLE = {
  document_id: EXAMPLE_IDS.document,
  title: ANNUAL_LEAVE.title,
  content: ANNUAL_LEAVE.content,
  category: ANNUAL_LEAVE.category,
  tags: ANNUAL_LEAVE.tags,
  usage_count: 12,
  effectiveness_score: 3,
  chunk_count: 3,
  created_at: EXAMPLE_TIMES.documentAdded,
  updated_at: '2025-11-24T16:20:00.000Z',
} satisfies Record<keyof KnowledgeDocumentDto, unknown>;

/** The same document as POST answers it: new, never used or rated. */
export const NEW_KNOWLEDGE_DOCUMENT_EXAMPLE = {
  ...KNOWLEDGE_DOCUMENT_EXAMPLE,
  usage_count: 0,
  effectiveness_score: 0,
  updated_at: EXAMPLE_TIMES.documentAdded,
};

/** Up to 20 tags of 1-40 characters; optional, never null. */
const TagsField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: ANNUAL_LEAVE.tags }),
    Optional(),
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    Length(1, 40, { each: true }),
  );

export class CreateKnowledgeDocumentDto {
  @ApiProperty({ example: ANNUAL_LEAVE.title, maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({
    description: 'Plain text or Markdown; headings (#) stay with the text below them',
    maxLength: MAX_DOCUMENT_CHARS,
    example: ANNUAL_LEAVE.content,
  })
  @IsString()
  @Length(1, MAX_DOCUMENT_CHARS)
  @Matches(HAS_TEXT, { message: HAS_TEXT_MESSAGE })
  content!: string;

  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES, example: ANNUAL_LEAVE.category })
  @IsIn(KNOWLEDGE_CATEGORIES)
  category!: KnowledgeCategory;

  @TagsField()
  tags?: string[];
}

/** Send only the fields to change; at least one. */
@RequiresAChange()
export class UpdateKnowledgeDocumentDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: MAX_DOCUMENT_CHARS })
  @Optional()
  @IsString()
  @Length(1, MAX_DOCUMENT_CHARS)
  @Matches(HAS_TEXT, { message: HAS_TEXT_MESSAGE })
  content?: string;

  @ApiPropertyOptional({ enum: KNOWLEDGE_CATEGORIES })
  @Optional()
  @IsIn(KNOWLEDGE_CATEGORIES)
  category?: KnowledgeCategory;

  @TagsField()
  tags?: string[];
}

export class ListKnowledgeQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: KNOWLEDGE_CATEGORIES })
  @Optional()
  @IsIn(KNOWLEDGE_CATEGORIES)
  category?: KnowledgeCategory;
}

export class SearchKnowledgeQueryDto {
  @ApiProperty({ description: 'What the self-serve bot would be asked', example: 'how many vacation days' })
  @Trimmed()
  @IsString()
  @Length(1, 500)
  q!: string;

  @ApiPropertyOptional({ enum: KNOWLEDGE_CATEGORIES })
  @Optional()
  @IsIn(KNOWLEDGE_CATEGORIES)
  category?: KnowledgeCategory;
}

export const DOCUMENT_ID_PATTERN = timestampedIdPattern('KB');
export class DocumentIdParam {
  @Matches(DOCUMENT_ID_PATTERN, { message: 'document_id must look like KB-<ms>-<6 characters>' })
  document_id!: string;
}

export class KnowledgeDocumentDto {
  @ApiProperty({ example: KNOWLEDGE_DOCUMENT_EXAMPLE.document_id }) document_id!: string;
  @ApiProperty({ example: KNOWLEDGE_DOCUMENT_EXAMPLE.title }) title!: string;
  @ApiProperty({ example: KNOWLEDGE_DOCUMENT_EXAMPLE.content }) content!: string;
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES, example: KNOWLEDGE_DOCUMENT_EXAMPLE.category })
  category!: KnowledgeCategory;
  @ApiProperty({ type: [String], example: KNOWLEDGE_DOCUMENT_EXAMPLE.tags }) tags!: string[];
  @ApiProperty({
    example: KNOWLEDGE_DOCUMENT_EXAMPLE.usage_count,
    description: 'How often answers and suggestions drew on it',
  })
  usage_count!: number;
  @ApiProperty({
    example: KNOWLEDGE_DOCUMENT_EXAMPLE.effectiveness_score,
    description: 'Thumbs up minus thumbs down on the AI messages that drew on it',
  })
  effectiveness_score!: number;
  @ApiProperty({
    example: KNOWLEDGE_DOCUMENT_EXAMPLE.chunk_count,
    description: 'Retrieval chunks derived from the content (one per heading here)',
  })
  chunk_count!: number;
  @ApiProperty({ type: String, format: 'date-time', example: KNOWLEDGE_DOCUMENT_EXAMPLE.created_at })
  created_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', example: KNOWLEDGE_DOCUMENT_EXAMPLE.updated_at })
  updated_at!: Date;
}

export class KnowledgeListDto {
  @ApiProperty({ type: [KnowledgeDocumentDto] }) documents!: KnowledgeDocumentDto[];
  @ApiProperty({ example: 1 }) total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

export class RetrievedChunkDto {
  @ApiProperty({ example: KNOWLEDGE_DOCUMENT_EXAMPLE.document_id }) document_id!: string;
  @ApiProperty({ example: KNOWLEDGE_DOCUMENT_EXAMPLE.title }) title!: string;
  @ApiProperty({ example: 'Entitlement', description: 'The heading path of the passage (› between levels)' })
  heading!: string;
  @ApiProperty({
    example:
      'Full-time employees get 25 vacation days per calendar year; part-time employees get a proportional share.',
  })
  text!: string;
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES, example: KNOWLEDGE_DOCUMENT_EXAMPLE.category })
  category!: KnowledgeCategory;
  @ApiProperty({
    example: 0.602,
    description:
      'Higher is better: cosine similarity (−1…1) for hybrid and vector retrieval, BM25+ relevance for lexical retrieval',
  })
  score!: number;
  @ApiPropertyOptional({
    example: 27.4,
    description:
      'Hybrid retrieval only: the BM25+ relevance beside the similarity, 0 when no word of the query matched',
  })
  lexical_score?: number;
  @ApiProperty({ type: [String], example: ['vacation', 'days'], description: "The query's words found in the passage" })
  terms!: string[];
  @ApiProperty({
    enum: ['hybrid', 'lexical', 'vector'],
    example: 'hybrid',
    description:
      'Vector with Pinecone configured; otherwise hybrid (words and the local sentence model, fused), or lexical when the model is off or missing',
  })
  retrieval!: 'hybrid' | 'lexical' | 'vector';
}

/** Counts of the starter knowledge base: what a development server answers before anyone edits it. */
export class KnowledgeStatsDto {
  @ApiProperty({ example: { IT: 3, HR: 3, General: 1 } }) documents_by_category!: Record<string, number>;
  @ApiProperty({ example: 7 }) total_documents!: number;
  @ApiProperty({ example: 15 }) total_chunks!: number;
  @ApiProperty({ type: [KnowledgeDocumentDto] }) most_used!: KnowledgeDocumentDto[];
  @ApiProperty({ type: [KnowledgeDocumentDto] }) best_rated!: KnowledgeDocumentDto[];
  @ApiProperty({ type: [KnowledgeDocumentDto] }) worst_rated!: KnowledgeDocumentDto[];
}

export class DocumentDeletedDto {
  @ApiProperty({ example: 'Document deleted' }) message!: string;
}

/** The text fields of a multipart upload; `tags` is comma-separated there. */
export class UploadFieldsDto {
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES, example: ANNUAL_LEAVE.category })
  @IsIn(KNOWLEDGE_CATEGORIES)
  category!: KnowledgeCategory;

  @ApiPropertyOptional({ description: 'Defaults to the file name', maxLength: 200 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ description: 'Comma-separated', example: ANNUAL_LEAVE.tags.join(',') })
  @Optional()
  @IsString()
  @Length(0, 800)
  tags?: string;
}
