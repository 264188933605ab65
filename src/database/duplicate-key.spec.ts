import { duplicateKeyFields, isDuplicateKeyError } from './duplicate-key';

describe('duplicate key errors', () => {
  // As the driver raises it for an insert or update that breaks a unique index.
  const duplicate = {
    code: 11000,
    keyPattern: { email: 1 },
    message: 'E11000 duplicate key error collection: db.users index: email_1 dup key: { email: "a" }',
  };

  it('recognises unique-index violations, and nothing else', () => {
    expect(isDuplicateKeyError(duplicate)).toBe(true);
    for (const error of [{ code: 1, message: 'E11000-ish' }, new Error('E11000-ish'), null, 'x', 11000])
      expect(isDuplicateKeyError(error)).toBe(false);
  });

  it('names the fields of the violated index', () => {
    expect(duplicateKeyFields(duplicate)).toEqual(['email']);
    expect(duplicateKeyFields({ code: 11000, keyPattern: { user_id: 1, seq: 1 } })).toEqual(['user_id', 'seq']);
    expect(duplicateKeyFields({ code: 11000 })).toEqual([]);
  });
});
