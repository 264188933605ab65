/**
 * What a single-page app writes against the client @hey-api/openapi-ts generates from
 * /docs-json. test/openapi-client.e2e-spec.ts generates the client into .tmp/openapi-client/ and
 * compiles this file with it (this folder's tsconfig, strict): when the document loses a path
 * parameter, a body schema, an enum or an error answer, this stops compiling. It is compiled,
 * not run: the end-to-end specs exercise the same calls over HTTP. The `@ts-expect-error` lines
 * are refusals the types must make; if a type widened to `any`, they would fail as unused.
 */
import {
  authControllerLogin,
  authControllerMe,
  knowledgeControllerUpload,
  messagesControllerPost,
  misuseControllerMarkReviewedByPath,
  notificationsControllerMarkRead,
  ticketsControllerCreate,
  ticketsControllerGet,
  ticketsControllerList,
  ticketsControllerResolve,
  ticketsControllerUpdate,
  type ErrorEnvelope,
  type TicketResponseDto,
} from '../../.tmp/openapi-client/client';
import { client } from '../../.tmp/openapi-client/client/client.gen';

export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  client.setConfig({ baseUrl });
  const { data, error } = await authControllerLogin({ body: { username, password } });
  if (error) throw new Error(`${error.error.code}: ${error.error.message}`);
  client.setConfig({ baseUrl, auth: data.access_token });
  const me = await authControllerMe({ throwOnError: true });
  return me.data.role;
}

/** A requester's day: file a ticket, fix its title, say something, mark it resolved. */
export async function requesterJourney(): Promise<string> {
  const created = await ticketsControllerCreate({
    body: { title: 'VPN drops', description: 'Every morning at 9 the VPN disconnects.', urgency: 'high' },
  });
  if (created.error) {
    const envelope: ErrorEnvelope = created.error;
    // The document lists 429 for POST /tickets, so the retry figure is reachable by status.
    if (created.response?.status === 429) return `retry after ${created.response.headers.get('Retry-After')}`;
    return envelope.error.code;
  }
  const id = created.data.ticket_id;
  await ticketsControllerUpdate({ path: { id }, body: { title: 'VPN drops at 9' }, throwOnError: true });
  await messagesControllerPost({ path: { id }, body: { content: 'It happened again today.' }, throwOnError: true });
  const resolved = await ticketsControllerResolve({ path: { id }, body: { feedback: 'Fixed, thanks' } });
  return resolved.data?.status ?? 'not resolved';
}

/** An agent's queue: open IT tickets, second page, then one in full. */
export async function agentQueue(): Promise<TicketResponseDto | undefined> {
  const page = await ticketsControllerList({
    query: { status: 'open', department: 'IT', page: 2, limit: 20 },
    throwOnError: true,
  });
  const first = page.data.tickets[0];
  if (!first) return undefined;
  const full = await ticketsControllerGet({ path: { id: first.id }, throwOnError: true });
  return full.data;
}

/** An admin's chores: upload a document (multipart), mark a report reviewed, read a notification. */
export async function adminChores(file: Blob, reportId: string, notificationId: string): Promise<void> {
  await knowledgeControllerUpload({ body: { file, category: 'IT', tags: 'vpn,network' }, throwOnError: true });
  await misuseControllerMarkReviewedByPath({ path: { report_id: reportId }, throwOnError: true });
  await notificationsControllerMarkRead({ path: { id: notificationId }, throwOnError: true });
}

/** Refusals the generated types make at compile time, as the server makes them at run time. */
export async function refusedAtCompileTime(): Promise<void> {
  // @ts-expect-error urgency is one of low, medium, high
  await ticketsControllerCreate({ body: { title: 't', description: 'd', urgency: 'urgent' } });
  // @ts-expect-error a ticket needs a description
  await ticketsControllerCreate({ body: { title: 't' } });
  // @ts-expect-error GET /tickets/{id} needs its path parameter
  await ticketsControllerGet({});
  // @ts-expect-error status is not a filter value the list takes
  await ticketsControllerList({ query: { status: 'pending' } });
  // @ts-expect-error an upload names its category
  await knowledgeControllerUpload({ body: { file: new Blob(['x']) } });
}
