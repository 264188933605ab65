import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import {
  CreateKnowledgeDocumentDto,
  DocumentIdParam,
  KnowledgeDocumentDto,
  KnowledgeListDto,
  KnowledgeStatsDto,
  ListKnowledgeQueryDto,
  RetrievedChunkDto,
  SearchKnowledgeQueryDto,
  UpdateKnowledgeDocumentDto,
} from './dto/knowledge.dto';
import { KnowledgeService } from './knowledge.service';

@ApiTags('Knowledge base')
@Roles('admin')
@Controller('admin/documents')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Post()
  @ApiOperation({
    summary: 'Add a document (Markdown or text); it is chunked and searchable at once, on every instance',
  })
  @ApiCreatedResponse({ type: KnowledgeDocumentDto })
  create(@Body() dto: CreateKnowledgeDocumentDto): Promise<KnowledgeDocumentDto> {
    return this.knowledge.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'Documents, most recently changed first' })
  @ApiOkResponse({ type: KnowledgeListDto })
  list(@Query() query: ListKnowledgeQueryDto): Promise<KnowledgeListDto> {
    return this.knowledge.list(query);
  }

  @Get('stats')
  @ApiOperation({ summary: 'Counts by category, chunks, most used, best and worst rated' })
  @ApiOkResponse({ type: KnowledgeStatsDto })
  stats(): Promise<KnowledgeStatsDto> {
    return this.knowledge.stats();
  }

  @Get('search')
  @ApiOperation({ summary: 'The passages retrieval finds for a question (what the answer bot would draw on)' })
  @ApiOkResponse({ type: [RetrievedChunkDto] })
  search(@Query() query: SearchKnowledgeQueryDto): Promise<RetrievedChunkDto[]> {
    return this.knowledge.search(query);
  }

  @Get(':document_id')
  @ApiOkResponse({ type: KnowledgeDocumentDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param() { document_id }: DocumentIdParam): Promise<KnowledgeDocumentDto> {
    return this.knowledge.get(document_id);
  }

  @Put(':document_id')
  @ApiOperation({ summary: 'Change a document; its chunks are rebuilt' })
  @ApiOkResponse({ type: KnowledgeDocumentDto })
  update(
    @Param() { document_id }: DocumentIdParam,
    @Body() dto: UpdateKnowledgeDocumentDto,
  ): Promise<KnowledgeDocumentDto> {
    return this.knowledge.update(document_id, dto);
  }

  @Delete(':document_id')
  @ApiOperation({ summary: 'Remove a document and its chunks' })
  delete(@Param() { document_id }: DocumentIdParam): Promise<{ message: string }> {
    return this.knowledge.delete(document_id);
  }
}
