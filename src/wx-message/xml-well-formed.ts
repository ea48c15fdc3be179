/**
 * Whether a text is a well-formed XML document, in one pass and without building anything: one
 * root element; tags properly nested and closed; names well formed; attributes quoted, with a
 * value and not repeated; `&` only in a character reference or one of the five predefined
 * entities; comments, CDATA
 * sections and processing instructions closed. Document type declarations are not accepted
 * (the callback refuses them before this runs).
 *
 * fast-xml-parser's parser reads broken XML without complaint, and its validator is a second
 * pass that costs a fifth of the parse; the callback runs this instead, on every message.
 * The unit tests hold it to the validator's verdicts on mutated WeChat messages.
 */
export function isWellFormedXml(xml: string): boolean {
  const length = xml.length;
  const open: string[] = [];
  let seenRoot = false;
  let i = 0;
  if (xml.charCodeAt(0) === BOM) {
    i = 1;
  }
  if (xml.startsWith('<?xml', i) && isSpaceOrEnd(xml, i + 5, '?')) {
    const end = xml.indexOf('?>', i + 5);
    if (end < 0) {
      return false;
    }
    i = end + 2;
  }

  while (i < length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? length : lt;
    if (!textIsValid(xml, i, textEnd, open.length > 0)) {
      return false;
    }
    if (lt < 0) {
      break;
    }
    i = lt + 1;
    const next = xml.charCodeAt(i);
    if (next === SLASH) {
      const name = open.pop();
      if (name === undefined || !xml.startsWith(name, i + 1)) {
        return false;
      }
      i = skipSpaces(xml, i + 1 + name.length);
      if (xml.charCodeAt(i) !== GT) {
        return false;
      }
      i += 1;
    } else if (next === BANG) {
      const end = endOfMarkup(xml, i, open.length > 0);
      if (end < 0) {
        return false;
      }
      i = end;
    } else if (next === QUESTION) {
      const end = endOfPi(xml, i + 1);
      if (end < 0) {
        return false;
      }
      i = end;
    } else {
      if (open.length === 0) {
        if (seenRoot) {
          return false;
        }
        seenRoot = true;
      }
      const nameEnd = endOfName(xml, i);
      if (nameEnd === i) {
        return false;
      }
      const name = xml.slice(i, nameEnd);
      const tagEnd = endOfAttributes(xml, nameEnd);
      if (tagEnd < 0) {
        return false;
      }
      if (xml.charCodeAt(tagEnd) === SLASH) {
        i = tagEnd + 2;
      } else {
        open.push(name);
        i = tagEnd + 1;
      }
    }
  }

  return seenRoot && open.length === 0;
}

const BOM = 0xfeff;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
// Without a DTD only the five predefined entities exist.
const NAMED_REFERENCE = /^(?:lt|gt|amp|apos|quot)$/;
const DECIMAL_REFERENCE = /^#[0-9]+$/;
const HEX_REFERENCE = /^#x[0-9A-Fa-f]+$/;

function isSpace(unit: number): boolean {
  return unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d;
}

function isSpaceOrEnd(xml: string, at: number, end: string): boolean {
  return isSpace(xml.charCodeAt(at)) || xml.startsWith(end, at);
}

function skipSpaces(xml: string, from: number): number {
  let i = from;
  while (isSpace(xml.charCodeAt(i))) {
    i += 1;
  }

  return i;
}

function isNameStart(unit: number): boolean {
  return (
    (unit >= 0x61 && unit <= 0x7a) ||
    (unit >= 0x41 && unit <= 0x5a) ||
    unit === 0x5f ||
    unit === 0x3a ||
    unit >= 0x80
  );
}

function isNameChar(unit: number): boolean {
  return isNameStart(unit) || (unit >= 0x30 && unit <= 0x39) || unit === 0x2d || unit === 0x2e;
}

/** Where the name starting at `from` ends; `from` itself when there is none. */
function endOfName(xml: string, from: number): number {
  if (!isNameStart(xml.charCodeAt(from))) {
    return from;
  }
  let i = from + 1;
  while (i < xml.length && isNameChar(xml.charCodeAt(i))) {
    i += 1;
  }

  return i;
}

/** Text between markup: only spaces outside the root; `&` only as a reference. */
function textIsValid(xml: string, from: number, to: number, inRoot: boolean): boolean {
  if (!inRoot) {
    for (let i = from; i < to; i++) {
      if (!isSpace(xml.charCodeAt(i))) {
        return false;
      }
    }

    return true;
  }
  let amp = xml.indexOf('&', from);
  while (amp >= 0 && amp < to) {
    const semicolon = xml.indexOf(';', amp);
    if (semicolon < 0 || semicolon > to || !isReference(xml.slice(amp + 1, semicolon))) {
      return false;
    }
    amp = xml.indexOf('&', semicolon);
  }

  return true;
}

function isReference(body: string): boolean {
  return NAMED_REFERENCE.test(body) || DECIMAL_REFERENCE.test(body) || HEX_REFERENCE.test(body);
}

/**
 * The attributes of a start tag, from the end of its name: answers the index of its `>`, or of
 * the `/` of `/>`, or -1 when the tag is malformed or never ends.
 */
function endOfAttributes(xml: string, from: number): number {
  const names: string[] = [];
  let i = from;
  for (;;) {
    const afterSpaces = skipSpaces(xml, i);
    const unit = xml.charCodeAt(afterSpaces);
    if (unit === GT) {
      return afterSpaces;
    }
    if (unit === SLASH) {
      return xml.charCodeAt(afterSpaces + 1) === GT ? afterSpaces : -1;
    }
    if (afterSpaces === i) {
      return -1;
    }
    const nameEnd = endOfName(xml, afterSpaces);
    if (nameEnd === afterSpaces) {
      return -1;
    }
    const name = xml.slice(afterSpaces, nameEnd);
    if (names.includes(name)) {
      return -1;
    }
    names.push(name);
    const equals = skipSpaces(xml, nameEnd);
    if (xml.charCodeAt(equals) !== EQUALS) {
      return -1;
    }
    const quoteAt = skipSpaces(xml, equals + 1);
    const quote = xml.charCodeAt(quoteAt);
    if (quote !== QUOTE && quote !== APOSTROPHE) {
      return -1;
    }
    const close = xml.indexOf(String.fromCharCode(quote), quoteAt + 1);
    if (close < 0 || !attributeValueIsValid(xml, quoteAt + 1, close)) {
      return -1;
    }
    i = close + 1;
  }
}

function attributeValueIsValid(xml: string, from: number, to: number): boolean {
  const lt = xml.indexOf('<', from);
  if (lt >= 0 && lt < to) {
    return false;
  }

  return textIsValid(xml, from, to, true);
}

/** `<!--…-->` anywhere, `<![CDATA[…]]>` inside the root; answers the index after it, or -1. */
function endOfMarkup(xml: string, bang: number, inRoot: boolean): number {
  if (xml.startsWith('!--', bang)) {
    const end = xml.indexOf('--', bang + 3);
    return end >= 0 && xml.charCodeAt(end + 2) === GT ? end + 3 : -1;
  }
  if (inRoot && xml.startsWith('![CDATA[', bang)) {
    const end = xml.indexOf(']]>', bang + 8);
    return end < 0 ? -1 : end + 3;
  }

  return -1;
}

/** `<?target …?>` (not the declaration, which may only come first); the index after it, or -1. */
function endOfPi(xml: string, from: number): number {
  const nameEnd = endOfName(xml, from);
  const target = xml.slice(from, nameEnd);
  if (nameEnd === from || target.toLowerCase() === 'xml' || !isSpaceOrEnd(xml, nameEnd, '?>')) {
    return -1;
  }
  const end = xml.indexOf('?>', nameEnd);

  return end < 0 ? -1 : end + 2;
}
