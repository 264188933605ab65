import {
  accessTokenFromAuthorizationHeader,
  accessTokenFromHandshake,
  type HandshakeCredentials,
} from './access-token-sources';

const handshake = (parts: Partial<HandshakeCredentials>): HandshakeCredentials => ({
  auth: {},
  query: {},
  headers: {},
  ...parts,
});

describe('where an access token is taken from', () => {
  describe('the Authorization header (HTTP and sockets alike)', () => {
    it.each([
      ['Bearer abc.def.ghi', 'abc.def.ghi'],
      ['bearer abc.def.ghi', 'abc.def.ghi'],
      ['BEARER abc.def.ghi', 'abc.def.ghi'],
      ['Bearer   abc.def.ghi', 'abc.def.ghi'],
      ['Bearer\tabc.def.ghi', 'abc.def.ghi'],
      ['  Bearer abc.def.ghi', 'abc.def.ghi'],
      ['Bearer abc.def.ghi trailing', 'abc.def.ghi'],
    ])('reads %j as the token %j', (authorization, token) => {
      expect(accessTokenFromAuthorizationHeader({ headers: { authorization } })).toBe(token);
    });

    it.each([[undefined], [''], ['Bearer'], ['Bearer '], ['Basic abc'], ['abc.def.ghi'], ['JWT abc.def.ghi']])(
      'finds no token in %j',
      (authorization) => {
        expect(accessTokenFromAuthorizationHeader({ headers: { authorization } })).toBeUndefined();
      },
    );

    it('means the same in a handshake that has nothing else', () => {
      for (const authorization of ['Bearer a.b.c', 'bearer a.b.c', 'Bearer  a.b.c x', 'Basic a', 'Bearer']) {
        expect(accessTokenFromHandshake(handshake({ headers: { authorization } }))).toBe(
          accessTokenFromAuthorizationHeader({ headers: { authorization } }),
        );
      }
    });
  });

  describe('the Socket.IO handshake', () => {
    it('takes auth.token, with or without a Bearer prefix', () => {
      expect(accessTokenFromHandshake(handshake({ auth: { token: 'a.b.c' } }))).toBe('a.b.c');
      expect(accessTokenFromHandshake(handshake({ auth: { token: 'Bearer a.b.c' } }))).toBe('a.b.c');
      expect(accessTokenFromHandshake(handshake({ auth: { token: 'bearer  a.b.c' } }))).toBe('a.b.c');
    });

    it('takes the token query parameter when auth has none, once given', () => {
      expect(accessTokenFromHandshake(handshake({ query: { token: 'a.b.c' } }))).toBe('a.b.c');
      expect(accessTokenFromHandshake(handshake({ query: { token: ['a.b.c', 'd.e.f'] } }))).toBeUndefined();
    });

    it('lets the first place the client used decide: auth, then query, then the header', () => {
      const everywhere = {
        query: { token: 'from.query.x' },
        headers: { authorization: 'Bearer from.header.x' },
      };
      expect(accessTokenFromHandshake(handshake({ auth: { token: 'from.auth.x' }, ...everywhere }))).toBe(
        'from.auth.x',
      );
      expect(accessTokenFromHandshake(handshake(everywhere))).toBe('from.query.x');
      // An empty value is still the client's choice, not a reason to look elsewhere.
      expect(accessTokenFromHandshake(handshake({ auth: { token: '' }, ...everywhere }))).toBeUndefined();
      expect(accessTokenFromHandshake(handshake({ auth: { token: 'Bearer ' }, ...everywhere }))).toBeUndefined();
      expect(accessTokenFromHandshake(handshake({ ...everywhere, query: { token: '' } }))).toBeUndefined();
    });

    it('ignores an auth.token that is not a string', () => {
      expect(accessTokenFromHandshake(handshake({ auth: { token: 42 }, query: { token: 'a.b.c' } }))).toBe('a.b.c');
    });

    it('finds nothing in an empty handshake', () => {
      expect(accessTokenFromHandshake(handshake({}))).toBeUndefined();
    });
  });
});
