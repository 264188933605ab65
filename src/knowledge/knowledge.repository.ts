import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { mongo, type Model } from 'mongoose';
import { timestampedId } from '../common/ids';
import type { Chunk } from './chunking';
import { KnowledgeChunkDocument, KnowledgeDocument, KnowledgeRevisionDocument } from './knowledge.schema';
import type { IndexableChunk, KnowledgeRecord, PendingVectorDocument, StoredChunk } from './knowledge.types';
import type { KnowledgeCategory } from '../domain/department';
import { countMatches } from '../database/count-matches';

const REVISION_ID = 'knowledge';

function toRecord(doc: KnowledgeDocument): KnowledgeRecord {
  return {
    document_id: doc.document_id,
    title: doc.title,
    content: doc.content,
    category: doc.category,
    tags: doc.tags ?? [],
    usage_count: doc.usage_count ?? 0,
    effectiveness_score: doc.effectiveness_score ?? 0,
    chunk_count: doc.chunk_count ?? 0,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

export type KnowledgeFields = Pick<KnowledgeRecord, 'title' | 'content' | 'category' | 'tags'>;

/** Float32s from stored bytes, copied so they are aligned whatever buffer the driver read them into. */
function toVector(stored: mongo.Binary | Buffer): Float32Array {
  const bytes = stored instanceof mongo.Binary ? stored.buffer : stored;
  return new Float32Array(new Uint8Array(bytes).buffer);
}

@Injectable()
export class KnowledgeRepository {
  constructor(
    @InjectModel(KnowledgeDocument.name) private readonly documents: Model<KnowledgeDocument>,
    @InjectModel(KnowledgeChunkDocument.name) private readonly chunks: Model<KnowledgeChunkDocument>,
    @InjectModel(KnowledgeRevisionDocument.name) private readonly revisions: Model<KnowledgeRevisionDocument>,
  ) {}

  async create(fields: KnowledgeFields, chunks: Chunk[]): Promise<KnowledgeRecord> {
    const created = await this.documents.create({
      ...fields,
      document_id: timestampedId('KB'),
      chunk_count: chunks.length,
    });
    await this.replaceChunks(created.document_id, fields, chunks);
    return toRecord(created.toObject());
  }

  async update(documentId: string, fields: KnowledgeFields, chunks: Chunk[]): Promise<KnowledgeRecord | null> {
    const updated = await this.documents
      .findOneAndUpdate(
        { document_id: documentId },
        { $set: { ...fields, chunk_count: chunks.length, vectors_pending: true }, $inc: { content_revision: 1 } },
        { returnDocument: 'after' },
      )
      .lean<KnowledgeDocument>()
      .exec();
    if (!updated) return null;
    await this.replaceChunks(documentId, fields, chunks);
    return toRecord(updated);
  }

  /** The deleted document's vector ids' upper bound (chunks it had or vectors it synced), or null. */
  async delete(documentId: string): Promise<{ vectorSlots: number } | null> {
    const deleted = await this.documents.findOneAndDelete({ document_id: documentId }).lean<KnowledgeDocument>().exec();
    await this.chunks.deleteMany({ document_id: documentId }).exec();
    return deleted ? { vectorSlots: Math.max(deleted.chunk_count ?? 0, deleted.vector_count ?? 0) } : null;
  }

  async existsWithTitle(title: string): Promise<boolean> {
    return (await this.documents.exists({ title }).exec()) !== null;
  }

  async find(documentId: string): Promise<KnowledgeRecord | null> {
    const doc = await this.documents.findOne({ document_id: documentId }).lean<KnowledgeDocument>().exec();
    return doc ? toRecord(doc) : null;
  }

  async list(category: KnowledgeCategory | undefined, skip: number, limit: number) {
    const query = category ? { category } : {};
    const [docs, total] = await Promise.all([
      this.documents
        .find(query)
        .sort({ updated_at: -1, _id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<KnowledgeDocument[]>()
        .exec(),
      countMatches(this.documents, query),
    ]);
    return { documents: docs.map(toRecord), total };
  }

  async countByCategory(): Promise<Record<string, number>> {
    const rows = await this.documents
      .aggregate<{ _id: string; count: number }>([{ $group: { _id: '$category', count: { $sum: 1 } } }])
      .exec();
    return Object.fromEntries(rows.map((row) => [row._id, row.count]));
  }

  async countChunks(): Promise<number> {
    return this.chunks.countDocuments().exec();
  }

  async top(
    field: 'usage_count' | 'effectiveness_score',
    direction: 1 | -1,
    limit: number,
  ): Promise<KnowledgeRecord[]> {
    const docs = await this.documents
      .find()
      .sort({ [field]: direction, _id: 1 })
      .limit(limit)
      .lean<KnowledgeDocument[]>()
      .exec();
    return docs.map(toRecord);
  }

  async allChunks(): Promise<IndexableChunk[]> {
    const chunks = await this.chunks
      .find({}, { _id: 0 })
      .lean<Array<StoredChunk & { embedding?: mongo.Binary | Buffer; embedding_model?: string }>>()
      .exec();
    return chunks.map(({ embedding, embedding_model, ...chunk }) => ({
      ...chunk,
      embedding: embedding && embedding_model ? { model: embedding_model, vector: toVector(embedding) } : null,
    }));
  }

  /**
   * Stores vectors for chunks; a chunk replaced meanwhile (its text changed) is left alone, so a
   * late write never pairs an old passage's vector with a new passage.
   */
  async saveEmbeddings(
    model: string,
    embedded: ReadonlyArray<{ chunk: StoredChunk; vector: Float32Array }>,
  ): Promise<void> {
    if (embedded.length === 0) return;
    await this.chunks.bulkWrite(
      embedded.map(({ chunk, vector }) => ({
        updateOne: {
          filter: { document_id: chunk.document_id, index: chunk.index, text: chunk.text },
          update: {
            $set: {
              embedding: Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
              embedding_model: model,
            },
          },
        },
      })),
      { ordered: false },
    );
  }

  async chunksOf(documentId: string): Promise<StoredChunk[]> {
    return this.chunks.find({ document_id: documentId }).sort({ index: 1 }).lean<StoredChunk[]>().exec();
  }

  /** The chunks named, in no particular order; ones since deleted are simply absent. */
  async findChunks(keys: Array<{ document_id: string; index: number }>): Promise<StoredChunk[]> {
    if (keys.length === 0) return [];
    return this.chunks
      .find({ $or: keys.map((key) => ({ document_id: key.document_id, index: key.index })) })
      .lean<StoredChunk[]>()
      .exec();
  }

  async pendingVectorDocuments(limit: number): Promise<PendingVectorDocument[]> {
    return this.documents
      .find({ vectors_pending: true }, { _id: 0, document_id: 1, content_revision: 1, vector_count: 1 })
      .limit(limit)
      .lean<PendingVectorDocument[]>()
      .exec();
  }

  /** Clears the pending flag unless the document changed since the sync read it. */
  async markVectorsSynced(document: PendingVectorDocument, vectorCount: number): Promise<void> {
    await this.documents
      .updateOne(
        { document_id: document.document_id, content_revision: document.content_revision },
        { $set: { vectors_pending: false, vector_count: vectorCount } },
        { timestamps: false },
      )
      .exec();
  }

  async recordUsage(documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    await this.documents.updateMany({ document_id: { $in: documentIds } }, { $inc: { usage_count: 1 } }).exec();
  }

  async adjustEffectiveness(documentIds: string[], delta: number): Promise<void> {
    if (documentIds.length === 0 || delta === 0) return;
    await this.documents
      .updateMany({ document_id: { $in: documentIds } }, { $inc: { effectiveness_score: delta } })
      .exec();
  }

  async revision(): Promise<number> {
    const doc = await this.revisions.findById(REVISION_ID).lean<KnowledgeRevisionDocument>().exec();
    return doc?.value ?? 0;
  }

  async bumpRevision(): Promise<void> {
    await this.revisions.updateOne({ _id: REVISION_ID }, { $inc: { value: 1 } }, { upsert: true }).exec();
  }

  private async replaceChunks(documentId: string, fields: KnowledgeFields, chunks: Chunk[]): Promise<void> {
    await this.chunks.deleteMany({ document_id: documentId }).exec();
    if (chunks.length === 0) return;
    await this.chunks.insertMany(
      chunks.map((chunk) => ({ ...chunk, document_id: documentId, title: fields.title, category: fields.category })),
    );
  }
}
