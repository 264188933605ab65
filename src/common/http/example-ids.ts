/**
 * The people and records the OpenAPI examples talk about, so that examples agree with one
 * another: alice (a requester) raises TKT-1764000000000-A1B2C3 at 16:00 UTC on 2025-11-24 (the
 * moment its id encodes), it is routed to IT and assigned to it.agent, and so on. Only constants
 * here; each feature's DTOs build their examples from them.
 */
export const EXAMPLE_IDS = {
  alice: '6650f1c2a4b5c6d7e8f90123',
  bob: '6650f1c2a4b5c6d7e8f90124',
  /** An account an admin creates in the examples of POST /users. */
  carol: '69242ca0a4b5c6d7e8f90127',
  itAgent: '6650f1c2a4b5c6d7e8f90125',
  admin: '6650f1c2a4b5c6d7e8f90126',
  /** The ticket's ObjectId (what messages and socket payloads name) and its ticket_id. */
  ticket: '69248100a4b5c6d7e8f90201',
  ticketId: 'TKT-1764000000000-A1B2C3',
  message: '69248808a4b5c6d7e8f90301',
  document: 'KB-1763978400000-A29A9P',
  notification: 'NOT-1764001800000-2JDMEI',
  misuseReport: '69250da0a4b5c6d7e8f90401',
  webhook: '69242ca0a4b5c6d7e8f90501',
} as const;

/** The instants of that story, in order. */
export const EXAMPLE_TIMES = {
  accountsCreated: '2025-11-03T09:00:00.000Z',
  documentAdded: '2025-11-24T10:00:00.000Z',
  carolCreated: '2025-11-24T10:00:00.000Z',
  webhookAdded: '2025-11-24T10:00:00.000Z',
  aliceSignedIn: '2025-11-24T15:58:00.000Z',
  ticketCreated: '2025-11-24T16:00:00.000Z',
  aliceReplied: '2025-11-24T16:30:00.000Z',
  ticketResolved: '2025-11-24T17:30:00.000Z',
  misuseRun: '2025-11-25T02:00:00.000Z',
  ticketClosed: '2025-11-25T09:00:00.000Z',
} as const;

/** A DTO as JSON carries it (dates become ISO strings): examples are checked against it with `satisfies`. */
export type AsJson<T> = T extends Date
  ? string
  : T extends Array<infer Item>
    ? Array<AsJson<Item>>
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;
