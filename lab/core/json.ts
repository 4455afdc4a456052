// JSON.rawJSON (V8 11.4+, Node 21+) writes a bigint as an exact JSON integer without a slow pure-JS serialiser.
declare global {
  interface JSON {
    rawJSON(text: string): unknown;
  }
}

const int64Replacer = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? JSON.rawJSON(value.toString()) : value;

/** Serialises a body; with `int64`, bigint values become exact integers on the wire. */
export function toJson(body: unknown, int64 = false): string {
  return int64 ? JSON.stringify(body, int64Replacer) : JSON.stringify(body);
}
