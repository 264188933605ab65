/** A Content-Type header value taken apart (RFC 9110 §8.3.1): `type/subtype; name=value`. */
export interface MediaType {
  /** `type/subtype`, lower-case. */
  essence: string;
  /** Parameter names lower-case; values as sent, quoted strings unquoted. */
  parameters: ReadonlyMap<string, string>;
}

/** RFC 9110 `token`: the characters a media type, subtype or parameter name may hold. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const ESSENCE = new RegExp(`^(${TOKEN})/(${TOKEN})$`);
/**
 * One `; name=value` parameter, the value a token or a quoted string with backslash escapes. The
 * parameter itself may be left out (`text/plain;`), as RFC 9110 allows.
 */
const PARAMETER = new RegExp(`^\\s*;\\s*(?:(${TOKEN})=(?:(${TOKEN})|"((?:[^"\\\\]|\\\\.)*)"))?\\s*`);

/**
 * Parses a Content-Type header; undefined when it is not a valid media type. Written out rather
 * than taken from Node's `util.MIMEType`, which is still experimental.
 */
export function parseMediaType(header: string): MediaType | undefined {
  const separator = header.indexOf(';');
  const essence = (separator === -1 ? header : header.slice(0, separator)).trim().toLowerCase();
  if (!ESSENCE.test(essence)) return undefined;
  const parameters = new Map<string, string>();
  let rest = separator === -1 ? '' : header.slice(separator);
  while (rest.trim() !== '') {
    const match = PARAMETER.exec(rest);
    if (!match) return undefined;
    rest = rest.slice(match[0].length);
    if (match[1] === undefined) continue;
    const name = match[1].toLowerCase();
    const value = match[2] ?? (match[3] ?? '').replace(/\\(.)/g, '$1');
    // The first occurrence wins, as in busboy (which reads the multipart boundary after us).
    if (!parameters.has(name)) parameters.set(name, value);
  }
  return { essence, parameters };
}
