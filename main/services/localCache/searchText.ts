/**
 * How customer text is put into the cache's full-text index. Chinese is written without spaces,
 * so SQLite's unicode61 tokenizer would see "济南市历下区" as one token; spacing every CJK
 * character makes each one a token, and a phrase query ("王 雪") then finds any run of
 * characters anywhere in a name or an address, from one character up.
 */
const CJK = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])/g;

export function spacedForIndex(text: string): string {
  return text.replace(CJK, ' $1 ').replace(/\s+/g, ' ').trim();
}

/** An FTS5 phrase for the typed text (quotes doubled, so input cannot inject query syntax). */
export function ftsPhrase(text: string): string {
  return `"${spacedForIndex(text).replaceAll('"', '""')}"`;
}

/** The digits of a stored phone number, without the +86 country code, as people type fragments. */
export function indexedPhoneDigits(e164: string | null): string {
  if (!e164) return '';
  const digits = e164.replace(/\D/g, '');
  return digits.startsWith('86') ? `${digits} ${digits.slice(2)}` : digits;
}
