import type { GoogleGenAI } from '@google/genai';
import type { AppConfig } from '../../config/app-config';
import { withDeadline } from '../deadline';
import { createGeminiClient } from './gemini-client';

/** The API takes at most this many texts per batch request. */
const BATCH_SIZE = 100;

export type EmbeddingPurpose = 'document' | 'query';

/**
 * Embeddings for vector retrieval. Documents and queries are embedded with their own task types,
 * which Gemini tunes for asymmetric search; every vector is checked for the configured length,
 * since a mismatch with the Pinecone index would otherwise fail later and less clearly.
 */
export class GeminiEmbedder {
  private readonly client: GoogleGenAI;

  constructor(private readonly config: AppConfig) {
    this.client = createGeminiClient(config);
  }

  async embed(texts: string[], purpose: EmbeddingPurpose): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += BATCH_SIZE) {
      const batch = texts.slice(start, start + BATCH_SIZE);
      vectors.push(...(await withDeadline(this.embedBatch(batch, purpose), this.config.ai.timeoutMs, 'Gemini')));
    }
    return vectors;
  }

  private async embedBatch(texts: string[], purpose: EmbeddingPurpose): Promise<number[][]> {
    const { embeddingModel, embeddingDimensions } = this.config.ai.gemini;
    const response = await this.client.models.embedContent({
      model: embeddingModel,
      contents: texts,
      config: {
        taskType: purpose === 'document' ? 'RETRIEVAL_DOCUMENT' : 'RETRIEVAL_QUERY',
        outputDimensionality: embeddingDimensions,
      },
    });
    const vectors = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
    if (vectors.length !== texts.length || vectors.some((vector) => vector.length !== embeddingDimensions))
      throw new Error(`Gemini returned ${vectors.length} embeddings for ${texts.length} texts, or of the wrong length`);
    return vectors;
  }
}
