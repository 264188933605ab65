import { Injectable } from '@nestjs/common';
import type { TopicLabeler, TopicLabels } from '../ai.ports';

/**
 * Leaves every topic unlabelled: a topic's term is already the tickets' own words, and nothing
 * in-process writes a better line than those words without inventing one. Being the port's local
 * implementation, it is what answers without Gemini and whenever Gemini fails.
 */
@Injectable()
export class LocalTopicLabeler implements TopicLabeler {
  label(): Promise<TopicLabels> {
    return Promise.resolve({ labels: new Map(), provider: 'local' });
  }
}
