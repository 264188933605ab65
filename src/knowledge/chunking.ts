/**
 * Splits a document into retrieval chunks that keep each heading with its text: a passage about
 * "Carry-over" is findable by the words of its heading even when its text never repeats them.
 * Long sections are cut at paragraph, then sentence, boundaries into chunks of at most
 * `maxChars`, each repeating its heading.
 */
export interface Chunk {
  index: number;
  heading: string;
  text: string;
}

export const MAX_CHUNK_CHARS = 800;

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

function sections(content: string, title: string): Array<{ heading: string; body: string }> {
  const result: Array<{ heading: string; body: string[] }> = [{ heading: title, body: [] }];
  const path: string[] = [];
  for (const line of content.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      path.splice(level - 1);
      path[level - 1] = heading[2]!.trim();
      result.push({ heading: path.filter(Boolean).join(' › '), body: [] });
    } else {
      result.at(-1)!.body.push(line);
    }
  }
  return result
    .map(({ heading, body }) => ({ heading, body: body.join('\n').trim() }))
    .filter((section) => section.body.length > 0);
}

function splitLong(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces = text
    .split(/\n\s*\n/)
    .flatMap((paragraph) =>
      paragraph.length <= maxChars ? [paragraph] : (paragraph.match(/[^.!?]+[.!?]*\s*/g) ?? [paragraph]),
    );
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const candidate = current ? `${current}\n\n${piece.trim()}` : piece.trim();
    if (candidate.length > maxChars && current) {
      chunks.push(current);
      current = piece.trim();
    } else {
      current = candidate;
    }
    while (current.length > maxChars) {
      chunks.push(current.slice(0, maxChars));
      current = current.slice(maxChars);
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

export function chunkDocument(title: string, content: string, maxChars = MAX_CHUNK_CHARS): Chunk[] {
  const chunks: Chunk[] = [];
  for (const { heading, body } of sections(content, title)) {
    for (const text of splitLong(body, maxChars)) chunks.push({ index: chunks.length, heading, text });
  }
  return chunks;
}
