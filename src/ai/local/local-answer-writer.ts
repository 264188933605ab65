import { Injectable } from '@nestjs/common';
import type { AnswerRequest, AnswerWriter, WrittenAnswer } from '../ai.ports';
import { KNOWLEDGE_BASE_PREFIX, quotePassages } from './answer-composer';

/**
 * Answers from the knowledge base's own sentences, quoted and cited, never invented. A suggestion
 * without passages asks what an agent would ask first rather than guessing at a fix.
 */
@Injectable()
export class LocalAnswerWriter implements AnswerWriter {
  write(request: AnswerRequest): Promise<WrittenAnswer> {
    if (request.kind === 'self_serve')
      return Promise.resolve({
        text: KNOWLEDGE_BASE_PREFIX + quotePassages(request.question, request.passages),
        provider: 'local',
      });
    const { ticket, conversation, passages } = request;
    const greeting = `Hello, thank you for your ticket "${ticket.title}".`;
    const body =
      passages.length > 0
        ? `${quotePassages(`${ticket.title} ${ticket.description} ${conversation}`, passages)} Please let me know whether this solves it.`
        : 'I am looking into it; could you tell me when it started, what you see exactly (any error message), and what you have tried so far?';
    return Promise.resolve({ text: `${greeting} ${body}`, provider: 'local' });
  }
}
