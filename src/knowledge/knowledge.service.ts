import { Inject, Injectable } from '@nestjs/common';
import { RETRIEVER, type Retriever } from '../ai/ai.ports';
import { AppError } from '../common/errors/app-error';
import { buildPagination, skipFor } from '../common/http/pagination';
import { chunkDocument } from './chunking';
import type {
  CreateKnowledgeDocumentDto,
  DocumentDeletedDto,
  KnowledgeListDto,
  KnowledgeStatsDto,
  ListKnowledgeQueryDto,
  RetrievedChunkDto,
  SearchKnowledgeQueryDto,
  UpdateKnowledgeDocumentDto,
  UploadFieldsDto,
} from './dto/knowledge.dto';
import { MAX_DOCUMENT_CHARS } from './dto/knowledge.dto';
import { parseUpload } from './document-parsers';
import { KnowledgeRepository } from './knowledge.repository';
import { STARTER_DOCUMENTS } from './starter-documents';
import { KNOWLEDGE_VECTORS, type KnowledgeVectors } from './vectors/knowledge-vectors';
import type { KnowledgeRecord } from './knowledge.types';

const STATS_LIST_SIZE = 5;

function normaliseTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

@Injectable()
export class KnowledgeService {
  constructor(
    private readonly knowledge: KnowledgeRepository,
    @Inject(RETRIEVER) private readonly retriever: Retriever,
    @Inject(KNOWLEDGE_VECTORS) private readonly vectors: KnowledgeVectors | null,
  ) {}

  async create(dto: CreateKnowledgeDocumentDto): Promise<KnowledgeRecord> {
    const fields = { title: dto.title, content: dto.content, category: dto.category, tags: normaliseTags(dto.tags) };
    const chunks = chunkDocument(fields.title, fields.content);
    if (chunks.length === 0) throw AppError.validation('The document has no text to answer from');
    const created = await this.knowledge.create(fields, chunks);
    await this.knowledge.bumpRevision();
    await this.vectors?.syncPending();
    return created;
  }

  /** An uploaded .txt, .md, .pdf, .docx or .pptx: its text becomes the document's content. */
  async createFromUpload(
    file: { filename: string; buffer: Buffer },
    fields: UploadFieldsDto,
  ): Promise<KnowledgeRecord> {
    const parsed = await parseUpload(file.filename, file.buffer);
    return this.create({
      title: fields.title ?? parsed.title,
      content: parsed.content.slice(0, MAX_DOCUMENT_CHARS),
      category: fields.category,
      tags: fields.tags?.split(',') ?? [],
    });
  }

  async update(documentId: string, dto: UpdateKnowledgeDocumentDto): Promise<KnowledgeRecord> {
    const current = await this.require(documentId);
    const fields = {
      title: dto.title ?? current.title,
      content: dto.content ?? current.content,
      category: dto.category ?? current.category,
      tags: dto.tags !== undefined ? normaliseTags(dto.tags) : current.tags,
    };
    const chunks = chunkDocument(fields.title, fields.content);
    if (chunks.length === 0) throw AppError.validation('The document has no text to answer from');
    const updated = await this.knowledge.update(documentId, fields, chunks);
    if (!updated) throw AppError.notFound('Document');
    await this.knowledge.bumpRevision();
    await this.vectors?.syncPending();
    return updated;
  }

  async delete(documentId: string): Promise<DocumentDeletedDto> {
    const deleted = await this.knowledge.delete(documentId);
    if (!deleted) throw AppError.notFound('Document');
    await this.knowledge.bumpRevision();
    await this.vectors?.remove(documentId, deleted.vectorSlots);
    return { message: 'Document deleted' };
  }

  async get(documentId: string): Promise<KnowledgeRecord> {
    return this.require(documentId);
  }

  async list(query: ListKnowledgeQueryDto): Promise<KnowledgeListDto> {
    const { documents, total } = await this.knowledge.list(
      query.category,
      skipFor(query.page, query.limit),
      query.limit,
    );
    return { documents, total_count: total, pagination: buildPagination(total, query.page, query.limit) };
  }

  async stats(): Promise<KnowledgeStatsDto> {
    const [byCategory, chunks, mostUsed, best, worst] = await Promise.all([
      this.knowledge.countByCategory(),
      this.knowledge.countChunks(),
      this.knowledge.top('usage_count', -1, STATS_LIST_SIZE),
      this.knowledge.top('effectiveness_score', -1, STATS_LIST_SIZE),
      this.knowledge.top('effectiveness_score', 1, STATS_LIST_SIZE),
    ]);
    return {
      documents_by_category: { IT: 0, HR: 0, General: 0, ...byCategory },
      total_documents: Object.values(byCategory).reduce((sum, n) => sum + n, 0),
      total_chunks: chunks,
      most_used: mostUsed,
      best_rated: best,
      worst_rated: worst,
    };
  }

  /** What retrieval finds for a question: lets admins see what the answer bot would draw on. */
  async search(query: SearchKnowledgeQueryDto): Promise<RetrievedChunkDto[]> {
    return this.retriever.search(query.q, { ...(query.category ? { categories: [query.category] } : {}), limit: 5 });
  }

  /** Idempotent: adds the starter documents whose titles are not there yet. Returns how many it added. */
  async seedStarterDocuments(): Promise<number> {
    let added = 0;
    for (const document of STARTER_DOCUMENTS) {
      if (await this.knowledge.existsWithTitle(document.title)) continue;
      await this.create(document);
      added += 1;
    }
    return added;
  }

  /** Feedback on an AI reply: its sources gain or lose the change in vote. */
  async adjustEffectiveness(documentIds: string[], delta: number): Promise<void> {
    await this.knowledge.adjustEffectiveness(documentIds, delta);
  }

  /** An answer drew on these documents. */
  async recordUsage(documentIds: string[]): Promise<void> {
    await this.knowledge.recordUsage(documentIds);
  }

  private async require(documentId: string): Promise<KnowledgeRecord> {
    const document = await this.knowledge.find(documentId);
    if (!document) throw AppError.notFound('Document');
    return document;
  }
}
