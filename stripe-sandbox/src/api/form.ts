import qs from 'qs';
import type { RawParams } from '../core/params';

/**
 * Decodes a form body or query string in Stripe's bracket notation (`metadata[a]=b`, `items[0][price]=…`,
 * `expand[]=…`). Depth and array limits are raised above qs's defaults: Stripe nests five levels deep
 * (`line_items[0][price_data][product_data][metadata][k]`) and lists can exceed 20 entries.
 */
export function decodeForm(text: string): RawParams {
  if (text.trim() === '') return {};
  const parsed = qs.parse(text, {
    depth: 12,
    arrayLimit: 1000,
    parameterLimit: 10_000,
    allowDots: false,
    allowPrototypes: false,
    strictNullHandling: false,
  });
  return parsed as RawParams;
}

/** Splits `/v1/x?y=1` into its path and query string. */
export function splitPath(target: string): { path: string; query: string } {
  const index = target.indexOf('?');
  if (index < 0) return { path: target, query: '' };
  return { path: target.slice(0, index), query: target.slice(index + 1) };
}

export type FormValue = string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

/**
 * Encodes parameters as Stripe's clients do: nested hashes as `a[b]`, arrays of scalars as `a[]`, arrays
 * of hashes as `a[0][b]`. Brackets stay literal (as the Stripe CLI sends them); null/undefined are dropped.
 */
export function encodeForm(params: { [key: string]: FormValue }): string {
  const pairs: string[] = [];
  const encodeKey = (key: string): string => encodeURIComponent(key).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
  const walk = (key: string, value: FormValue): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) walk(`${key}[${index}]`, item);
        else walk(`${key}[]`, item);
      });
      return;
    }
    if (typeof value === 'object') {
      for (const [child, childValue] of Object.entries(value)) walk(key ? `${key}[${child}]` : child, childValue);
      return;
    }
    pairs.push(`${encodeKey(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(params)) walk(key, value);
  return pairs.join('&');
}
