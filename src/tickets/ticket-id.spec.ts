import { isTicketRef, newTicketId } from './ticket-id';

describe('isTicketRef: the one rule for naming a ticket', () => {
  const objectId = '6b0f549b35a8a7065f32a633';

  it.each([
    ['a lower-case ObjectId', objectId],
    ['an upper-case ObjectId', objectId.toUpperCase()],
    ['a mixed-case ObjectId', '6B0f549B35a8A7065f32a633'],
    ['a TKT id as issued', newTicketId(new Date('2025-11-24T16:15:00Z'))],
  ])('takes %s', (_case, value) => {
    expect(isTicketRef(value)).toBe(true);
  });

  it.each([
    ['a TKT id in lower case (stored as issued, matched exactly)', 'tkt-1764000900000-abc123'],
    ['23 hex digits', objectId.slice(1)],
    ['25 hex digits', `${objectId}0`],
    ['24 non-hex characters', 'g'.repeat(24)],
    ['an ObjectId with a trailing space', `${objectId} `],
    ['a TKT id with a short random part', 'TKT-1764000900000-ABC12'],
    ['an empty string', ''],
    ['a number', 42],
    ['an operator object', { $ne: null }],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s', (_case, value) => {
    expect(isTicketRef(value)).toBe(false);
  });
});
