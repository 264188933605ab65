import { Pinecone, type Index } from '@pinecone-database/pinecone';
import { withDeadline } from '../../ai/deadline';
import type { AppConfig } from '../../config/app-config';
import type { KnowledgeCategory } from '../../domain/department';

/** What Pinecone keeps beside a vector: enough to filter and to find the chunk in MongoDB. */
type ChunkMetadata = { document_id: string; chunk_index: number; category: KnowledgeCategory };

export interface ChunkVector {
  document_id: string;
  chunk_index: number;
  category: KnowledgeCategory;
  values: number[];
}

export interface VectorMatch {
  document_id: string;
  chunk_index: number;
  score: number;
}

/** Pinecone's limit on records per upsert request. */
const UPSERT_BATCH = 1000;

/** A chunk's vector id: stable, so re-indexing a document overwrites rather than duplicates. */
export function vectorId(documentId: string, chunkIndex: number): string {
  return `${documentId}#${chunkIndex}`;
}

/** Vectors of knowledge-base chunks in Pinecone; their text and metadata of record stay in MongoDB. */
export class PineconeVectorStore {
  private readonly index: Index<ChunkMetadata>;

  constructor(private readonly config: AppConfig) {
    const { apiKey, index, host } = config.ai.pinecone;
    const client = new Pinecone({ apiKey: apiKey!, maxRetries: 0, fetchApi: globalThis.fetch });
    this.index = client.index<ChunkMetadata>({ name: index!, ...(host ? { host } : {}) });
  }

  async upsert(vectors: ChunkVector[]): Promise<void> {
    for (let start = 0; start < vectors.length; start += UPSERT_BATCH) {
      const records = vectors.slice(start, start + UPSERT_BATCH).map((vector) => ({
        id: vectorId(vector.document_id, vector.chunk_index),
        values: vector.values,
        metadata: { document_id: vector.document_id, chunk_index: vector.chunk_index, category: vector.category },
      }));
      await this.deadline(this.index.upsert({ records }));
    }
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.deadline(this.index.deleteMany({ ids }));
  }

  async query(values: number[], topK: number, categories?: KnowledgeCategory[]): Promise<VectorMatch[]> {
    const response = await this.deadline(
      this.index.query({
        vector: values,
        topK,
        includeMetadata: true,
        ...(categories ? { filter: { category: { $in: categories } } } : {}),
      }),
    );
    return response.matches.flatMap((match) =>
      match.metadata
        ? [
            {
              document_id: match.metadata.document_id,
              chunk_index: match.metadata.chunk_index,
              score: match.score ?? 0,
            },
          ]
        : [],
    );
  }

  private deadline<T>(work: Promise<T>): Promise<T> {
    return withDeadline(work, this.config.ai.timeoutMs, 'Pinecone');
  }
}
