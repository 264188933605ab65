import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { UnansweredQuestion } from './knowledge-gap-grouping';
import { UnansweredQuestionDocument } from './unanswered-question.schema';

export interface NewUnansweredQuestion {
  query: string;
  contentWords: string[];
  userId: string;
  sessionId: string;
  askedAt: Date;
}

@Injectable()
export class UnansweredQuestionsRepository {
  constructor(
    @InjectModel(UnansweredQuestionDocument.name) private readonly questions: Model<UnansweredQuestionDocument>,
  ) {}

  async record(question: NewUnansweredQuestion): Promise<void> {
    await this.questions.create({
      query: question.query,
      content_words: question.contentWords,
      user_id: new Types.ObjectId(question.userId),
      session_id: question.sessionId,
      asked_at: question.askedAt,
    });
  }

  /** The newest `limit` questions asked in [from, to), newest first, ties broken by _id. */
  async latestInRange(from: Date, to: Date, limit: number): Promise<UnansweredQuestion[]> {
    const found = await this.questions
      .find({ asked_at: { $gte: from, $lt: to } }, { query: 1, content_words: 1, user_id: 1, asked_at: 1 })
      .sort({ asked_at: -1, _id: -1 })
      .limit(limit)
      .lean()
      .exec();
    return found.map((question) => ({
      query: question.query,
      words: question.content_words,
      askerId: question.user_id.toHexString(),
      askedAt: question.asked_at,
    }));
  }
}
