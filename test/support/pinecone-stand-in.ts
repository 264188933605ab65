import { createServer, type IncomingMessage, type Server } from 'node:http';

type StoredVector = { id: string; values: number[]; metadata: Record<string, unknown> };

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * (b[i] ?? 0);
    na += a[i]! * a[i]!;
    nb += (b[i] ?? 0) * (b[i] ?? 0);
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function matchesFilter(metadata: Record<string, unknown>, filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return true;
  return Object.entries(filter as Record<string, { $in?: unknown[] }>).every(([field, condition]) =>
    condition.$in ? condition.$in.includes(metadata[field]) : metadata[field] === condition,
  );
}

/**
 * A local HTTP server speaking the Pinecone data-plane REST shape (upsert, query by vector with
 * a metadata filter, delete by ids), holding vectors in memory with cosine similarity, so the real
 * @pinecone-database/pinecone SDK can be exercised without a network. `mode` makes every request
 * fail with 500 or hang; requests are kept for inspection.
 */
export class PineconeStandIn {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  readonly vectors = new Map<string, StoredVector>();
  readonly requests: Array<{ path: string; body: Record<string, unknown> }> = [];
  private server!: Server;
  private readonly hanging: IncomingMessage[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0]!;
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        this.requests.push({ path, body });
        if (this.mode === 'hang') {
          this.hanging.push(req);
          return;
        }
        const [status, reply] = this.mode === 'fail' ? [500, { error: 'stand-in failure' }] : this.handle(path, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  private handle(path: string, body: Record<string, unknown>): [number, unknown] {
    if (path === '/vectors/upsert') {
      const vectors = body['vectors'] as StoredVector[];
      for (const vector of vectors) this.vectors.set(vector.id, vector);
      return [200, { upsertedCount: vectors.length }];
    }
    if (path === '/vectors/delete') {
      for (const id of (body['ids'] as string[] | undefined) ?? []) this.vectors.delete(id);
      return [200, {}];
    }
    if (path === '/query') {
      const query = body['vector'] as number[];
      const matches = [...this.vectors.values()]
        .filter((vector) => matchesFilter(vector.metadata, body['filter']))
        .map((vector) => ({ id: vector.id, score: cosine(query, vector.values), metadata: vector.metadata }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body['topK'] as number);
      return [200, { matches, namespace: '' }];
    }
    return [404, { error: `no route ${path}` }];
  }

  async stop(): Promise<void> {
    for (const req of this.hanging.splice(0)) req.socket.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
