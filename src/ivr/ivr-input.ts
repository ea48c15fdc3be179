const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;
/** Any character `foldChar` changes; most texts have none and are only trimmed. */
const FOLDABLE = /[\uff01-\uff5e\u3000]/;

/**
 * Normalises a chat text before dispatch: full-width ASCII forms folded to ASCII (`＃`→`#`,
 * `？`→`?`, `＄`→`$`, `Ａ`→`A`), the ideographic space to a space, then trimmed. The yen and yuan
 * signs (`￥` U+FFE5, `¥` U+00A5) lie outside that block and stay as they are.
 */
export function normalizeInput(text: string): string {
  if (!FOLDABLE.test(text)) {
    return text.trim();
  }
  let folded = '';
  for (const char of text) {
    folded += foldChar(char);
  }

  return folded.trim();
}

/**
 * The trigger of a text as normalised, without normalising all of it: the same as
 * `splitTrigger(normalizeInput(text)).trigger`.
 */
export function leadingTrigger(text: string): string {
  for (const char of text) {
    const folded = foldChar(char);
    if (!WHITESPACE.test(folded)) {
      return folded;
    }
  }

  return '';
}

const WHITESPACE = /^\s$/u;

function foldChar(char: string): string {
  const code = char.codePointAt(0) as number;
  if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END) {
    return String.fromCodePoint(code - FULL_WIDTH_OFFSET);
  }

  return code === IDEOGRAPHIC_SPACE ? ' ' : char;
}

/** The first character (code point) of a text, and the rest trimmed. */
export function splitTrigger(text: string): { trigger: string; argument: string } {
  const trigger = String.fromCodePoint(text.codePointAt(0) ?? 0);

  return text === ''
    ? { trigger: '', argument: '' }
    : { trigger, argument: text.slice(trigger.length).trim() };
}
