/**
 * Records keyed by data. A repo-relative path is any name git allows, so a file may be
 * called `constructor`, `toString` or `__proto__`; a plain `{}` keyed by it reads Object's
 * members (`files['constructor']` is a function) and a write to `__proto__` sets the
 * prototype instead of a key. Records keyed by paths are made here, with no prototype, and
 * records that came from JSON or YAML (the store, a teammate's note) are read and written
 * through `ownValue` and `setOwn`.
 */

/**
 * A record with no prototype: every key is its own, whatever its name. With `from`, a copy
 * of its own enumerable entries (a record) or of its pairs (an iterable), in order.
 */
export function keyedRecord<T>(from?: Readonly<Record<string, T>> | Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (!from) return out;
  if (Symbol.iterator in from) for (const [key, value] of from as Iterable<readonly [string, T]>) out[key] = value;
  else for (const key of Object.keys(from)) out[key] = (from as Record<string, T>)[key]!;
  return out;
}

/** `record[key]` when `key` is the record's own key, else undefined (never an inherited member). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Set `record[key] = value` as an own, enumerable key, even when `key` is `__proto__`. Mutates `record`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
