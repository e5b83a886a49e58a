/** A value as @cdktf/hcl2json returns it: literals as JSON, expressions as "${...}" strings. */
export type HclValue = string | number | boolean | null | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue;
}

export function isHclObject(value: HclValue | undefined): value is HclObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested blocks (`rule { ... }`) come as arrays of objects; this returns them, or none. */
export function nestedBlocks(body: HclObject | undefined, key: string): HclObject[] {
  const value = body?.[key];
  if (Array.isArray(value)) return value.filter(isHclObject);
  return isHclObject(value) ? [value] : [];
}

export function firstNested(body: HclObject | undefined, key: string): HclObject | undefined {
  return nestedBlocks(body, key)[0];
}

/** The strings of a list attribute; a single expression (e.g. "${var.arns}") counts as one item. */
export function stringsOf(value: HclValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === 'string' ? [item] : []));
  return [];
}

export function stringOf(value: HclValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The expression inside "${...}" when the whole string is one interpolation, else undefined. */
export function expressionOf(value: HclValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{([\s\S]*)\}$/.exec(value);
  return match?.[1]?.trim();
}

/** Every string anywhere inside a value, for searching references. */
export function allStrings(value: HclValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (isHclObject(value)) return Object.values(value).flatMap(allStrings);
  return [];
}

/** Whether a literal (not an expression) contains a wildcard. */
export const hasWildcard = (text: string) => text.replace(/\$\{[^}]*\}/g, '').includes('*');
