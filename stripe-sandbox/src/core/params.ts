import { invalidParam, missingParam, unknownParam } from './errors';

/** A decoded request body or query: nested objects, arrays and string leaves (as qs decodes forms). */
export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };
export type RawParams = { [key: string]: ParamValue };

/**
 * Reads request parameters the way Stripe validates them: typed getters that name the parameter in
 * their errors, and `done()` to reject anything the endpoint does not know.
 */
export class Params {
  private readonly consumed = new Set<string>();

  constructor(
    readonly raw: RawParams,
    /** Prefix for nested parameter names in errors (`items[0]`). */
    private readonly prefix = '',
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private take(key: string): ParamValue | undefined {
    this.consumed.add(key);
    const value = this.raw[key];
    return value === '' ? null : value;
  }

  string(key: string): string | undefined;
  string(key: string, options: { required: true }): string;
  string(key: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) {
      if (options.required) throw missingParam(this.name(key));
      return undefined;
    }
    if (typeof value === 'object') throw invalidParam(this.name(key), `Invalid string: ${JSON.stringify(value)}`);
    return String(value);
  }

  /** Nullable string: `''` clears the field, as Stripe's update endpoints accept. */
  nullableString(key: string): string | null | undefined {
    if (this.raw[key] === '') {
      this.consumed.add(key);
      return null;
    }
    return this.string(key);
  }

  enum<T extends string>(key: string, values: readonly T[]): T | undefined;
  enum<T extends string>(key: string, values: readonly T[], options: { required: true }): T;
  enum<T extends string>(key: string, values: readonly T[], options: { required?: boolean } = {}): T | undefined {
    const value = options.required ? this.string(key, { required: true }) : this.string(key);
    if (value === undefined) return undefined;
    if (!values.includes(value as T)) {
      throw invalidParam(this.name(key), `Invalid ${key}: must be one of ${values.join(', ')}`);
    }
    return value as T;
  }

  int(key: string, options: { required: true; min?: number; max?: number }): number;
  int(key: string, options?: { required?: boolean; min?: number; max?: number }): number | undefined;
  int(key: string, options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) {
      if (options.required) throw missingParam(this.name(key));
      return undefined;
    }
    const number =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d+$/.test(value.trim())
          ? Number(value)
          : NaN;
    if (!Number.isSafeInteger(number)) throw invalidParam(this.name(key), `Invalid integer: ${String(value)}`);
    if (options.min !== undefined && number < options.min) {
      throw invalidParam(this.name(key), `Invalid ${key}: must be at least ${options.min}`);
    }
    if (options.max !== undefined && number > options.max) {
      throw invalidParam(this.name(key), `Invalid ${key}: must be at most ${options.max}`);
    }
    return number;
  }

  /** Decimal strings such as `unit_amount_decimal` or `percent_off`. */
  decimal(key: string): number | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (!Number.isFinite(number)) throw invalidParam(this.name(key), `Invalid decimal: ${String(value)}`);
    return number;
  }

  bool(key: string): boolean | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw invalidParam(this.name(key), `Invalid boolean: ${String(value)}`);
  }

  /** `metadata[key]=value`; an empty value deletes the key on update (Stripe's semantics). */
  metadata(key = 'metadata'): Record<string, string | null> | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(this.name(key), 'Invalid object');
    const out: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'object' && v !== null) throw invalidParam(`${this.name(key)}[${k}]`, 'Invalid string');
      out[k] = v === '' || v === null ? null : String(v);
    }
    return out;
  }

  /** A nested hash as its own Params (e.g. `recurring[interval]`). */
  object(key: string): Params | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(this.name(key), 'Invalid hash');
    return new Params(value, this.name(key));
  }

  /** An array of hashes (`items[0][price]`, qs may decode it as an object keyed 0, 1, …). */
  objects(key: string): Params[] | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : null;
    if (!items) throw invalidParam(this.name(key), 'Invalid array');
    return items.map((item, index) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        throw invalidParam(`${this.name(key)}[${index}]`, 'Invalid hash');
      return new Params(item, `${this.name(key)}[${index}]`);
    });
  }

  /** An array of strings (`expand[]`, `payment_method_types[]`). */
  strings(key: string): string[] | undefined {
    const value = this.take(key);
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
    return items.map((item, index) => {
      if (typeof item === 'object' && item !== null)
        throw invalidParam(`${this.name(key)}[${index}]`, 'Invalid string');
      return String(item);
    });
  }

  /** Accepted but not modelled: consumed so `done()` does not reject them. */
  ignore(...keys: string[]): void {
    for (const key of keys) this.consumed.add(key);
  }

  /** Rejects the first parameter nobody read, as Stripe does. */
  done(): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.consumed.has(key) && key !== 'expand') throw unknownParam(this.name(key));
    }
  }
}
