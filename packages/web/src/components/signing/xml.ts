const INDENT = '  ';

function attributes(element: Element): string {
  return Array.from(
    element.attributes,
    (attribute) => ` ${attribute.name}="${attribute.value.replace(/"/g, '&quot;')}"`,
  ).join('');
}

function lines(node: Node, depth: number, out: string[]): void {
  const pad = INDENT.repeat(depth);
  switch (node.nodeType) {
    case Node.ELEMENT_NODE: {
      const element = node as Element;
      const children = Array.from(element.childNodes).filter(
        (child) => child.nodeType !== Node.TEXT_NODE || (child.textContent ?? '').trim() !== '',
      );
      const open = `<${element.tagName}${attributes(element)}`;
      if (children.length === 0) {
        out.push(`${pad}${open}/>`);
      } else if (children.length === 1 && children[0]?.nodeType === Node.TEXT_NODE) {
        out.push(`${pad}${open}>${(children[0].textContent ?? '').trim()}</${element.tagName}>`);
      } else {
        out.push(`${pad}${open}>`);
        for (const child of children) lines(child, depth + 1, out);
        out.push(`${pad}</${element.tagName}>`);
      }
      return;
    }
    case Node.TEXT_NODE:
      out.push(`${pad}${(node.textContent ?? '').trim()}`);
      return;
    case Node.CDATA_SECTION_NODE:
      out.push(`${pad}<![CDATA[${node.textContent ?? ''}]]>`);
      return;
    case Node.COMMENT_NODE:
      out.push(`${pad}<!--${node.textContent ?? ''}-->`);
      return;
    case Node.PROCESSING_INSTRUCTION_NODE: {
      const instruction = node as ProcessingInstruction;
      out.push(`${pad}<?${instruction.target} ${instruction.data}?>`);
      return;
    }
  }
}

/**
 * The XML indented for reading, as text: React escapes it when shown, so
 * the markup is never interpreted. Undefined when it is not well-formed
 * (the raw text is shown then). Whitespace-only text is dropped, which is
 * fine for reading, not for signing: the signed bytes are the file's own.
 */
export function prettyXml(text: string): string | undefined {
  const parsed = new DOMParser().parseFromString(text, 'application/xml');
  if (parsed.getElementsByTagName('parsererror').length > 0) return undefined;
  const out: string[] = [];
  for (const child of Array.from(parsed.childNodes)) lines(child, 0, out);
  return out.join('\n');
}
