import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { isDuplicateKeyError } from '../../database/duplicate-key';
import { KnowledgeSuggestionDocument } from './knowledge-suggestion.schema';
import type {
  ApprovedContent,
  KnowledgeSuggestionRecord,
  SuggestionDraft,
  SuggestionStatus,
} from './knowledge-suggestion.types';
import { countMatches } from '../../database/count-matches';

type LeanSuggestion = KnowledgeSuggestionDocument & { _id: Types.ObjectId };

function toRecord(doc: LeanSuggestion): KnowledgeSuggestionRecord {
  return {
    id: doc._id.toHexString(),
    status: doc.status,
    title: doc.title,
    question: doc.question,
    answer: doc.answer,
    category: doc.category,
    source_ticket_id: doc.source_ticket_id,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
    reviewed_by: doc.reviewed_by ? doc.reviewed_by.toHexString() : null,
    reviewed_at: doc.reviewed_at ?? null,
    document_id: doc.document_id ?? null,
  };
}

/** What a review records: who decided, and when. */
export interface Review {
  reviewer_id: string;
  at: Date;
}

/**
 * The knowledge_suggestions collection. Every change of status is one conditional update on
 * `status: 'pending'`, so two admins (or two instances) deciding at once cannot both win.
 */
@Injectable()
export class KnowledgeSuggestionsRepository {
  constructor(
    @InjectModel(KnowledgeSuggestionDocument.name) private readonly model: Model<KnowledgeSuggestionDocument>,
  ) {}

  /**
   * Stores a new pending draft for its ticket. `exists` when the ticket already has a suggestion
   * (the unique index decides, so concurrent resolves of one ticket store one).
   */
  async createPending(draft: SuggestionDraft): Promise<'created' | 'exists'> {
    try {
      await this.model.create({ ...draft, status: 'pending' });
      return 'created';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'exists';
      throw error;
    }
  }

  /** Replaces the text of the ticket's draft if it is still pending; false when there is none such. */
  async refreshPending(draft: SuggestionDraft): Promise<boolean> {
    const { source_ticket_id, ...text } = draft;
    const result = await this.model.updateOne({ source_ticket_id, status: 'pending' }, { $set: text }).exec();
    return result.matchedCount > 0;
  }

  async find(id: string): Promise<KnowledgeSuggestionRecord | null> {
    const doc = await this.model.findById(new Types.ObjectId(id)).lean<LeanSuggestion>().exec();
    return doc ? toRecord(doc) : null;
  }

  /** A page of suggestions, newest first, optionally of one status, and how many match in all. */
  async list(
    status: SuggestionStatus | undefined,
    skip: number,
    limit: number,
  ): Promise<{ suggestions: KnowledgeSuggestionRecord[]; total: number }> {
    const filter = status ? { status } : {};
    const [docs, total] = await Promise.all([
      this.model.find(filter).sort({ created_at: -1, _id: -1 }).skip(skip).limit(limit).lean<LeanSuggestion[]>().exec(),
      countMatches(this.model, filter),
    ]);
    return { suggestions: docs.map(toRecord), total };
  }

  /** Pending → approved, recording the document it became and the text it was published with; null if no longer pending. */
  async markApproved(
    id: string,
    review: Review,
    documentId: string,
    content: ApprovedContent,
  ): Promise<KnowledgeSuggestionRecord | null> {
    return this.decide(id, 'approved', review, { document_id: documentId, ...content });
  }

  /** Pending → dismissed; null if no longer pending. */
  async markDismissed(id: string, review: Review): Promise<KnowledgeSuggestionRecord | null> {
    return this.decide(id, 'dismissed', review, {});
  }

  /** Removes the ticket's suggestion if still pending (an approved one is a document of its own now); how many went. */
  async deletePendingOfTicket(sourceTicketId: string): Promise<number> {
    const result = await this.model.deleteMany({ source_ticket_id: sourceTicketId, status: 'pending' }).exec();
    return result.deletedCount;
  }

  private async decide(
    id: string,
    status: Exclude<SuggestionStatus, 'pending'>,
    review: Review,
    fields: Partial<Pick<KnowledgeSuggestionDocument, 'document_id' | 'title' | 'answer' | 'category'>>,
  ): Promise<KnowledgeSuggestionRecord | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: 'pending' },
        {
          $set: {
            ...fields,
            status,
            reviewed_by: new Types.ObjectId(review.reviewer_id),
            reviewed_at: review.at,
          },
        },
        { returnDocument: 'after' },
      )
      .lean<LeanSuggestion>()
      .exec();
    return doc ? toRecord(doc) : null;
  }
}
