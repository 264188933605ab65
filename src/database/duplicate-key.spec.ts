import { duplicateKeyFields, isDuplicateKeyError } from './duplicate-key';

describe('duplicate key errors', () => {
  const mongo = {
    code: 11000,
    keyPattern: { email: 1 },
    message: 'E11000 duplicate key error collection: db.users index: email_1',
  };
  const ferretInsert = { code: 11000, message: 'E11000 duplicate key error collection: db.users' };
  const ferretUpdate = {
    code: 1,
    message: "[collection.go:191] constraint failed: UNIQUE constraint failed: index 'users_f00c3c10_email_1' (2067)",
  };

  it('recognises MongoDB and FerretDB reports, and nothing else', () => {
    for (const error of [mongo, ferretInsert, ferretUpdate]) expect(isDuplicateKeyError(error)).toBe(true);
    for (const error of [{ code: 1, message: 'other' }, new Error('E11000-ish'), null, 'x'])
      expect(isDuplicateKeyError(error)).toBe(false);
  });

  it('names the fields when the server does', () => {
    expect(duplicateKeyFields(mongo)).toEqual(['email']);
    expect(duplicateKeyFields(ferretUpdate)).toEqual(['email']);
    expect(duplicateKeyFields(ferretInsert)).toBeNull();
  });
});
