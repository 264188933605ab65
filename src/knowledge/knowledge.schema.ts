import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from '../domain/department';

@Schema({
  collection: 'knowledge_base',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  versionKey: false,
})
export class KnowledgeDocument {
  @Prop({ type: String, required: true, unique: true }) document_id!: string;
  @Prop({ type: String, required: true, maxlength: 200 }) title!: string;
  @Prop({ type: String, required: true }) content!: string;
  @Prop({ type: String, required: true, enum: KNOWLEDGE_CATEGORIES }) category!: KnowledgeCategory;
  @Prop({ type: [String], default: [] }) tags!: string[];
  @Prop({ type: Number, required: true, default: 0 }) usage_count!: number;
  /** Fed by feedback on AI messages that drew on the document (thumbs up minus down). */
  @Prop({ type: Number, required: true, default: 0 }) effectiveness_score!: number;
  @Prop({ type: Number, required: true, default: 0 }) chunk_count!: number;
  /**
   * Vector bookkeeping (used with Pinecone): a change sets `vectors_pending` and bumps
   * `content_revision`; the sync clears the flag only if no newer change came in meanwhile.
   * `vector_count` is how many chunk vectors Pinecone holds, so shrinking documents lose the rest.
   */
  @Prop({ type: Boolean, required: true, default: true }) vectors_pending!: boolean;
  @Prop({ type: Number, required: true, default: 1 }) content_revision!: number;
  @Prop({ type: Number, required: true, default: 0 }) vector_count!: number;
  created_at!: Date;
  updated_at!: Date;
}

export const KnowledgeSchema = SchemaFactory.createForClass(KnowledgeDocument);
KnowledgeSchema.index({ updated_at: -1, _id: -1 });
KnowledgeSchema.index({ category: 1, updated_at: -1, _id: -1 });
KnowledgeSchema.index({ usage_count: -1 });
KnowledgeSchema.index({ effectiveness_score: -1 });
KnowledgeSchema.index({ vectors_pending: 1 });

/** Retrieval units derived from a document; rebuilt whenever the document changes. */
@Schema({ collection: 'knowledge_chunks', versionKey: false })
export class KnowledgeChunkDocument {
  @Prop({ type: String, required: true }) document_id!: string;
  @Prop({ type: Number, required: true }) index!: number;
  @Prop({ type: String, required: true }) title!: string;
  @Prop({ type: String, required: true }) heading!: string;
  @Prop({ type: String, required: true }) text!: string;
  @Prop({ type: String, required: true, enum: KNOWLEDGE_CATEGORIES }) category!: KnowledgeCategory;
  /**
   * The local sentence model's vector of the chunk (384 little-endian float32s, 1.5 KB), written
   * by the first retriever that needed it, and which model made it: a vector of another model is
   * made again. Absent until then; replaced chunks start without one.
   */
  @Prop({ type: Buffer, required: false }) embedding?: Buffer;
  @Prop({ type: String, required: false }) embedding_model?: string;
}

export const KnowledgeChunkSchema = SchemaFactory.createForClass(KnowledgeChunkDocument);
KnowledgeChunkSchema.index({ document_id: 1, index: 1 }, { unique: true });

/**
 * One counter bumped on every knowledge-base change. Each instance compares it with the revision
 * its in-memory index was built from, so a change made through any instance is seen by all.
 */
@Schema({ collection: 'knowledge_revision', versionKey: false })
export class KnowledgeRevisionDocument {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Number, required: true, default: 0 }) value!: number;
}

export const KnowledgeRevisionSchema = SchemaFactory.createForClass(KnowledgeRevisionDocument);
