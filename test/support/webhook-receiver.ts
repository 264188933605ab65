import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** Exactly the bytes sent: what a receiver verifies the signature over. */
  raw: string;
  body: {
    delivery_id: string;
    event_id: string;
    event: string;
    occurred_at: string;
    data: {
      ticket?: { id: string; ticket_id: string; status: string };
      message?: { id: string; ticket_id: string; content: string };
      [field: string]: unknown;
    };
  };
}

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers what `respond` says
 * (a status code, or 'hang' to never answer), so specs can make a target fail, time out or recover.
 */
export class WebhookReceiver {
  respond: (received: ReceivedWebhook) => number | 'hang' = () => 200;
  readonly received: ReceivedWebhook[] = [];
  private server!: Server;
  private readonly hanging: IncomingMessage[] = [];

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const received = { headers: req.headers, raw, body: JSON.parse(raw) as ReceivedWebhook['body'] };
        this.received.push(received);
        const answer = this.respond(received);
        if (answer === 'hang') {
          this.hanging.push(req);
          return;
        }
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  }

  forEvent(event: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.body.event === event);
  }

  async stop(): Promise<void> {
    for (const req of this.hanging.splice(0)) req.socket.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
