import { createServer, type IncomingMessage, type Server } from 'node:http';

export type StandInReply = { status: number; json?: unknown; text?: string } | 'hang';

/**
 * A local HTTP server speaking the Gemini REST shape (POST /v1/models/{model}:generateContent),
 * so the real @google/genai SDK can be exercised without a network. Each request's reply comes
 * from `reply`, which the spec swaps per test; requests are kept for inspection.
 */
export class GeminiStandIn {
  reply: (prompt: string) => StandInReply = () => ({ status: 500 });
  /** Embeddings (POST …:batchEmbedContents): a vector per text, or every request failing or hanging. */
  embedding: ((text: string) => number[]) | 'fail' | 'hang' = 'fail';
  readonly requests: Array<{ url: string; body: unknown }> = [];
  private server!: Server;
  private readonly hanging: IncomingMessage[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as {
          contents?: Array<{ parts?: Array<{ text?: string }> }>;
          systemInstruction?: unknown;
          requests?: Array<{ content?: { parts?: Array<{ text?: string }> } }>;
        };
        this.requests.push({ url: req.url ?? '', body });
        const prompt = JSON.stringify(body);
        const reply = req.url?.includes(':batchEmbedContents') ? this.embeddings(body) : this.reply(prompt);
        if (reply === 'hang') {
          this.hanging.push(req);
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(
          reply.text ?? JSON.stringify(reply.json ?? { error: { code: reply.status, message: 'stand-in error' } }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  private embeddings(body: { requests?: Array<{ content?: { parts?: Array<{ text?: string }> } }> }): StandInReply {
    const embed = this.embedding;
    if (embed === 'hang') return 'hang';
    if (embed === 'fail') return { status: 500 };
    const texts = (body.requests ?? []).map((request) => request.content?.parts?.[0]?.text ?? '');
    return { status: 200, json: { embeddings: texts.map((text) => ({ values: embed(text) })) } };
  }

  async stop(): Promise<void> {
    for (const req of this.hanging.splice(0)) req.socket.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A Gemini generateContent response whose text is `value` as JSON. */
export function geminiJson(value: unknown): StandInReply {
  return {
    status: 200,
    json: {
      candidates: [{ content: { role: 'model', parts: [{ text: JSON.stringify(value) }] }, finishReason: 'STOP' }],
    },
  };
}
