import { GoogleGenAI } from '@google/genai';
import type { AppConfig } from '../../config/app-config';

/**
 * The SDK client every Gemini call goes through. No SDK retries: the local implementation is the
 * retry, within the configured timeout.
 */
export function createGeminiClient(config: AppConfig): GoogleGenAI {
  const { apiKey, baseUrl } = config.ai.gemini;
  return new GoogleGenAI({
    apiKey: apiKey!,
    httpOptions: {
      ...(baseUrl ? { baseUrl } : {}),
      timeout: config.ai.timeoutMs,
      retryOptions: { attempts: 1 },
      // The runtime's fetch, explicitly: under Jest's module sandbox the SDK's own reference to it
      // fails every request ("fetch failed"), while plain Node works either way.
      fetch: globalThis.fetch,
    },
  });
}
