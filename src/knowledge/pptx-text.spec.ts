import { strToU8, zipSync, type Zippable } from 'fflate';
import { MAX_UNPACKED_TEXT_BYTES, pptxToMarkdown } from './pptx-text';

const NAMESPACES =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';

/** A shape: a placeholder of that type (`''` for a typeless one, as PowerPoint writes body placeholders), or a text box. */
function shape(placeholder: string | null, paragraphs: string[]): string {
  const ph = placeholder === null ? '' : placeholder === '' ? '<p:ph idx="1"/>' : `<p:ph type="${placeholder}"/>`;
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Shape"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr/>` +
    `<p:txBody><a:bodyPr/><a:lstStyle/>${paragraphs.join('')}</p:txBody></p:sp>`
  );
}

/** A paragraph of runs (text already XML-escaped where it needs to be). */
const p = (...runs: string[]) =>
  `<a:p>${runs.map((run) => `<a:r><a:rPr lang="en-US"/><a:t>${run}</a:t></a:r>`).join('')}</a:p>`;

const slideXml = (...shapes: string[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld ${NAMESPACES}><p:cSld><p:spTree>` +
  `<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes.join('')}` +
  `</p:spTree></p:cSld></p:sld>`;

const notesXml = (...paragraphs: string[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:notes ${NAMESPACES}><p:cSld><p:spTree>` +
  shape('sldImg', []) +
  shape('body', paragraphs) +
  shape('sldNum', [`<a:p><a:fld id="{1}" type="slidenum"><a:t>7</a:t></a:fld></a:p>`]) +
  `</p:spTree></p:cSld></p:notes>`;

const notesRelationship = (target: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout" Target="../slideLayouts/slideLayout1.xml"/>` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="${target}"/>` +
  `</Relationships>`;

const pptx = (parts: Record<string, string>): Uint8Array =>
  zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    ...Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])),
  } satisfies Zippable);

describe('pptxToMarkdown', () => {
  it('gives one section per slide, in slide-number order, headed by the title, a paragraph per line', () => {
    const file = pptx({
      'ppt/slides/slide10.xml': slideXml(
        shape('title', [p('Printing')]),
        shape('', [p('Printers are on every floor.')]),
      ),
      'ppt/slides/slide2.xml': slideXml(
        shape('ctrTitle', [p('VPN ', 'setup')]),
        shape('', [p('Install the client.'), p('Sign in with ', 'MFA', '.')]),
      ),
      'ppt/slides/slide1.xml': slideXml(shape('title', [p('Welcome')]), shape('subTitle', [p('IT onboarding')])),
    });
    expect(pptxToMarkdown(file)).toBe(
      [
        '# Welcome\nIT onboarding',
        '# VPN setup\nInstall the client.\nSign in with MFA.',
        '# Printing\nPrinters are on every floor.',
      ].join('\n\n'),
    );
  });

  it('adds the speaker notes the slide links to, without the notes page number', () => {
    const file = pptx({
      'ppt/slides/slide1.xml': slideXml(shape('title', [p('Leave')]), shape('', [p('25 days a year.')])),
      'ppt/slides/_rels/slide1.xml.rels': notesRelationship('../notesSlides/notesSlide4.xml'),
      // Notes parts are numbered on their own: slide 1's notes can be notesSlide4.
      'ppt/notesSlides/notesSlide4.xml': notesXml(p('Up to 5 days carry over to March.')),
      'ppt/notesSlides/notesSlide1.xml': notesXml(p('Notes of another slide.')),
    });
    expect(pptxToMarkdown(file)).toBe('# Leave\n25 days a year.\nUp to 5 days carry over to March.');
  });

  it('decodes entities, keeps line breaks, reads tables and text boxes, and leaves out generated footers', () => {
    const table =
      '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="Table"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>' +
      '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tr h="1">' +
      `<a:tc><a:txBody><a:bodyPr/>${p('Floor 2')}</a:txBody></a:tc><a:tc><a:txBody><a:bodyPr/>${p('Room 2.14')}</a:txBody></a:tc>` +
      '</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>';
    const file = pptx({
      'ppt/slides/slide1.xml': slideXml(
        shape('title', [p('R&amp;D &lt;lab&gt;')]),
        shape('', ['<a:p><a:r><a:t>Badge   required</a:t></a:r><a:br/><a:r><a:t>after 18:00</a:t></a:r></a:p>']),
        shape(null, [p('Ask reception &#8212; ext. 100')]),
        table,
        shape('sldNum', [`<a:p><a:fld id="{2}" type="slidenum"><a:t>1</a:t></a:fld></a:p>`]),
        shape('ftr', [p('Company confidential')]),
      ),
    });
    expect(pptxToMarkdown(file)).toBe(
      '# R&D <lab>\nBadge required\nafter 18:00\nAsk reception \u2014 ext. 100\nFloor 2\nRoom 2.14',
    );
  });

  it('matches elements by namespace, not by the prefix a writer chose', () => {
    const slide =
      '<?xml version="1.0"?><pml:sld xmlns:pml="http://schemas.openxmlformats.org/presentationml/2006/main" ' +
      'xmlns:d="http://schemas.openxmlformats.org/drawingml/2006/main"><pml:cSld><pml:spTree>' +
      '<pml:sp><pml:nvSpPr><pml:nvPr><pml:ph type="title"/></pml:nvPr></pml:nvSpPr><pml:txBody><d:p><d:r><d:t>Payroll</d:t></d:r></d:p></pml:txBody></pml:sp>' +
      '<pml:sp><pml:nvSpPr><pml:nvPr><pml:ph idx="1"/></pml:nvPr></pml:nvSpPr><pml:txBody><d:p><d:r><d:t>Paid on the 25th.</d:t></d:r></d:p></pml:txBody></pml:sp>' +
      '</pml:spTree></pml:cSld></pml:sld>';
    expect(pptxToMarkdown(pptx({ 'ppt/slides/slide1.xml': slide }))).toBe('# Payroll\nPaid on the 25th.');
  });

  it('heads an untitled slide with its number and skips slides without text', () => {
    const file = pptx({
      'ppt/slides/slide1.xml': slideXml(shape('pic', [])),
      'ppt/slides/slide2.xml': slideXml(shape('', [p('Coffee machines are cleaned on Fridays.')])),
    });
    expect(pptxToMarkdown(file)).toBe('# Slide 2\nCoffee machines are cleaned on Fridays.');
  });

  it('answers an empty string for slides that hold no text at all (the upload says "no text")', () => {
    expect(pptxToMarkdown(pptx({ 'ppt/slides/slide1.xml': slideXml(shape('pic', [])) }))).toBe('');
  });

  it.each([
    ['is not a zip archive', Buffer.from('not a zip archive')],
    ['is a zip without slides (a Word file renamed)', pptx({ 'word/document.xml': '<w:document/>' })],
    ['has a slide that is not well-formed XML', pptx({ 'ppt/slides/slide1.xml': '<p:sld><a:p>' })],
    ['has a slide that is not UTF-8', zipSync({ 'ppt/slides/slide1.xml': new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]) })],
  ])('throws when the file %s', (_case, file) => {
    expect(() => pptxToMarkdown(file)).toThrow();
  });

  it('refuses a presentation whose slides unpack to more than the bound, without unpacking them', () => {
    // Highly compressible: a few KiB zipped, over the bound unpacked.
    const padding = ' '.repeat(MAX_UNPACKED_TEXT_BYTES);
    const file = pptx({ 'ppt/slides/slide1.xml': slideXml(shape('title', [p('Big')])) + padding });
    expect(file.length).toBeLessThan(MAX_UNPACKED_TEXT_BYTES / 100);
    expect(() => pptxToMarkdown(file)).toThrow('unpacks to too much text');
  });
});
