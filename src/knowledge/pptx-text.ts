import { DOMParser, onErrorStopParsing, type Element } from '@xmldom/xmldom';
import { unzipSync, type UnzipFileInfo } from 'fflate';

/**
 * The text of a PowerPoint (.pptx) file as Markdown, for the knowledge base: one section per
 * slide, headed by the slide's title (or "Slide N" when it has none), each paragraph of its
 * shapes and tables on a line, then its speaker notes. Headings matter here: chunking keeps each
 * slide's text with its title, so a passage stays findable by the words of the title.
 *
 * A .pptx is a zip of XML parts (Office Open XML). Only the slide, slide-relationship and notes
 * parts are unpacked (never the media), and their declared unpacked size is bounded, so a small
 * upload cannot unpack into gigabytes. Anything that is not such a zip, or has no slides, throws;
 * the upload path turns that into a 400.
 */
export function pptxToMarkdown(file: Uint8Array): string {
  const parts = unpackTextParts(file);
  const slides = [...parts.keys()]
    .map((name) => ({ name, number: Number(SLIDE_PART.exec(name)?.[1]) }))
    .filter((slide) => Number.isInteger(slide.number))
    // slide10 after slide9, not after slide1. PowerPoint numbers the parts in slide order when it saves.
    .sort((a, b) => a.number - b.number);
  if (slides.length === 0) throw new Error('The file has no slides: it is not a PowerPoint presentation');

  const sections: string[] = [];
  for (const { name, number } of slides) {
    const slide = readSlide(parseXml(parts.get(name)!, name));
    const notesPart = notesPartOf(name, parts);
    const notes = notesPart ? readNotes(parseXml(parts.get(notesPart)!, notesPart)) : [];
    const lines = [...slide.lines, ...notes];
    if (slide.title === '' && lines.length === 0) continue; // A picture-only slide has nothing to answer from.
    sections.push([`# ${slide.title || `Slide ${number}`}`, ...lines].join('\n'));
  }
  return sections.join('\n\n');
}

/** What a presentation may unpack to, in XML text; a 300-slide deck with notes is a few MiB. */
export const MAX_UNPACKED_TEXT_BYTES = 32 * 1024 * 1024;

const SLIDE_PART = /^ppt\/slides\/slide(\d+)\.xml$/;
const TEXT_PARTS = [SLIDE_PART, /^ppt\/slides\/_rels\/slide\d+\.xml\.rels$/, /^ppt\/notesSlides\/notesSlide\d+\.xml$/];

/** The namespaces of Office Open XML: elements are matched by namespace, whatever prefix a writer chose. */
const DRAWING_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const PRESENTATION_NS = 'http://schemas.openxmlformats.org/presentationml/2006/main';
const RELATIONSHIPS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const NOTES_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide';

/**
 * Placeholders whose text PowerPoint fills in itself (slide number, date, footer) repeat on every
 * slide and say nothing about it; the slide image on a notes page has no text at all.
 */
const GENERATED_PLACEHOLDERS = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);
const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);

function unpackTextParts(file: Uint8Array): Map<string, string> {
  let unpackedBytes = 0;
  const wanted = (entry: UnzipFileInfo): boolean => {
    if (!TEXT_PARTS.some((pattern) => pattern.test(entry.name))) return false;
    unpackedBytes += entry.originalSize;
    // fflate unpacks each entry into a buffer of its declared size, so the declared sizes bound the memory.
    if (unpackedBytes > MAX_UNPACKED_TEXT_BYTES) throw new Error('The presentation unpacks to too much text');
    return true;
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Map(
    Object.entries(unzipSync(file, { filter: wanted })).map(([name, bytes]) => [name, decoder.decode(bytes)]),
  );
}

function parseXml(xml: string, partName: string): Element {
  // onErrorStopParsing: a malformed part throws instead of yielding half a document (and xmldom
  // would otherwise report every problem on the console).
  const root = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml').documentElement;
  if (!root) throw new Error(`${partName} is not XML`);
  return root;
}

/** The title placeholder's text, and every other paragraph of the slide in document order. */
function readSlide(slide: Element): { title: string; lines: string[] } {
  const titleParts: string[] = [];
  const lines: string[] = [];
  for (const paragraph of descendants(slide, DRAWING_NS, 'p')) {
    const placeholder = placeholderTypeOf(paragraph);
    if (placeholder !== null && GENERATED_PLACEHOLDERS.has(placeholder)) continue;
    const text = paragraphText(paragraph);
    if (text === '') continue;
    if (placeholder !== null && TITLE_PLACEHOLDERS.has(placeholder)) titleParts.push(text);
    else lines.push(...text.split('\n'));
  }
  // A heading is one line: a title typed on two lines (a line break, or two paragraphs) is joined.
  return { title: titleParts.join(' ').replace(/\s+/g, ' ').trim(), lines };
}

/** The speaker notes: the notes page's body placeholder, without the slide image and page number. */
function readNotes(notesPage: Element): string[] {
  return descendants(notesPage, DRAWING_NS, 'p')
    .filter((paragraph) => placeholderTypeOf(paragraph) === 'body')
    .flatMap((paragraph) => paragraphText(paragraph).split('\n'))
    .filter((line) => line !== '');
}

/** The notes page a slide links to in its relationships part, if any and if it is in the file. */
function notesPartOf(slidePart: string, parts: Map<string, string>): string | null {
  const relationshipsPart = slidePart.replace(/^ppt\/slides\//, 'ppt/slides/_rels/') + '.rels';
  const relationships = parts.get(relationshipsPart);
  if (relationships === undefined) return null;
  for (const relationship of descendants(
    parseXml(relationships, relationshipsPart),
    RELATIONSHIPS_NS,
    'Relationship',
  )) {
    if (relationship.getAttribute('Type') !== NOTES_RELATIONSHIP) continue;
    // Targets are relative to the slides folder, e.g. "../notesSlides/notesSlide3.xml".
    const target = new URL(relationship.getAttribute('Target') ?? '', 'file:///ppt/slides/').pathname.slice(1);
    return parts.has(target) ? target : null;
  }
  return null;
}

/** A paragraph's runs and fields, with its line breaks; tabs and runs of spaces become one space. */
function paragraphText(paragraph: Element): string {
  let text = '';
  const walk = (node: Element): void => {
    for (const child of childElements(node, DRAWING_NS)) {
      if (child.localName === 't') text += child.textContent ?? '';
      else if (child.localName === 'br') text += '\n';
      else walk(child);
    }
  };
  walk(paragraph);
  return text
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * The placeholder type of the shape a paragraph is in: `title`, `body`, `sldNum`…; `body` for a
 * placeholder without a type (the default in PresentationML), null outside placeholders (a text
 * box, a table cell).
 */
function placeholderTypeOf(paragraph: Element): string | null {
  for (let node = paragraph.parentNode; node; node = node.parentNode) {
    if (!isElement(node) || node.namespaceURI !== PRESENTATION_NS || node.localName !== 'sp') continue;
    const placeholder = descendants(node, PRESENTATION_NS, 'ph')[0];
    return placeholder ? placeholder.getAttribute('type') || 'body' : null;
  }
  return null;
}

/** Every element of that namespace and local name below `root`, in document order. */
function descendants(root: Element, namespace: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(namespace, localName));
}

/** The child elements of `parent` in that namespace, in document order. */
function childElements(parent: Element, namespace: string): Element[] {
  const children: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (isElement(node) && node.namespaceURI === namespace) children.push(node);
  }
  return children;
}

function isElement(node: { nodeType: number }): node is Element {
  return node.nodeType === 1;
}
