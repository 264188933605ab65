import { GoogleGenAI } from '@google/genai';
import type { AppConfig } from '../../config/app-config';

/**
 * Structured output from Gemini: the model must answer JSON matching the schema, and the answer is
 * validated again here, so a malformed reply is an error (and the caller falls back), never data.
 * No SDK retries: the local implementation is the retry, within the configured timeout.
 */
export class GeminiJson {
  private readonly client: GoogleGenAI;

  constructor(private readonly config: AppConfig) {
    const { apiKey, baseUrl } = config.ai.gemini;
    this.client = new GoogleGenAI({
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

  async generate<T>(system: string, input: string, schema: object, parse: (value: unknown) => T | null): Promise<T> {
    // The SDK's own timeout aborts the request; this deadline guarantees the caller moves on even
    // if a response body stalls after the headers.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('Gemini did not answer in time')), this.config.ai.timeoutMs);
    });
    try {
      return await Promise.race([this.call(system, input, schema, parse), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async call<T>(
    system: string,
    input: string,
    schema: object,
    parse: (value: unknown) => T | null,
  ): Promise<T> {
    const response = await this.client.models.generateContent({
      model: this.config.ai.gemini.model,
      contents: input,
      config: {
        systemInstruction: system,
        responseMimeType: 'application/json',
        responseJsonSchema: schema,
        temperature: 0,
      },
    });
    const parsed = parse(JSON.parse(response.text ?? ''));
    if (parsed === null) throw new Error('Gemini answered JSON of the wrong shape');
    return parsed;
  }
}

/** Ticket text is data, not instructions: it goes to the model fenced, after the instructions. */
export function fenced(title: string, description: string): string {
  return `<ticket>\n<title>${title}</title>\n<description>${description}</description>\n</ticket>`;
}
