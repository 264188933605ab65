import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from '../../ai/ai.ports';
import { Optional } from '../../common/http/optional';
import { PaginationDto, PaginationQueryDto } from '../../common/http/pagination';
import { Trimmed } from '../../tickets/dto/ticket-fields';

export const MAX_DOCUMENT_CHARS = 200_000;

/** Up to 20 tags of 1-40 characters; optional, never null. */
const TagsField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: ['leave', 'vacation'] }),
    Optional(),
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    Length(1, 40, { each: true }),
  );

export class CreateKnowledgeDocumentDto {
  @ApiProperty({ example: 'Annual leave policy', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({
    description: 'Plain text or Markdown; headings (#) stay with the text below them',
    maxLength: MAX_DOCUMENT_CHARS,
  })
  @IsString()
  @Length(1, MAX_DOCUMENT_CHARS)
  content!: string;

  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES })
  @IsIn(KNOWLEDGE_CATEGORIES)
  category!: KnowledgeCategory;

  @TagsField()
  tags?: string[];
}

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

export const DOCUMENT_ID_PATTERN = /^KB-\d{13,}-[A-Z0-9]{6}$/;
export class DocumentIdParam {
  @Matches(DOCUMENT_ID_PATTERN, { message: 'document_id must look like KB-<ms>-<6 characters>' })
  document_id!: string;
}

export class KnowledgeDocumentDto {
  @ApiProperty({ example: 'KB-1764000000000-AB12CD' }) document_id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES }) category!: KnowledgeCategory;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() usage_count!: number;
  @ApiProperty() effectiveness_score!: number;
  @ApiProperty({ description: 'Retrieval chunks derived from the content' }) chunk_count!: number;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at!: Date;
}

export class KnowledgeListDto {
  @ApiProperty({ type: [KnowledgeDocumentDto] }) documents!: KnowledgeDocumentDto[];
  @ApiProperty() total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

export class RetrievedChunkDto {
  @ApiProperty() document_id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() heading!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES }) category!: KnowledgeCategory;
  @ApiProperty({
    description: 'Higher is better: BM25+ relevance for lexical retrieval, cosine similarity for vector retrieval',
  })
  score!: number;
  @ApiProperty({ type: [String], description: "The query's words found in the passage" }) terms!: string[];
  @ApiProperty({ enum: ['lexical', 'vector'], description: 'Vector with Pinecone configured, lexical otherwise' })
  retrieval!: 'lexical' | 'vector';
}

export class KnowledgeStatsDto {
  @ApiProperty({ example: { IT: 4, HR: 3, General: 1 } }) documents_by_category!: Record<string, number>;
  @ApiProperty() total_documents!: number;
  @ApiProperty() total_chunks!: number;
  @ApiProperty({ type: [KnowledgeDocumentDto] }) most_used!: KnowledgeDocumentDto[];
  @ApiProperty({ type: [KnowledgeDocumentDto] }) best_rated!: KnowledgeDocumentDto[];
  @ApiProperty({ type: [KnowledgeDocumentDto] }) worst_rated!: KnowledgeDocumentDto[];
}

/** The text fields of a multipart upload; `tags` is comma-separated there. */
export class UploadFieldsDto {
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES })
  @IsIn(KNOWLEDGE_CATEGORIES)
  category!: KnowledgeCategory;

  @ApiPropertyOptional({ description: 'Defaults to the file name', maxLength: 200 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ description: 'Comma-separated', example: 'leave,vacation' })
  @Optional()
  @IsString()
  @Length(0, 800)
  tags?: string;
}
