import { describe, expect, it } from 'vitest';
import {
  buildGetUrl,
  createBoundary,
  encodeBody,
  encodeMultipart,
  encodeTextPlain,
  encodeUrlencoded,
  escapeMultipartName,
  normalizeNewlines,
  urlencodeComponent,
} from '@/utils/core/form-encoding';
import type { FormEntry, QueuedFile } from '@/utils/core/types';

const BOUNDARY = '----WebKitFormBoundaryABCDEFGHIJKLMNOP';

function file(name: string, type: string, content: BlobPart[] = []): QueuedFile {
  return { name, type, lastModified: 1_700_000_000_000, blob: new Blob(content) };
}

function concat(...parts: Array<string | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('normalizeNewlines', () => {
  it('turns lone CR, lone LF and CRLF each into exactly one CRLF', () => {
    expect(normalizeNewlines('a\rb\nc\r\nd')).toBe('a\r\nb\r\nc\r\nd');
  });

  it('treats LF CR as two line breaks and CR CR LF as two', () => {
    expect(normalizeNewlines('\n\r')).toBe('\r\n\r\n');
    expect(normalizeNewlines('\r\r\n')).toBe('\r\n\r\n');
    expect(normalizeNewlines('\r\n\n')).toBe('\r\n\r\n');
  });

  it('leaves text without line breaks alone', () => {
    expect(normalizeNewlines('plain text')).toBe('plain text');
    expect(normalizeNewlines('')).toBe('');
  });
});

describe('urlencodeComponent (application/x-www-form-urlencoded byte serializer)', () => {
  it('keeps only alphanumerics and *-._ raw and writes space as +', () => {
    expect(urlencodeComponent('AZaz09*-._')).toBe('AZaz09*-._');
    expect(urlencodeComponent(' ')).toBe('+');
    expect(urlencodeComponent(' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')).toBe(
      '+%21%22%23%24%25%26%27%28%29*%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D%7E',
    );
  });

  it('percent-encodes control characters with upper-case hex', () => {
    expect(urlencodeComponent('\u0000\u0001\t\u001f\u007f')).toBe('%00%01%09%1F%7F');
  });

  it('encodes non-ASCII as UTF-8 bytes, including astral characters', () => {
    expect(urlencodeComponent('é')).toBe('%C3%A9');
    expect(urlencodeComponent('€')).toBe('%E2%82%AC');
    expect(urlencodeComponent('日本')).toBe('%E6%97%A5%E6%9C%AC');
    expect(urlencodeComponent('😀')).toBe('%F0%9F%98%80');
  });

  it('encodes lone surrogates as U+FFFD (EF BF BD)', () => {
    expect(urlencodeComponent('\uD800')).toBe('%EF%BF%BD');
    expect(urlencodeComponent('a\uDC00b')).toBe('a%EF%BF%BDb');
    expect(urlencodeComponent('\uDE00\uD83D')).toBe('%EF%BF%BD%EF%BF%BD');
  });

  it('agrees with URLSearchParams for every code point below U+0800 except CR and LF', () => {
    for (let cp = 0; cp < 0x800; cp++) {
      if (cp === 0x0a || cp === 0x0d) continue;
      const ch = String.fromCodePoint(cp);
      expect(`x=${urlencodeComponent(ch)}`, `U+${cp.toString(16)}`).toBe(new URLSearchParams([['x', ch]]).toString());
    }
  });
});

describe('encodeUrlencoded', () => {
  it('encodes like the browser', () => {
    expect(encodeUrlencoded([{ name: 'a b', value: 'x\ny*~' }])).toBe('a+b=x%0D%0Ay*%7E');
  });

  it('returns the empty string for an empty entry list', () => {
    expect(encodeUrlencoded([])).toBe('');
  });

  it('joins entries with & in order, keeping repeated names and empty names and values', () => {
    const entries: FormEntry[] = [
      { name: 'tag', value: 'b' },
      { name: 'tag', value: 'a' },
      { name: '', value: '' },
      { name: 'q', value: 'a&b=c' },
    ];
    expect(encodeUrlencoded(entries)).toBe('tag=b&tag=a&=&q=a%26b%3Dc');
  });

  it('normalizes CR, LF and CRLF to %0D%0A in names and values', () => {
    expect(encodeUrlencoded([{ name: 'n\r1\n2', value: 'a\rb\nc\r\nd' }])).toBe(
      'n%0D%0A1%0D%0A2=a%0D%0Ab%0D%0Ac%0D%0Ad',
    );
  });

  it('encodes multibyte text and lone surrogates in names and values', () => {
    expect(encodeUrlencoded([{ name: 'ñ', value: '😀\uD800' }])).toBe('%C3%B1=%F0%9F%98%80%EF%BF%BD');
  });

  it('sends the file name (encoded, not normalized differently) for a file entry', () => {
    const entries: FormEntry[] = [
      { name: 'doc', file: file('my report (1).pdf', 'application/pdf', ['%PDF']) },
      { name: 'none', file: file('', '') },
    ];
    expect(encodeUrlencoded(entries)).toBe('doc=my+report+%281%29.pdf&none=');
  });
});

describe('encodeTextPlain', () => {
  it('writes one name=value CRLF line per entry, raw (no percent-encoding)', () => {
    expect(
      encodeTextPlain([
        { name: 'a', value: '1' },
        { name: 'b c', value: 'x&y=z é😀' },
      ]),
    ).toBe('a=1\r\nb c=x&y=z é😀\r\n');
  });

  it('normalizes line breaks in names and values', () => {
    expect(encodeTextPlain([{ name: 'l\n1', value: 'x\ry\r\nz\n' }])).toBe('l\r\n1=x\r\ny\r\nz\r\n\r\n');
  });

  it('writes the file name for a file entry', () => {
    expect(encodeTextPlain([{ name: 'upload', file: file('photo.png', 'image/png', ['PNG']) }])).toBe(
      'upload=photo.png\r\n',
    );
  });

  it('is empty for an empty entry list', () => {
    expect(encodeTextPlain([])).toBe('');
  });
});

describe('escapeMultipartName', () => {
  it('escapes double quote, CR and LF and nothing else', () => {
    expect(escapeMultipartName('a"b\rc\nd')).toBe('a%22b%0Dc%0Ad');
    expect(escapeMultipartName("%;'\\é")).toBe("%;'\\é");
  });
});

describe('encodeMultipart', () => {
  it('returns just the closing boundary for an empty entry list', async () => {
    expect(await encodeMultipart([], BOUNDARY).text()).toBe(`--${BOUNDARY}--\r\n`);
  });

  it('writes text parts exactly as the browser does', async () => {
    const body = encodeMultipart(
      [
        { name: 'title', value: 'Hello' },
        { name: 'note', value: 'line 1\nline 2\rline 3\r\nend' },
        { name: 'empty', value: '' },
        { name: 'ünï', value: 'çødé 😀' },
      ],
      BOUNDARY,
    );
    expect(await body.text()).toBe(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nline 1\r\nline 2\r\nline 3\r\nend\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="empty"\r\n\r\n\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="ünï"\r\n\r\nçødé 😀\r\n` +
        `--${BOUNDARY}--\r\n`,
    );
  });

  it('normalizes names before escaping them (lone CR/LF become %0D%0A, quotes %22)', async () => {
    const body = encodeMultipart(
      [
        { name: 'a\nb', value: 'v' },
        { name: 'c\rd', value: 'v' },
        { name: 'say "hi"', value: 'v' },
      ],
      BOUNDARY,
    );
    expect(await body.text()).toBe(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a%0D%0Ab"\r\n\r\nv\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="c%0D%0Ad"\r\n\r\nv\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="say %22hi%22"\r\n\r\nv\r\n` +
        `--${BOUNDARY}--\r\n`,
    );
  });

  it('escapes " CR LF in file names without normalizing them', async () => {
    const body = encodeMultipart([{ name: 'f', file: file('a"b\rc\nd\r\ne.txt', 'text/plain', ['hi']) }], BOUNDARY);
    expect(await body.text()).toBe(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="a%22b%0Dc%0Ad%0D%0Ae.txt"\r\n` +
        'Content-Type: text/plain\r\n\r\nhi\r\n' +
        `--${BOUNDARY}--\r\n`,
    );
  });

  it('uses application/octet-stream when the file has no type, and keeps an empty file name', async () => {
    const body = encodeMultipart(
      [
        { name: 'blob', file: file('data.bin', '', ['x']) },
        { name: 'nothing', file: file('', '') },
      ],
      BOUNDARY,
    );
    expect(await body.text()).toBe(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="blob"; filename="data.bin"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="nothing"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n` +
        `--${BOUNDARY}--\r\n`,
    );
  });

  it('keeps every byte value 0..255 of a binary file exactly, between text parts', async () => {
    const binary = new Uint8Array(256);
    for (let i = 0; i < 256; i++) binary[i] = i;
    const body = encodeMultipart(
      [
        { name: 'before', value: 'é' },
        { name: 'bin', file: file('bytes.dat', 'application/x-test', [binary]) },
        { name: 'after', value: 'z' },
      ],
      BOUNDARY,
    );
    const expected = concat(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="before"\r\n\r\né\r\n`,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="bin"; filename="bytes.dat"\r\nContent-Type: application/x-test\r\n\r\n`,
      binary,
      '\r\n',
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="after"\r\n\r\nz\r\n`,
      `--${BOUNDARY}--\r\n`,
    );
    const actual = await bytesOf(body);
    expect(actual.length).toBe(expected.length);
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(body.size).toBe(expected.length);
  });

  it('does not normalize line breaks inside file content', async () => {
    const body = encodeMultipart([{ name: 'f', file: file('t.txt', 'text/plain', ['a\nb\rc']) }], BOUNDARY);
    expect(await body.text()).toContain('\r\n\r\na\nb\rc\r\n--');
  });
});

describe('createBoundary', () => {
  it("has Chromium's shape", () => {
    for (let i = 0; i < 50; i++) expect(createBoundary()).toMatch(/^----WebKitFormBoundary[A-Za-z0-9]{16}$/);
  });

  it('is deterministic with an injected random source', () => {
    expect(createBoundary(() => 0)).toBe('----WebKitFormBoundaryAAAAAAAAAAAAAAAA');
    expect(createBoundary(() => 0.999999)).toBe('----WebKitFormBoundary9999999999999999');
    let i = 0;
    const sequence = () => (i++ % 62) / 62;
    expect(createBoundary(sequence)).toBe('----WebKitFormBoundaryABCDEFGHIJKLMNOP');
  });
});

describe('buildGetUrl', () => {
  const entries: FormEntry[] = [
    { name: 'q', value: 'a b' },
    { name: 'lang', value: 'é' },
  ];

  it("replaces the action's query with the entry list", () => {
    expect(buildGetUrl('https://example.com/search?old=1&x=2', entries)).toBe(
      'https://example.com/search?q=a+b&lang=%C3%A9',
    );
  });

  it('keeps the fragment after the new query', () => {
    expect(buildGetUrl('https://example.com/search?old=1#results', entries)).toBe(
      'https://example.com/search?q=a+b&lang=%C3%A9#results',
    );
    expect(buildGetUrl('https://example.com/p#top', [{ name: 'a', value: '1' }])).toBe('https://example.com/p?a=1#top');
  });

  it('keeps an empty fragment', () => {
    expect(buildGetUrl('https://example.com/p#', [{ name: 'a', value: '1' }])).toBe('https://example.com/p?a=1#');
  });

  it('leaves a trailing ? for an empty entry list, as browsers do', () => {
    expect(buildGetUrl('https://example.com/search?old=1', [])).toBe('https://example.com/search?');
    expect(buildGetUrl('https://example.com/search#f', [])).toBe('https://example.com/search?#f');
    expect(buildGetUrl('https://example.com', [])).toBe('https://example.com/?');
  });

  it('serializes the action URL as the URL parser does (dot segments, spaces, non-ASCII, port)', () => {
    expect(buildGetUrl('http://example.com:8080/a/./b/../c d/ü', [{ name: 'x', value: 'y' }])).toBe(
      'http://example.com:8080/a/c%20d/%C3%BC?x=y',
    );
  });

  it('does not re-encode the serialized query', () => {
    expect(buildGetUrl('https://example.com/', [{ name: 'p', value: '100%+' }])).toBe(
      'https://example.com/?p=100%25%2B',
    );
  });

  it('sends file entries as their names', () => {
    expect(buildGetUrl('https://example.com/', [{ name: 'f', file: file('a.txt', 'text/plain', ['x']) }])).toBe(
      'https://example.com/?f=a.txt',
    );
  });
});

describe('encodeBody', () => {
  const entries: FormEntry[] = [{ name: 'a', value: 'x y' }];

  it('urlencoded: content type and string body', () => {
    expect(encodeBody('application/x-www-form-urlencoded', entries)).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      body: 'a=x+y',
    });
  });

  it('text/plain: content type and string body', () => {
    expect(encodeBody('text/plain', entries)).toEqual({ contentType: 'text/plain', body: 'a=x y\r\n' });
  });

  it('multipart: boundary in the content type matches the body', async () => {
    const { contentType, body } = encodeBody('multipart/form-data', entries, BOUNDARY);
    expect(contentType).toBe(`multipart/form-data; boundary=${BOUNDARY}`);
    expect(body).toBeInstanceOf(Blob);
    expect(await (body as Blob).text()).toBe(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx y\r\n--${BOUNDARY}--\r\n`,
    );
  });

  it('text/plain with an urlencoded body format (Chromium quirk): urlencoded body labelled text/plain', () => {
    expect(
      encodeBody('text/plain', [{ name: 'a', value: 'x y\n' }], BOUNDARY, 'application/x-www-form-urlencoded'),
    ).toEqual({
      contentType: 'text/plain',
      body: 'a=x+y%0D%0A',
    });
  });

  it('a body format equal to the enctype changes nothing', () => {
    expect(encodeBody('text/plain', entries, BOUNDARY, 'text/plain')).toEqual({
      contentType: 'text/plain',
      body: 'a=x y\r\n',
    });
    expect(
      encodeBody('application/x-www-form-urlencoded', entries, BOUNDARY, 'application/x-www-form-urlencoded'),
    ).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      body: 'a=x+y',
    });
  });

  it('multipart without a boundary creates one of the WebKit shape and uses it in the body', async () => {
    const { contentType, body } = encodeBody('multipart/form-data', entries);
    const match = /^multipart\/form-data; boundary=(----WebKitFormBoundary[A-Za-z0-9]{16})$/.exec(contentType);
    expect(match).not.toBeNull();
    expect(await (body as Blob).text()).toBe(
      `--${match![1]}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx y\r\n--${match![1]}--\r\n`,
    );
  });
});
