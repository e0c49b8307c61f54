/**
 * Text that must fit a NetSuite field. NetSuite counts a text field's limit in UTF-8 bytes (Oracle help,
 * "Field Type Descriptions for Custom Fields": one byte per English letter, up to four per other
 * character), and refuses longer values with EXCEEDED_MAX_FIELD_LENGTH.
 */

/** UTF-8 bytes of one UTF-16 code unit (a surrogate half counts 2: a pair makes 4). */
function unitBytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 2;
  return 3;
}

export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) bytes += unitBytes(text.charCodeAt(i));
  return bytes;
}

/** The longest start of `text` within `maxBytes`, never splitting a surrogate pair. */
function headWithin(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const next = bytes + unitBytes(text.charCodeAt(end));
    if (next > maxBytes) break;
    bytes = next;
    end++;
  }
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * `text` as it fits a field of `maxBytes`: unchanged when it fits, else its start followed by a note
 * saying it was cut and how long it was, so the reader knows there is more.
 */
export function fitText(text: string, maxBytes: number): { text: string; cut: boolean } {
  if (utf8Bytes(text) <= maxBytes) return { text, cut: false };
  const note = ` … [cut: ${text.length} characters in all]`;
  return { text: headWithin(text, Math.max(0, maxBytes - utf8Bytes(note))) + note, cut: true };
}
