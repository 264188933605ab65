import { strToU8, zipSync } from 'fflate';
import { signedIn, type SignedIn } from './support/accounts';
import { docxWith, pdfWith } from './support/document-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const PRESENTATION_NAMESPACES =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';

/**
 * A minimal .pptx as PowerPoint lays it out: one slide part per entry (a title placeholder and a
 * body placeholder with a paragraph per line), and speaker notes linked from the slide's relationships.
 */
function pptxWith(slides: Array<{ title: string; lines: string[]; notes?: string }>): Buffer {
  const placeholder = (type: string, paragraphs: string[]) =>
    `<p:sp><p:nvSpPr><p:cNvPr id="2" name="${type}"/><p:cNvSpPr/><p:nvPr><p:ph type="${type}"/></p:nvPr></p:nvSpPr>` +
    `<p:spPr/><p:txBody><a:bodyPr/>${paragraphs.map((text) => `<a:p><a:r><a:t>${text}</a:t></a:r></a:p>`).join('')}` +
    `</p:txBody></p:sp>`;
  const page = (root: string, shapes: string) =>
    strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:${root} ${PRESENTATION_NAMESPACES}><p:cSld><p:spTree>` +
        `${shapes}</p:spTree></p:cSld></p:${root}>`,
    );
  const parts: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
  };
  slides.forEach(({ title, lines, notes }, i) => {
    const n = i + 1;
    parts[`ppt/slides/slide${n}.xml`] = page('sld', placeholder('title', [title]) + placeholder('body', lines));
    if (notes === undefined) return;
    parts[`ppt/slides/_rels/slide${n}.xml.rels`] = strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide${n}.xml"/>` +
        '</Relationships>',
    );
    parts[`ppt/notesSlides/notesSlide${n}.xml`] = page('notes', placeholder('body', [notes]));
  });
  return Buffer.from(zipSync(parts));
}

describe('knowledge-base uploads', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { UPLOAD_LIMIT_BYTES: '20000' } });
    admin = await signedIn(t, 'admin');
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, filename: string, fields: Record<string, string> = { category: 'HR' }, who = admin) => {
    let req = t.http.post('/admin/documents/upload').set(who.auth).attach('file', file, filename);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req;
  };
  const search = async (q: string) =>
    (
      await t.http
        .get(`/admin/documents/search?q=${encodeURIComponent(q)}`)
        .set(admin.auth)
        .expect(200)
    ).body as Array<{
      title: string;
      heading: string;
    }>;
  const count = () => t.connection.collection('knowledge_base').countDocuments();

  it('takes Markdown, keeping its headings, with tags and a title from the file name', async () => {
    const res = await upload(
      Buffer.from('# Parking\nVisitor parking is at gate 2.\n# Bikes\nBike racks are in the courtyard.'),
      'office_parking-guide.md',
      {
        category: 'General',
        tags: 'parking, Office',
      },
    ).expect(201);
    expect(res.body).toMatchObject({
      title: 'office parking guide',
      category: 'General',
      tags: ['parking', 'office'],
      chunk_count: 2,
    });
    expect((await search('visitor parking'))[0]).toMatchObject({ title: 'office parking guide', heading: 'Parking' });
  });

  it('takes plain text, with an explicit title', async () => {
    const res = await upload(Buffer.from('Lunch vouchers are loaded on the 1st of each month.'), 'notes.txt', {
      category: 'HR',
      title: 'Lunch vouchers',
    }).expect(201);
    expect(res.body.title).toBe('Lunch vouchers');
  });

  it('extracts the text of a PDF', async () => {
    const pdf = await pdfWith(['Remote work policy', 'You may work from home two days a week.']);
    const res = await upload(pdf, 'Remote-work.pdf').expect(201);
    expect(res.body.content).toContain('work from home two days a week');
    expect((await search('work from home'))[0]?.title).toBe('Remote work');
  });

  it('extracts a Word document, keeping its headings', async () => {
    const docx = docxWith([
      '# Expenses',
      'Submit receipts within 30 days of the trip.',
      '# Mileage',
      'Private cars are paid per kilometre.',
    ]);
    const res = await upload(docx, 'travel.docx', { category: 'HR' }).expect(201);
    expect(res.body.chunk_count).toBe(2);
    expect((await search('receipts within 30 days'))[0]).toMatchObject({ title: 'travel', heading: 'Expenses' });
  });

  it('extracts a PowerPoint deck, a section per slide under its title, with the speaker notes', async () => {
    const deck = pptxWith([
      { title: 'Office moves', lines: ['The team moves to building C in June.'] },
      {
        title: 'Desk booking',
        lines: ['Book a desk in the workplace app.', 'Bookings open two weeks ahead.'],
        notes: 'Unused bookings are released at 10:00.',
      },
    ]);
    const res = await upload(deck, 'Office-moves.pptx', { category: 'General', tags: 'office' }).expect(201);
    expect(res.body).toMatchObject({ title: 'Office moves', category: 'General', tags: ['office'], chunk_count: 2 });
    expect(res.body.content).toBe(
      '# Office moves\nThe team moves to building C in June.\n\n' +
        '# Desk booking\nBook a desk in the workplace app.\nBookings open two weeks ahead.\nUnused bookings are released at 10:00.',
    );
    // What the bot draws on: the slide's passage, found by its notes too, under the slide's title.
    expect((await search('unused desk bookings released'))[0]).toMatchObject({
      title: 'Office moves',
      heading: 'Desk booking',
    });
    const user = await signedIn(t, 'user');
    const answer = await t.http
      .post('/ai/self-serve-query')
      .set(user.auth)
      .send({ query: 'When are unused desk bookings released?' })
      .expect(200);
    expect(answer.body.sources[0]).toMatchObject({ document_id: res.body.document_id, title: 'Office moves' });
    expect(answer.body.answer).toContain('released at 10:00');
  });

  it.each([
    ['an unsupported type', Buffer.from('MZ binary'), 'tool.exe', /Unsupported file type ".exe"/],
    ['a corrupt PDF', Buffer.from('%PDF-1.7 this is not a pdf'), 'broken.pdf', /could not be read/],
    ['a corrupt Word file', Buffer.from('not a zip archive'), 'broken.docx', /could not be read/],
    ['a corrupt PowerPoint file', Buffer.from('PK\u0003\u0004 cut off'), 'broken.pptx', /could not be read/],
    ['a Word file renamed .pptx', docxWith(['Not a deck']), 'renamed.pptx', /could not be read/],
    ['a deck without text', pptxWith([{ title: '', lines: [] }]), 'blank.pptx', /no text/],
    ['a binary file named .txt', Buffer.from([0, 159, 146, 150, 0, 1]), 'binary.txt', /could not be read/],
    ['an empty file', Buffer.from('   \n'), 'empty.md', /no text/],
  ])('refuses %s with 400 and the reason, storing nothing', async (_label, file, filename, reason) => {
    const before = await count();
    const res = await upload(file, filename).expect(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(reason) });
    expect(await count()).toBe(before);
  });

  it('refuses files over the upload limit with 413', async () => {
    const before = await count();
    const res = await upload(Buffer.from('x '.repeat(15_000)), 'huge.txt').expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await count()).toBe(before);
  });

  it('refuses missing or invalid fields, a missing file, and non-multipart requests', async () => {
    const text = Buffer.from('Some policy text.');
    expect((await upload(text, 'a.txt', {}).expect(400)).body.error.details.fields[0].field).toBe('category');
    await upload(text, 'a.txt', { category: 'Finance' }).expect(400);
    await upload(text, 'a.txt', { category: 'HR', owner: 'me' }).expect(400);
    await t.http.post('/admin/documents/upload').set(admin.auth).field('category', 'HR').expect(400);
    await t.http.post('/admin/documents/upload').set(admin.auth).send({ category: 'HR' }).expect(415);
  });

  it('is for admins only', async () => {
    const agent = await signedIn(t, 'hr_agent');
    await upload(Buffer.from('text'), 'a.txt', { category: 'HR' }, agent).expect(403);
    await t.http.post('/admin/documents/upload').attach('file', Buffer.from('text'), 'a.txt').expect(401);
  });
});
