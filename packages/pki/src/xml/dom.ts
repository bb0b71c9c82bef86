/**
 * Safe XML parsing and canonicalisation for XMLDSig: `@xmldom/xmldom`
 * parses, `xml-crypto`'s C14N 1.0 and exclusive C14N classes canonicalise;
 * this module is the glue (refusing DTDs, limits, namespace context for a
 * document subset, the document-level canonical form).
 */
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { C14nCanonicalization, ExclusiveCanonicalization } from 'xml-crypto';
import { PkiError } from '../errors.js';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
export const EXC_C14N_NS = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** Canonicalisation and transform URIs (XMLDSig 1.1 §6.5, §6.6). */
export const C14N = {
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  c14nWithComments: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  excC14nWithComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
} as const;

export const TRANSFORM = {
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  base64: 'http://www.w3.org/2000/09/xmldsig#base64',
} as const;

export interface XmlLimits {
  /** Largest input in bytes; TOO_LARGE past it. */
  maxBytes: number;
  /** Deepest element nesting; TOO_DEEP past it (canonicalisation recurses). */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 64 * 1024 * 1024, maxDepth: 256 };

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const PROCESSING_INSTRUCTION_NODE = 7;

/** The text of `xml` as UTF-8, the only encoding accepted. */
export function decodeXml(xml: Uint8Array, limits: XmlLimits = DEFAULT_XML_LIMITS): string {
  if (xml.length > limits.maxBytes) {
    throw new PkiError(
      'TOO_LARGE',
      `the XML is ${xml.length} bytes; at most ${limits.maxBytes} are accepted`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch (cause) {
    throw new PkiError('MALFORMED_XML', 'the XML is not valid UTF-8', '', { cause });
  }
}

/**
 * Parses XML text. A document type declaration is refused outright
 * (XML_DOCTYPE_FORBIDDEN) before the parser sees it, so no DTD, external
 * entity or entity expansion (billion laughs) can take effect; anything not
 * well-formed is MALFORMED_XML; nesting past `maxDepth` is TOO_DEEP.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): Document {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new PkiError(
      'XML_DOCTYPE_FORBIDDEN',
      'the XML has a document type declaration, which is not accepted',
    );
  }
  // xmldom reports an error thrown from a handler once more, wrapped; the first one says what is wrong.
  let first: string | undefined;
  const fail = (message: string): never => {
    first ??= message
      .replace(/^\[xmldom [A-Za-z]+\]\s*/, '')
      .replace(/\s*@#\[line:(\d+),col:(\d+)\]/, ' (line $1, column $2)')
      .trim();
    throw new PkiError('MALFORMED_XML', `the XML is not well-formed: ${first}`);
  };
  const parser = new DOMParser({
    locator: {},
    errorHandler: { warning: fail, error: fail, fatalError: fail },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'application/xml');
  } catch (cause) {
    if (cause instanceof PkiError) throw cause;
    throw new PkiError('MALFORMED_XML', `the XML is not well-formed: ${String(cause)}`, '', { cause });
  }
  const top = Array.from(doc.childNodes);
  if (!top.some(isElement)) fail('no root element');
  if (top.some((node) => node.nodeType === TEXT_NODE && node.nodeValue?.trim()))
    fail('text outside the root element');
  checkTree(doc, limits.maxDepth);
  return doc;
}

/** Nesting within `maxDepth`, and every prefix bound (Namespaces in XML §5), which xmldom does not check. */
function checkTree(doc: Document, maxDepth: number): void {
  const stack: [Node, number][] = [[doc, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > maxDepth) {
      throw new PkiError('TOO_DEEP', `the XML nests elements deeper than ${maxDepth}`);
    }
    if (isElement(node)) checkPrefixes(node);
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE) stack.push([child, depth + 1]);
    }
  }
}

function checkPrefixes(element: Element): void {
  const named: (Element | Attr)[] = [element, ...Array.from(element.attributes)];
  for (const node of named) {
    if (node.prefix && node.prefix !== 'xmlns' && node.prefix !== 'xml' && !node.namespaceURI) {
      throw new PkiError(
        'MALFORMED_XML',
        `the XML is not well-formed: prefix "${node.prefix}" is not declared`,
      );
    }
  }
}

/**
 * The XML text of `node`. xmldom writes a carriage return in text as it is,
 * which a parser reads back as a line feed; a parsed DOM holds one only
 * where the text had `&#13;` (line ends are normalised, and comments,
 * CDATA and processing instructions cannot carry references; attribute
 * values xmldom escapes itself), so every one left is written back as
 * `&#13;` and the canonical form survives the round trip.
 */
export function serializeXml(node: Node): string {
  return new XMLSerializer().serializeToString(node).replace(/\r/g, '&#13;');
}

export function isElement(node: Node | null): node is Element {
  return node !== null && node.nodeType === ELEMENT_NODE;
}

/** The element children of `parent`, optionally only those named `localName` in `ns`. */
export function childElements(parent: Node, ns?: string, localName?: string): Element[] {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (!isElement(child)) continue;
    if (ns !== undefined && (child.namespaceURI !== ns || child.localName !== localName)) continue;
    out.push(child);
  }
  return out;
}

export function firstChild(parent: Node, ns: string, localName: string): Element | undefined {
  return childElements(parent, ns, localName)[0];
}

/** Every element in document order under (and including) `root`, without recursion. */
export function descendants(root: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [root];
  for (let element = stack.pop(); element; element = stack.pop()) {
    out.push(element);
    stack.push(...childElements(element).reverse());
  }
  return out;
}

/** An attribute's value, undefined when absent (xmldom answers '' for an absent attribute). */
export function attributeOf(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? '') : undefined;
}

/** Every ds:Signature in the document, in document order. */
export function signatureElements(doc: Document): Element[] {
  return descendants(doc.documentElement).filter(
    (e) => e.namespaceURI === DSIG_NS && e.localName === 'Signature',
  );
}

/** A signature's XAdES QualifyingProperties (in one of its ds:Object children), if any. */
export function qualifyingProperties(signature: Element): Element | undefined {
  return childElements(signature, DSIG_NS, 'Object')
    .flatMap((o) => childElements(o, XADES_NS, 'QualifyingProperties'))
    .at(0);
}

export type C14nMethod = (typeof C14N)[keyof typeof C14N];

export function isC14nMethod(uri: string): uri is C14nMethod {
  return (Object.values(C14N) as string[]).includes(uri);
}

/** The namespace declarations in scope at `element` from its ancestors, nearest binding per prefix. */
function ancestorNamespaces(element: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let node = element.parentNode; isElement(node); node = node.parentNode) {
    for (const attr of Array.from(node.attributes)) {
      const prefix = attr.name === 'xmlns' ? '' : attr.prefix === 'xmlns' ? attr.localName : undefined;
      if (prefix !== undefined && !seen.has(prefix)) seen.set(prefix, attr.value);
    }
  }
  const own = new Set(
    Array.from(element.attributes)
      .filter((a) => a.name === 'xmlns' || a.prefix === 'xmlns')
      .map((a) => (a.name === 'xmlns' ? '' : a.localName)),
  );
  // xml-crypto renders an unprefixed element's default namespace itself; passing it again would repeat it.
  if (!element.prefix) own.add('');
  return [...seen]
    .filter(([prefix, uri]) => uri !== '' && !own.has(prefix))
    .map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

/** A processing instruction's canonical form (C14N 1.0 §2.3), or undefined for any other node. */
function processingInstruction(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if ((node as Node).nodeType !== PROCESSING_INSTRUCTION_NODE) return undefined;
  const pi = node as ProcessingInstruction;
  return `<?${pi.target}${pi.data ? ` ${pi.data}` : ''}?>`;
}

/**
 * xml-crypto renders a processing instruction inside an element as its
 * data, escaped as text (and fails on one without data): these subclasses
 * render it as C14N requires, so `<?x 1?>` and the text `1` differ.
 */
class C14n extends C14nCanonicalization {
  constructor(comments: boolean) {
    super();
    this.includeComments = comments;
  }

  override processInner(...args: Parameters<C14nCanonicalization['processInner']>): string {
    return processingInstruction(args[0]) ?? super.processInner(...args);
  }
}

class ExclusiveC14n extends ExclusiveCanonicalization {
  constructor(comments: boolean) {
    super();
    this.includeComments = comments;
  }

  override processInner(...args: Parameters<ExclusiveCanonicalization['processInner']>): string {
    return processingInstruction(args[0]) ?? super.processInner(...args);
  }
}

/**
 * The canonical form of the subtree at `element` (a document subset: for
 * C14N 1.0 the namespaces in scope from its ancestors are rendered on it).
 * `prefixList` is exclusive C14N's InclusiveNamespaces PrefixList.
 */
export function canonicalize(
  element: Element,
  method: C14nMethod,
  prefixList: readonly string[] = [],
): string {
  switch (method) {
    case C14N.c14n:
      return new C14n(false).process(withInheritedXmlAttributes(element), {
        ancestorNamespaces: ancestorNamespaces(element),
      });
    case C14N.c14nWithComments:
      return new C14n(true).process(withInheritedXmlAttributes(element), {
        ancestorNamespaces: ancestorNamespaces(element),
      });
    case C14N.excC14n:
      return new ExclusiveC14n(false).process(element, {
        inclusiveNamespacesPrefixList: [...prefixList],
      });
    case C14N.excC14nWithComments:
      return new ExclusiveC14n(true).process(element, {
        inclusiveNamespacesPrefixList: [...prefixList],
      });
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * C14N 1.0 §2.4: the apex of a document subset carries the xml:* attributes
 * (xml:lang, xml:space, xml:base…) it inherits from its ancestors; xml-crypto
 * does not add them, so a copy of the element gets them when there are any.
 */
function withInheritedXmlAttributes(element: Element): Element {
  const inherited = new Map<string, string>();
  for (let node = element.parentNode; isElement(node); node = node.parentNode) {
    for (const attr of Array.from(node.attributes)) {
      if (attr.namespaceURI === XML_NS && !inherited.has(attr.name) && !element.hasAttribute(attr.name)) {
        inherited.set(attr.name, attr.value);
      }
    }
  }
  if (inherited.size === 0) return element;
  const copy = element.cloneNode(true) as Element;
  for (const [name, value] of inherited) copy.setAttributeNS(XML_NS, name, value);
  return copy;
}

/**
 * The canonical form of a whole document without comments (as `URI=""`
 * selects it, XMLDSig §4.4.3.3): processing instructions outside the root
 * element kept, separated by a line feed (C14N 1.0 §2.3).
 */
export function canonicalizeDocument(
  doc: Document,
  method: C14nMethod,
  prefixList: readonly string[] = [],
): string {
  const root = doc.documentElement;
  const parts: string[] = [];
  let afterRoot = false;
  for (let child = doc.firstChild; child; child = child.nextSibling) {
    if (child === root) {
      parts.push(canonicalize(root, withoutComments(method), prefixList));
      afterRoot = true;
    } else if (child.nodeName !== 'xml') {
      const text = processingInstruction(child);
      if (text !== undefined) parts.push(afterRoot ? `\n${text}` : `${text}\n`);
    }
  }
  return parts.join('');
}

/** The method without comments: a same-document reference's node-set has none (XMLDSig §4.4.3.3). */
export function withoutComments(method: C14nMethod): C14nMethod {
  if (method === C14N.c14nWithComments) return C14N.c14n;
  if (method === C14N.excC14nWithComments) return C14N.excC14n;
  return method;
}

/** Elements under `root` by their Id/ID/id attribute; an id seen twice maps to `null` (wrapping attacks). */
export function elementsById(root: Element): Map<string, Element | null> {
  const byId = new Map<string, Element | null>();
  for (const element of descendants(root)) {
    for (const name of ['Id', 'ID', 'id']) {
      const value = element.getAttribute(name);
      if (value === null || value === '') continue;
      byId.set(value, byId.has(value) ? null : element);
    }
  }
  return byId;
}

/** Text escaped for XML character data and attribute values (C14N's rules). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;');
}

const BASE64_CHUNK = 0x8000;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  }
  return btoa(binary);
}

/** Bytes of base64 text with whitespace in it (as XML carries it); undefined if it is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\s]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  return Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
}
