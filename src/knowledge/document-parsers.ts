import { extname } from 'node:path';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { AppError } from '../common/errors/app-error';
import { pptxToMarkdown } from './pptx-text';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.pdf', '.docx', '.pptx'] as const;

export interface ParsedUpload {
  title: string;
  content: string;
}

function titleFrom(filename: string): string {
  const base = filename
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim();
  return (base || 'Untitled document').slice(0, 200);
}

/** Word headings become Markdown headings, so chunking keeps them with their text. */
function htmlToMarkdown(html: string): string {
  return html
    .replace(
      /<h([1-6])[^>]*>(.*?)<\/h\1>/gi,
      (_m, level: string, text: string) => `\n${'#'.repeat(Number(level))} ${text}\n`,
    )
    .replace(/<\/(p|li|tr)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeText(buffer: Buffer, filename: string): string {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  if (text.includes('\u0000')) throw new Error(`${filename} is not a text file`);
  return text;
}

/**
 * Text from an uploaded .txt, .md, .pdf, .docx or .pptx, by well-kept parsers (unpdf, mammoth;
 * fflate and xmldom under pptx-text). Anything else, or a file its parser cannot read, is refused
 * with the reason; nothing is stored.
 */
export async function parseUpload(filename: string, buffer: Buffer): Promise<ParsedUpload> {
  const extension = extname(filename).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw AppError.validation(
      `Unsupported file type "${extension || 'none'}"; upload ${SUPPORTED_EXTENSIONS.join(', ')}`,
    );
  }
  let content: string;
  try {
    if (extension === '.pdf') {
      // verbosity 0: pdf.js would print its recovery warnings for damaged files to the console.
      const pdf = await getDocumentProxy(new Uint8Array(buffer), { verbosity: 0 });
      content = (await extractText(pdf, { mergePages: true })).text;
    } else if (extension === '.docx') {
      content = htmlToMarkdown((await mammoth.convertToHtml({ buffer })).value);
    } else if (extension === '.pptx') {
      content = pptxToMarkdown(buffer);
    } else {
      content = decodeText(buffer, filename);
    }
  } catch {
    throw AppError.validation(
      `The ${extension} file could not be read; it may be corrupt or not really a ${extension} file`,
    );
  }
  if (content.trim().length === 0) throw AppError.validation('The file contains no text');
  return { title: titleFrom(filename), content };
}
