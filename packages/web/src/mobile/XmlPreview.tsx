import { useMemo } from 'react';

/** One element as the outline shows it: its name, its attributes, its own text, then its children. */
export interface XmlOutlineNode {
  name: string;
  attributes: { name: string; value: string }[];
  text: string;
  children: XmlOutlineNode[];
}

/**
 * At most this many elements are shown: a preview carries 64 KiB, and a
 * phone should not lay out thousands of list items for one document.
 */
const MAX_ELEMENTS = 1000;
/** Deeper elements are left out, so that a hostile nesting cannot exhaust the render's stack. */
const MAX_DEPTH = 48;

function ownText(element: Element): string {
  let text = '';
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE || child.nodeType === Node.CDATA_SECTION_NODE) {
      text += child.nodeValue ?? '';
    }
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The document's elements as an outline, or null when it is not
 * well-formed XML (a preview cut at 64 KiB usually is not). DOMParser's
 * XML mode runs no script and loads nothing; the outline is plain data,
 * rendered by React as text.
 */
export function xmlOutline(source: string): { root: XmlOutlineNode; complete: boolean } | null {
  const parsed = new DOMParser().parseFromString(source, 'application/xml');
  // Browsers report a syntax error as a <parsererror> element in place of (or inside) the document.
  if (parsed.getElementsByTagName('parsererror').length > 0) return null;
  let budget = MAX_ELEMENTS;
  let complete = true;
  const visit = (element: Element, depth: number): XmlOutlineNode => {
    budget -= 1;
    const children: XmlOutlineNode[] = [];
    for (const child of Array.from(element.children)) {
      if (budget <= 0 || depth >= MAX_DEPTH) {
        complete = false;
        break;
      }
      children.push(visit(child, depth + 1));
    }
    return {
      name: element.nodeName,
      attributes: Array.from(element.attributes, ({ name, value }) => ({ name, value })),
      text: ownText(element),
      children,
    };
  };
  return { root: visit(parsed.documentElement, 0), complete };
}

function Outline({ node }: { node: XmlOutlineNode }) {
  return (
    <li>
      <span className="xml-name">{node.name}</span>
      {node.attributes.map((attribute) => (
        <span key={attribute.name} className="xml-attribute">
          {' '}
          {attribute.name}="{attribute.value}"
        </span>
      ))}
      {node.text && <span className="xml-text">: {node.text}</span>}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child, index) => (
            <Outline key={index} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * A text preview: an XML document as an indented outline of its elements
 * with their text (attributes muted), so that what is signed reads as
 * data rather than markup; any other text, or XML that does not parse, as
 * it is.
 */
export function TextPreview({ text, mediaType }: { text: string; mediaType: string }) {
  const outline = useMemo(
    () => (mediaType === 'application/xml' ? xmlOutline(text) : null),
    [text, mediaType],
  );
  if (!outline) return <pre tabIndex={0}>{text}</pre>;
  return (
    <div className="xml" tabIndex={0} data-testid="xml-outline">
      <ul>
        <Outline node={outline.root} />
      </ul>
      {!outline.complete && <span className="xml-more">…</span>}
    </div>
  );
}
