/**
 * A lookup table keyed by text that may come from outside (a scope, a claim name, a header).
 * It has no prototype, so `constructor`, `toString` or `__proto__` are simply missing keys
 * instead of inherited functions.
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
	return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** A copy of a decoded JSON object that any key can be written to, `__proto__` included. */
export function ownRecord(source: Record<string, unknown> = {}): Record<string, unknown> {
	// Object.assign onto a null prototype defines `__proto__` as a plain property.
	return Object.assign(Object.create(null) as Record<string, unknown>, source);
}

/** The value a key holds itself, never one it inherits. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.hasOwn(record, key) ? record[key] : undefined;
}
