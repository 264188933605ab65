import { AppError } from '../errors/app-error';
import { parseJsonBody } from './body-parsers';

describe('parseJsonBody', () => {
  it('parses JSON as JSON.parse does, with or without a byte order mark', () => {
    expect(parseJsonBody('{"title":"x","tags":["a"],"n":null}')).toEqual({ title: 'x', tags: ['a'], n: null });
    expect(parseJsonBody('\ufeff[1,2]')).toEqual([1, 2]);
  });

  it.each([
    ['at the top', '{"__proto__":{"role":"admin"}}'],
    ['nested', '{"owner":{"name":"a","__proto__":{"role":"admin"}}}'],
    ['in an array', '[{"__proto__":1}]'],
    ['with a scalar value', '{"__proto__":null}'],
  ])('refuses a __proto__ key %s, by name', (_where, text) => {
    expect(() => parseJsonBody(text)).toThrow(AppError);
    expect(() => parseJsonBody(text)).toThrow('Request body has a key named "__proto__", which is not allowed');
  });

  it('refuses constructor holding prototype, and only that', () => {
    expect(() => parseJsonBody('{"constructor":{"prototype":{"x":1}}}')).toThrow(/"constructor" holding "prototype"/);
    expect(parseJsonBody('{"constructor":"Ada","prototype":"v2"}')).toEqual({ constructor: 'Ada', prototype: 'v2' });
  });

  it('leaves malformed JSON to the caller as a SyntaxError', () => {
    expect(() => parseJsonBody('{"title":')).toThrow(SyntaxError);
  });
});
