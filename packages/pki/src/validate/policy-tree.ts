/**
 * The valid_policy_tree of RFC 5280 §6.1: certificate policies
 * (§6.1.3 (d)–(e)), policy mappings (§6.1.4 (a)–(b)) and the intersection
 * with the user's initial policy set (§6.1.5 (g)). Policy qualifiers are
 * not kept: nothing here interprets them.
 */
import { OID } from '../oids.js';

export interface PolicyNode {
  validPolicy: string;
  expectedPolicySet: Set<string>;
  children: PolicyNode[];
  parent: PolicyNode | undefined;
  depth: number;
}

const ANY = OID.anyPolicy;

/** The initial tree: one anyPolicy node at depth 0. */
export function createPolicyTree(): PolicyNode {
  return { validPolicy: ANY, expectedPolicySet: new Set([ANY]), children: [], parent: undefined, depth: 0 };
}

function addChild(parent: PolicyNode, validPolicy: string, expected: Iterable<string>): void {
  parent.children.push({
    validPolicy,
    expectedPolicySet: new Set(expected),
    children: [],
    parent,
    depth: parent.depth + 1,
  });
}

export function nodesAt(root: PolicyNode, depth: number): PolicyNode[] {
  let level = [root];
  for (let d = 0; d < depth; d++) level = level.flatMap((node) => node.children);
  return level;
}

function remove(node: PolicyNode): void {
  if (node.parent) node.parent.children = node.parent.children.filter((child) => child !== node);
}

/** Removes childless nodes above `depth`, deepest first; undefined when the root itself goes. */
function prune(root: PolicyNode, depth: number): PolicyNode | undefined {
  for (let d = depth - 1; d >= 0; d--) {
    for (const node of nodesAt(root, d)) if (node.children.length === 0) remove(node);
  }
  return depth > 0 && root.children.length === 0 ? undefined : root;
}

/**
 * §6.1.3 (d) for certificate `depth` with the given policy OIDs;
 * `anyPolicyHonoured` is (d)(2)'s condition (inhibit_anyPolicy > 0, or a
 * self-issued intermediate). Returns the tree, or undefined when it is now empty.
 */
export function processCertificatePolicies(
  root: PolicyNode,
  depth: number,
  policies: readonly string[],
  anyPolicyHonoured: boolean,
): PolicyNode | undefined {
  const parents = nodesAt(root, depth - 1);
  for (const policy of policies) {
    if (policy === ANY) continue;
    const matching = parents.filter((node) => node.expectedPolicySet.has(policy));
    const targets = matching.length > 0 ? matching : parents.filter((node) => node.validPolicy === ANY);
    for (const node of targets) addChild(node, policy, [policy]);
  }
  if (policies.includes(ANY) && anyPolicyHonoured) {
    for (const node of parents) {
      for (const expected of node.expectedPolicySet) {
        if (!node.children.some((child) => child.validPolicy === expected))
          addChild(node, expected, [expected]);
      }
    }
  }
  return prune(root, depth);
}

/**
 * §6.1.4 (b) for certificate `depth`'s policy mappings (issuer domain →
 * subject domain pairs, already checked to contain no anyPolicy).
 */
export function applyPolicyMappings(
  root: PolicyNode,
  depth: number,
  mappings: readonly (readonly [string, string])[],
  mappingAllowed: boolean,
): PolicyNode | undefined {
  const issuerPolicies = [...new Set(mappings.map(([issuer]) => issuer))];
  for (const policy of issuerPolicies) {
    const mapped = mappings.filter(([issuer]) => issuer === policy).map(([, subject]) => subject);
    const nodes = nodesAt(root, depth).filter((node) => node.validPolicy === policy);
    if (!mappingAllowed) {
      nodes.forEach(remove);
      continue;
    }
    if (nodes.length > 0) {
      for (const node of nodes) node.expectedPolicySet = new Set(mapped);
    } else {
      const any = nodesAt(root, depth).find((node) => node.validPolicy === ANY);
      if (any?.parent) addChild(any.parent, policy, mapped);
    }
  }
  return mappingAllowed ? root : prune(root, depth);
}

/** §6.1.5 (g): the tree restricted to the user's initial policy set. */
export function intersectWithInitialPolicies(
  root: PolicyNode,
  depth: number,
  initial: readonly string[],
): PolicyNode | undefined {
  if (initial.includes(ANY)) return root;
  const all: PolicyNode[] = [];
  const walk = (node: PolicyNode): void => {
    all.push(node);
    node.children.forEach(walk);
  };
  walk(root);
  const validNodeSet = all.filter((node) => node.parent?.validPolicy === ANY);
  for (const node of validNodeSet) {
    if (node.validPolicy !== ANY && !initial.includes(node.validPolicy)) remove(node);
  }
  const anyLeaf = nodesAt(root, depth).find((node) => node.validPolicy === ANY);
  if (anyLeaf?.parent) {
    const present = new Set(validNodeSet.map((node) => node.validPolicy));
    for (const policy of initial) if (!present.has(policy)) addChild(anyLeaf.parent, policy, [policy]);
    remove(anyLeaf);
  }
  return prune(root, depth);
}

/** The policies the path is valid for: the valid_policy of every node at the leaf depth. */
export function leafPolicies(root: PolicyNode | undefined, depth: number): string[] {
  return root ? [...new Set(nodesAt(root, depth).map((node) => node.validPolicy))] : [];
}

/**
 * The user-constrained-policy-set: the valid_policy of every node whose
 * parent is an anyPolicy node (the policies of the anchor's domain,
 * before mapping), the tree pruned so every branch reaches the leaf depth.
 */
export function authorityPolicies(root: PolicyNode | undefined): string[] {
  if (!root) return [];
  const found = new Set<string>();
  const walk = (node: PolicyNode): void => {
    if (node.parent?.validPolicy === ANY) found.add(node.validPolicy);
    node.children.forEach(walk);
  };
  walk(root);
  return root.children.length === 0 ? [ANY] : [...found];
}
