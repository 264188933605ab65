import type { GoogleGenAI } from '@google/genai';
import type { AppConfig } from '../../config/app-config';
import { withDeadline } from '../deadline';
import { createGeminiClient } from './gemini-client';

/**
 * Structured output from Gemini: the model must answer JSON matching the schema, and the answer is
 * validated again here, so a malformed reply is an error (and the caller falls back), never data.
 */
export class GeminiJson {
  private readonly client: GoogleGenAI;

  constructor(private readonly config: AppConfig) {
    this.client = createGeminiClient(config);
  }

  generate<T>(system: string, input: string, schema: object, parse: (value: unknown) => T | null): Promise<T> {
    return withDeadline(this.call(system, input, schema, parse), this.config.ai.timeoutMs, 'Gemini');
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
