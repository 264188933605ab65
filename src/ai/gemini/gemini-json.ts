import type { GoogleGenAI } from '@google/genai';
import { z } from 'zod';
import type { AppConfig } from '../../config/app-config';
import { withDeadline } from '../deadline';
import { createGeminiClient } from './gemini-client';

/**
 * One answer Gemini is asked for, described once: the zod schema parses (and tidies) the decoded
 * reply, and the JSON Schema sent as `responseJsonSchema` is derived from it.
 */
export interface GeminiAnswerShape<Answer> {
  readonly schema: z.ZodType<Answer>;
  readonly jsonSchema: Record<string, unknown>;
}

/**
 * The JSON Schema describes the schema's input side (what the model writes), so that transforms
 * tidying the parsed value do not reach the model. An entry that parsing tolerates (`.catch`) is
 * leniency on our side, not a default the model should be told about.
 */
export function geminiAnswerShape<Answer>(schema: z.ZodType<Answer>): GeminiAnswerShape<Answer> {
  const jsonSchema = z.toJSONSchema(schema, {
    io: 'input',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'catch') delete ctx.jsonSchema.default;
    },
  });
  return { schema, jsonSchema };
}

/**
 * Structured output from Gemini: the model must answer JSON matching the shape's JSON Schema, and
 * the answer is parsed with the same zod schema here, so a malformed reply is an error (and the
 * caller falls back), never data.
 */
export class GeminiJson {
  private readonly client: GoogleGenAI;

  constructor(private readonly config: AppConfig) {
    this.client = createGeminiClient(config);
  }

  generate<Answer>(system: string, input: string, shape: GeminiAnswerShape<Answer>): Promise<Answer> {
    return withDeadline(this.call(system, input, shape), this.config.ai.timeoutMs, 'Gemini');
  }

  private async call<Answer>(system: string, input: string, shape: GeminiAnswerShape<Answer>): Promise<Answer> {
    const response = await this.client.models.generateContent({
      model: this.config.ai.gemini.model,
      contents: input,
      config: {
        systemInstruction: system,
        responseMimeType: 'application/json',
        // JSON Schema proper (not the OpenAPI subset `responseSchema` takes), as zod derives it.
        responseJsonSchema: shape.jsonSchema,
        temperature: 0,
      },
    });
    const decoded: unknown = JSON.parse(response.text ?? '');
    const parsed = shape.schema.safeParse(decoded);
    if (!parsed.success)
      throw new Error(
        `Gemini answered JSON of the wrong shape: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`,
      );
    return parsed.data;
  }
}

/** Ticket text is data, not instructions: it goes to the model fenced, after the instructions. */
export function fenced(title: string, description: string): string {
  return `<ticket>\n<title>${title}</title>\n<description>${description}</description>\n</ticket>`;
}
