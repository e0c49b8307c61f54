import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed XML element: what the SDF rules need, nothing more. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated direct text content, trimmed. */
  text: string;
}

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; error: string };

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text' && !key.startsWith('?'));
  if (name === undefined) return undefined;
  const content = (node[name] ?? []) as OrderedNode[];
  const children: XmlElement[] = [];
  let text = '';
  for (const child of content) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const element = toElement(child);
      if (element) children.push(element);
    }
  }
  return { name, attributes: node[':@'] ?? {}, children, text: text.trim() };
}

export function parseXml(source: string): XmlParseResult {
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return { ok: false, error: `${msg} (line ${line}, column ${col})` };
  }
  const nodes = parser.parse(source) as OrderedNode[];
  const roots = nodes.map(toElement).filter((element): element is XmlElement => element !== undefined);
  if (roots.length !== 1) return { ok: false, error: `expected one root element, found ${roots.length}` };
  return { ok: true, root: roots[0] as XmlElement };
}

export function* walk(element: XmlElement): Generator<XmlElement> {
  yield element;
  for (const child of element.children) yield* walk(child);
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
