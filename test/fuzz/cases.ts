/**
 * A generated value as text and back: JSON, with byte arrays as base64
 * (`{"$bytes": "…"}`), so a case file can be printed, read by a person, and
 * replayed exactly (`FUZZ_CASE=file npm run fuzz`). Generated values are
 * therefore plain data: strings (lone surrogates survive JSON), numbers,
 * booleans, null, arrays, objects and Uint8Arrays; never undefined.
 */

export function encodeCase(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    // this[key], not v: a Buffer has toJSON, which has already turned v into {type, data}.
    const raw = this[key];
    return raw instanceof Uint8Array ? { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') } : v;
  });
}

export function decodeCase(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $bytes?: unknown }).$bytes === 'string') {
      return new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64'));
    }
    return v;
  });
}

/** Every byte array in a value, with where it is (e.g. `files[1].bytes`), for a report. */
export function byteArraysOf(value: unknown, at = 'value'): { at: string; bytes: Uint8Array }[] {
  if (value instanceof Uint8Array) return [{ at, bytes: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => byteArraysOf(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => byteArraysOf(v, `${at}.${k}`));
  return [];
}
