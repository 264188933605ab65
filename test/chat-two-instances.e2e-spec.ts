import { signedIn } from './support/accounts';
import { redisServerBinary, startRedis } from './support/redis-server';
import { ack, connectSocket, disconnected, nextEvent, type ClientSocket } from './support/sockets';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

// CI installs redis-server, so there this spec always runs; elsewhere it needs the Debian package.
const describeWithRedis = redisServerBinary() || process.env['CI'] ? describe : describe.skip;

describeWithRedis('two API instances sharing rooms through Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let a: TestApp;
  let b: TestApp;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const database = uniqueDatabaseName(__filename);
    a = await startTestApp(database, { env: { REDIS_URL: redis.url } });
    b = await startTestApp(database, { env: { REDIS_URL: redis.url } });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await b.close({ dropDatabase: false });
    await a.close();
    await redis.stop();
  });

  it('delivers a message posted to instance A to a client connected to instance B', async () => {
    const [owner, agent] = await Promise.all([signedIn(a, 'user'), signedIn(a, 'it_agent')]);
    const ticket = (
      await a.http.post('/tickets').set(owner.auth).send({ title: 'VPN down', description: 'VPN fails' }).expect(201)
    ).body as { id: string };

    const onB = await connectSocket(b.url, owner.accessToken);
    const agentOnA = await connectSocket(a.url, agent.accessToken);
    sockets.push(onB, agentOnA);
    await ack(onB, 'join_ticket', { ticket_id: ticket.id });
    await ack(agentOnA, 'join_ticket', { ticket_id: ticket.id });

    const viaRest = nextEvent<{ message: { content: string } }>(onB, 'new_message_in_ticket');
    await a.http.post(`/tickets/${ticket.id}/messages`).set(agent.auth).send({ content: 'Posted on A' }).expect(201);
    expect((await viaRest).message.content).toBe('Posted on A');

    const viaSocket = nextEvent<{ message: { content: string } }>(onB, 'new_message_in_ticket');
    await ack(agentOnA, 'send_message', { ticket_id: ticket.id, content: 'Sent through a socket on A' });
    expect((await viaSocket).message.content).toBe('Sent through a socket on A');
  });

  it('closes sockets on instance B when the session ends on instance A', async () => {
    const user = await signedIn(a, 'user');
    const onB = await connectSocket(b.url, user.accessToken);
    sockets.push(onB);
    const closing = disconnected(onB);
    await a.http.post('/auth/logout').set(user.auth).expect(200);
    expect(await closing).toBe('io server disconnect');
  });
});
