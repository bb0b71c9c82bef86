/**
 * Differential check of the canonicaliser the signatures rest on: our
 * whole-document C14N 1.0 and exclusive C14N against libxml2's
 * (`xmllint --c14n` / `--exc-c14n`), on documents that exercise the rules.
 */
import { describe, expect, it } from 'vitest';
import {
  C14N,
  canonicalize,
  canonicalizeDocument,
  descendants,
  parseXml,
  serializeXml,
} from '../src/xml/dom.js';
import { xmllintCanonical } from './support/xmlsec.js';

const DOCUMENTS: [string, string][] = [
  [
    'attribute order, namespaced attributes',
    '<a xmlns:b="urn:b" z="1" b:y="2" a="3" xmlns:c="urn:c" c:a="4"/>',
  ],
  ['a redundant namespace declaration', '<a xmlns:x="urn:x"><b xmlns:x="urn:x"><x:c/></b></a>'],
  ['a prefix rebound below', '<a xmlns:x="urn:x"><x:b xmlns:x="urn:y"><x:c/></x:b></a>'],
  ['the default namespace undeclared', '<a xmlns="urn:a"><b xmlns=""><c/></b></a>'],
  ['an unused namespace declaration', '<a xmlns:unused="urn:u"><b>t</b></a>'],
  ['escaping in text and attributes', '<a t="&lt;&amp;&quot;&#9;&#10;&#13;\'&gt;">&lt;&gt;&amp;&#13;"\'</a>'],
  ['CDATA', '<a><![CDATA[<x> & ]]y]]></a>'],
  ['processing instructions around the root', '<?first one?><a><?inner x?></a><?last?>'],
  ['a processing instruction without data', '<a><?empty?>t</a>'],
  ['a prefix used only by an attribute', '<a xmlns:x="urn:x"><b x:attr="1"/></a>'],
  ['default namespaces nested and changed', '<a xmlns="urn:1"><b xmlns="urn:2"><c xmlns="urn:1"/></b></a>'],
  ['a prefix in content only (QName in text)', '<a xmlns:q="urn:q"><b>q:name</b></a>'],
  ['mixed prefixed and default', '<p:a xmlns:p="urn:p" xmlns="urn:d"><b><p:c d="1"/></b></p:a>'],
  [
    'deep nesting with redeclarations',
    '<a xmlns:x="urn:x"><b><c xmlns:x="urn:x"><x:d xmlns:y="urn:y"/></c></b></a>',
  ],
  ['an empty element and whitespace in tags', '<a   b = "1" ><c/></a >'],
  ['attribute value normalisation', '<a b="x\ny\tz"/>'],
  ['xml:lang and xml:space', '<a xml:lang="ru" xml:space="preserve"><b xml:lang="en"> x </b></a>'],
  ['non-ASCII text', '<документ вид="акт">Сумма: 1 200,00 ₽ — 𝄞</документ>'],
  ['line ends', '<a>one\r\ntwo\rthree</a>'],
  ['character references', '<a>&#x41;&#1071;&#x1F600;</a>'],
];

describe.each([
  ['C14N 1.0', C14N.c14n, 'c14n'],
  ['exclusive C14N', C14N.excC14n, 'exc-c14n'],
] as const)('%s', (_label, method, tool) => {
  it.each(DOCUMENTS)('%s: the same octets as xmllint', (_name, xml) => {
    const ours = canonicalizeDocument(parseXml(xml), method);
    expect(ours).toBe(new TextDecoder().decode(xmllintCanonical(xml, tool)));
  });
});

describe('exclusive C14N of a document subset', () => {
  it.each(DOCUMENTS)('%s: each element the same as xmllint on that element standing alone', (_name, xml) => {
    for (const element of descendants(parseXml(xml).documentElement)) {
      const alone = serializeXml(element);
      expect(canonicalize(element, C14N.excC14n), alone).toBe(
        new TextDecoder().decode(xmllintCanonical(alone, 'exc-c14n')),
      );
    }
  });
});

describe('serialising a parsed document', () => {
  it.each(DOCUMENTS)('%s: keeps its canonical form', (_name, xml) => {
    const parsed = parseXml(xml);
    expect(canonicalizeDocument(parseXml(serializeXml(parsed)), C14N.c14n)).toBe(
      canonicalizeDocument(parsed, C14N.c14n),
    );
  });
});
