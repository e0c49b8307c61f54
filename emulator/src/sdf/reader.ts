import { SuiteScriptError } from '../errors';
import type { XmlElement } from '../../../tools/sdf-lint/xml';

/** Raised for a malformed SDF object: names the file and the element path. */
export function sdfError(file: string, path: string, message: string): SuiteScriptError {
  return new SuiteScriptError('SDF_INVALID_OBJECT', `${file}: <${path}>: ${message}`);
}

/**
 * Reads one element's children strictly: every child must be read or declared ignorable,
 * values must have the right form. `finish()` fails on children nobody asked for.
 */
export class ElementReader {
  private readonly seen = new Set<string>();

  constructor(
    readonly file: string,
    readonly element: XmlElement,
    readonly path: string = element.name,
  ) {
    const names = new Set<string>();
    for (const c of element.children) {
      // Repeated leaf fields would silently lose a value.
      if (names.has(c.name) && c.children.length === 0) throw this.error(`element <${c.name}> appears twice`);
      names.add(c.name);
    }
  }

  error(message: string): SuiteScriptError {
    return sdfError(this.file, this.path, message);
  }

  attr(name: string): string {
    const value = this.element.attributes[name];
    if (value === undefined || value === '') throw this.error(`missing attribute ${name}`);
    return value;
  }

  child(name: string): XmlElement | undefined {
    this.seen.add(name);
    return this.element.children.find((c) => c.name === name);
  }

  childReader(name: string): ElementReader | undefined {
    const element = this.child(name);
    return element ? new ElementReader(this.file, element, `${this.path}/${name}`) : undefined;
  }

  /** Reader for each child named `name` of the container `container`. */
  list(container: string, name: string): ElementReader[] {
    const parent = this.child(container);
    if (!parent) return [];
    const out: ElementReader[] = [];
    for (const c of parent.children) {
      if (c.name !== name) throw sdfError(this.file, `${this.path}/${container}`, `unexpected element <${c.name}>`);
      out.push(new ElementReader(this.file, c, `${this.path}/${container}/${name}`));
    }
    return out;
  }

  text(name: string): string | undefined {
    const element = this.child(name);
    if (!element) return undefined;
    if (element.children.length > 0) throw this.error(`<${name}> must hold text, not elements`);
    return element.text === '' ? undefined : element.text;
  }

  requiredText(name: string): string {
    const value = this.text(name);
    if (value === undefined) throw this.error(`missing <${name}>`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (value === 'T') return true;
    if (value === 'F') return false;
    throw this.error(`<${name}> must be T or F, got "${value}"`);
  }

  int(name: string, fallback: number | undefined, min: number, max: number): number | undefined {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) throw this.error(`<${name}> must be an integer, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw this.error(`<${name}> must be between ${min} and ${max}, got ${n}`);
    return n;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  oneOf<T extends string>(name: string, values: readonly T[], fallback: undefined): T | undefined;
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T | undefined): T | undefined {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (!(values as readonly string[]).includes(value)) {
      throw this.error(`<${name}> must be one of ${values.join(', ')}, got "${value}"`);
    }
    return value as T;
  }

  /** Declares children that are valid but do not affect running scripts. */
  ignore(...names: string[]): void {
    for (const name of names) this.seen.add(name);
  }

  /** Names of children not read yet. */
  unread(): XmlElement[] {
    return this.element.children.filter((c) => !this.seen.has(c.name));
  }

  /** Fails on any child not read or declared ignorable. */
  finish(): void {
    const [first] = this.unread();
    if (first) throw this.error(`unknown element <${first.name}> (the emulator does not model it)`);
  }
}

/** `[scriptid=customrecord_x]` or `[customrecord_x]` → `customrecord_x`; other text unchanged. */
export function referenceTarget(value: string): string {
  const match = /^\[(?:scriptid=)?([^\]]+)\]$/.exec(value.trim());
  return match?.[1] ?? value.trim();
}
