import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { MAX_DOCUMENT_CHARS } from '../dto/knowledge.dto';
import {
  MAX_QUESTION_CHARS,
  MAX_TITLE_CHARS,
  SUGGESTION_STATUSES,
  type SuggestionStatus,
} from './knowledge-suggestion.types';
import { KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from '../../domain/department';

/** Draft FAQs learnt from resolved tickets, waiting for (or past) an admin's review. */
@Schema({
  collection: 'knowledge_suggestions',
  versionKey: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class KnowledgeSuggestionDocument {
  @Prop({ type: String, required: true, enum: SUGGESTION_STATUSES, default: 'pending' }) status!: SuggestionStatus;
  @Prop({ type: String, required: true, maxlength: MAX_TITLE_CHARS }) title!: string;
  @Prop({ type: String, required: true, maxlength: MAX_QUESTION_CHARS }) question!: string;
  /** The drafted answer; once approved, the content the document was created with (an admin may have edited it). */
  @Prop({ type: String, required: true, maxlength: MAX_DOCUMENT_CHARS }) answer!: string;
  @Prop({ type: String, required: true, enum: KNOWLEDGE_CATEGORIES }) category!: KnowledgeCategory;
  /** The ticket's public id: one suggestion per ticket, enforced by the unique index below. */
  @Prop({ type: String, required: true }) source_ticket_id!: string;
  @Prop({ type: Types.ObjectId, default: null }) reviewed_by!: Types.ObjectId | null;
  @Prop({ type: Date, default: null }) reviewed_at!: Date | null;
  @Prop({ type: String, default: null }) document_id!: string | null;
  created_at!: Date;
  updated_at!: Date;
}

export const KnowledgeSuggestionSchema = SchemaFactory.createForClass(KnowledgeSuggestionDocument);
// At most one suggestion per ticket, however often it is resolved or however many instances hear it.
KnowledgeSuggestionSchema.index({ source_ticket_id: 1 }, { unique: true });
// The admin list, newest first, with or without a status; _id orders drafts of the same millisecond.
KnowledgeSuggestionSchema.index({ created_at: -1, _id: -1 });
KnowledgeSuggestionSchema.index({ status: 1, created_at: -1, _id: -1 });
