import type { KnowledgeCategory } from '../domain/department';

export interface KnowledgeRecord {
  document_id: string;
  title: string;
  content: string;
  category: KnowledgeCategory;
  tags: string[];
  usage_count: number;
  effectiveness_score: number;
  chunk_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface StoredChunk {
  document_id: string;
  index: number;
  title: string;
  heading: string;
  text: string;
  category: KnowledgeCategory;
}

/** A chunk as the local retriever reads it: with its stored vector when one was written. */
export interface IndexableChunk extends StoredChunk {
  embedding: { model: string; vector: Float32Array } | null;
}

/** A document whose vectors must be (re)written, as the sync reads it. */
export interface PendingVectorDocument {
  document_id: string;
  content_revision: number;
  vector_count: number;
}
