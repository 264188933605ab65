import { Body, Controller, Delete, Get, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';
import { MultipartRequest } from '../common/http/request-media-type';
import { createValidationPipe } from '../common/http/validation';
import { Roles } from '../common/auth/access.decorators';
import {
  CreateKnowledgeDocumentDto,
  DocumentIdParam,
  KnowledgeDocumentDto,
  KnowledgeListDto,
  KnowledgeStatsDto,
  ListKnowledgeQueryDto,
  KNOWLEDGE_DOCUMENT_EXAMPLE,
  NEW_KNOWLEDGE_DOCUMENT_EXAMPLE,
  DocumentDeletedDto,
  RetrievedChunkDto,
  SearchKnowledgeQueryDto,
  UpdateKnowledgeDocumentDto,
  UploadFieldsDto,
} from './dto/knowledge.dto';
import { KnowledgeService } from './knowledge.service';
import { readUploadForm } from './upload-form';
import { SUPPORTED_EXTENSIONS } from './document-parsers';
import { trimmedLengthPattern } from '../common/http/openapi/validation-schema';
import { KNOWLEDGE_CATEGORIES } from '../domain/department';

/** The example document after an admin added a tag. */
const TAGGED_DOCUMENT_EXAMPLE = {
  ...KNOWLEDGE_DOCUMENT_EXAMPLE,
  tags: [...KNOWLEDGE_DOCUMENT_EXAMPLE.tags, 'carry-over'],
  updated_at: '2025-11-24T16:40:00.000Z',
};

@ApiTags('Knowledge base')
@Roles('admin')
@Controller('admin/documents')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Post()
  @ApiOperation({
    summary: 'Add a document (Markdown or text); it is chunked and searchable at once, on every instance',
    description:
      'Each heading, with its parent headings, stays with the text below it; long sections are cut at ' +
      'paragraphs, then sentences, at 800 characters. With Pinecone configured the chunks are embedded too.',
  })
  @ApiCreatedResponse({ type: KnowledgeDocumentDto, example: NEW_KNOWLEDGE_DOCUMENT_EXAMPLE })
  create(@Body() dto: CreateKnowledgeDocumentDto): Promise<KnowledgeDocumentDto> {
    return this.knowledge.create(dto);
  }

  @Post('upload')
  @ApiOperation({
    summary: 'Upload a .txt, .md, .pdf, .docx or .pptx file as a document (multipart: file, category, tags, title)',
    description:
      'The text is extracted (Word headings become Markdown headings; each PowerPoint slide becomes a section under ' +
      'its title, with its speaker notes) and stored like POST /admin/documents. ' +
      'Unsupported or unreadable files answer 400 and store nothing; files over UPLOAD_LIMIT_BYTES answer 413.',
  })
  @MultipartRequest()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'category'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: `The document: ${SUPPORTED_EXTENSIONS.join(', ')} (by the file name's extension)`,
        },
        // UploadFieldsDto's rules (the form is read by hand, so the pipe-derived schema does not reach it).
        category: { type: 'string', enum: [...KNOWLEDGE_CATEGORIES] },
        tags: { type: 'string', maxLength: 800, description: 'Comma-separated' },
        title: {
          type: 'string',
          minLength: 1,
          pattern: trimmedLengthPattern(1, 200),
          description: 'Defaults to the file name; 1-200 characters once trimmed',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: KnowledgeDocumentDto, example: NEW_KNOWLEDGE_DOCUMENT_EXAMPLE })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: over UPLOAD_LIMIT_BYTES' })
  async upload(@Req() request: FastifyRequest): Promise<KnowledgeDocumentDto> {
    const { file, fields } = await readUploadForm(request);
    if (!file) throw AppError.validation('No file: send the document in the field "file"');
    const validated = (await createValidationPipe().transform(fields, {
      type: 'body',
      metatype: UploadFieldsDto,
    })) as UploadFieldsDto;
    return this.knowledge.createFromUpload(file, validated);
  }

  @Get()
  @ApiOperation({
    summary: 'Documents, most recently changed first',
    description: 'Paginated, optionally one category; each with its full content and chunk count.',
  })
  @ApiOkResponse({ type: KnowledgeListDto })
  list(@Query() query: ListKnowledgeQueryDto): Promise<KnowledgeListDto> {
    return this.knowledge.list(query);
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Counts by category, chunks, most used, best and worst rated',
    description: 'The lists hold up to five documents each; ratings come from feedback on AI messages.',
  })
  @ApiOkResponse({ type: KnowledgeStatsDto })
  stats(): Promise<KnowledgeStatsDto> {
    return this.knowledge.stats();
  }

  @Get('search')
  @ApiOperation({
    summary: 'The passages retrieval finds for a question (what the answer bot would draw on)',
    description:
      'Up to five passages, best first: hybrid (BM25+ fused with the local sentence model), lexical when the model is off or missing, or, with Pinecone configured, by vector similarity.',
  })
  @ApiOkResponse({ type: [RetrievedChunkDto] })
  search(@Query() query: SearchKnowledgeQueryDto): Promise<RetrievedChunkDto[]> {
    return this.knowledge.search(query);
  }

  @Get(':document_id')
  @ApiOperation({ summary: 'One document', description: '`document_id` looks like KB-<ms>-<6 characters>.' })
  @ApiOkResponse({ type: KnowledgeDocumentDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param() { document_id }: DocumentIdParam): Promise<KnowledgeDocumentDto> {
    return this.knowledge.get(document_id);
  }

  @Put(':document_id')
  @ApiOperation({
    summary: 'Change a document; its chunks are rebuilt',
    description: 'Send only the fields to change. Retrieval on every instance uses the new text at once.',
  })
  @ApiBody({
    type: UpdateKnowledgeDocumentDto,
    examples: { tags: { summary: 'Add a tag', value: { tags: TAGGED_DOCUMENT_EXAMPLE.tags } } },
  })
  @ApiOkResponse({ type: KnowledgeDocumentDto, example: TAGGED_DOCUMENT_EXAMPLE })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  update(
    @Param() { document_id }: DocumentIdParam,
    @Body() dto: UpdateKnowledgeDocumentDto,
  ): Promise<KnowledgeDocumentDto> {
    return this.knowledge.update(document_id, dto);
  }

  @Delete(':document_id')
  @ApiOperation({
    summary: 'Remove a document and its chunks',
    description: 'Its vectors are removed from Pinecone too when configured; answers stop citing it at once.',
  })
  @ApiOkResponse({ type: DocumentDeletedDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  delete(@Param() { document_id }: DocumentIdParam): Promise<DocumentDeletedDto> {
    return this.knowledge.delete(document_id);
  }
}
