import { parseMediaType } from './media-type';

describe('parseMediaType', () => {
  it('lower-cases the essence and parameter names, and keeps values as sent', () => {
    const parsed = parseMediaType('Multipart/Form-Data; Boundary=AbC123; charset=utf-8');
    expect(parsed?.essence).toBe('multipart/form-data');
    expect(Object.fromEntries(parsed?.parameters ?? [])).toEqual({ boundary: 'AbC123', charset: 'utf-8' });
  });

  it('unquotes quoted values, escapes included, and keeps semicolons inside them', () => {
    const parsed = parseMediaType('multipart/form-data; boundary="a b;\\"c\\""');
    expect(parsed?.parameters.get('boundary')).toBe('a b;"c"');
  });

  it('takes a media type without parameters, and empty parameters (RFC 9110 allows them)', () => {
    expect(parseMediaType('application/json')).toEqual({ essence: 'application/json', parameters: new Map() });
    expect(parseMediaType('application/json; ;charset=utf-8;')?.parameters.get('charset')).toBe('utf-8');
  });

  it('keeps the first of repeated parameters, as busboy does', () => {
    expect(parseMediaType('multipart/form-data; boundary=one; boundary=two')?.parameters.get('boundary')).toBe('one');
  });

  it.each([
    '',
    'json',
    'application/',
    '/json',
    'application/json; charset',
    'application/json; =x',
    'a/b c',
    'a/b; x="open',
  ])('refuses %j', (header) => {
    expect(parseMediaType(header)).toBeUndefined();
  });
});
