import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '../core/domain-error.js';

/**
 * Where webhooks may go. The server posts to whatever URL a subscriber
 * names, so without a rule a subscription would make it reach inside the
 * network (SSRF): loopback, private (RFC 1918), link-local (cloud metadata),
 * CGNAT, unique-local IPv6, multicast, unspecified and reserved addresses
 * are refused unless `PODPIS_WEBHOOK_ALLOWED_HOSTS` names the host or a
 * CIDR that holds the address. The host is resolved when the subscription
 * is made and again at every attempt, and the attempt connects to the very
 * address checked (no second lookup an attacker's DNS could answer
 * differently). `https:` only, unless the host is allow-listed; never
 * credentials in the URL.
 */

export interface WebhookUrlPolicy {
  /** Host names allowed whatever they resolve to, lower case. */
  readonly hosts: ReadonlySet<string>;
  /** Addresses allowed although they are internal. */
  readonly networks: Networks;
  /** DNS resolution (tests may answer for names they invent). */
  readonly lookup: (host: string) => Promise<{ address: string; family: number }[]>;
}

/** The address an attempt connects to, checked. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Address ranges, one list per family: Node's BlockList matches an IPv4
 * address against IPv6 rules as IPv4-mapped (::ffff:a.b.c.d), so one list
 * refusing ::ffff:0:0/96 would refuse every IPv4 address.
 */
export class Networks {
  readonly #v4 = new BlockList();
  readonly #v6 = new BlockList();

  add(network: string, prefix: number): void {
    if (isIP(network) === 4) this.#v4.addSubnet(network, prefix, 'ipv4');
    else this.#v6.addSubnet(network, prefix, 'ipv6');
  }

  has(address: string): boolean {
    return isIP(address) === 4 ? this.#v4.check(address, 'ipv4') : this.#v6.check(address, 'ipv6');
  }
}

const FORBIDDEN = new Networks();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  FORBIDDEN.add(network, prefix);
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped: would reach any IPv4 address around the checks
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  FORBIDDEN.add(network, prefix);
}

function familyOf(address: string): 4 | 6 {
  return isIP(address) === 4 ? 4 : 6;
}

async function systemLookup(host: string): Promise<{ address: string; family: number }[]> {
  return dnsLookup(host, { all: true, verbatim: true });
}

/** The policy of `PODPIS_WEBHOOK_ALLOWED_HOSTS` entries (host names, addresses, CIDRs; checked by the config). */
export function webhookUrlPolicy(
  allowed: readonly string[],
  lookup: WebhookUrlPolicy['lookup'] = systemLookup,
): WebhookUrlPolicy {
  const hosts = new Set<string>();
  const networks = new Networks();
  for (const entry of allowed) {
    const [address, prefix] = entry.split('/');
    if (address !== undefined && isIP(address) !== 0) {
      networks.add(address, prefix === undefined ? (familyOf(address) === 4 ? 32 : 128) : Number(prefix));
    } else {
      hosts.add(entry.toLowerCase());
    }
  }
  return { hosts, networks, lookup };
}

function notAllowed(url: string, reason: string): DomainError {
  return new DomainError('WEBHOOK_URL_NOT_ALLOWED', `webhooks may not go to ${url}: ${reason}`, { reason });
}

/** The URL as given, parsed: http(s), no credentials (400 WEBHOOK_URL_INVALID otherwise). */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DomainError('WEBHOOK_URL_INVALID', 'the webhook URL is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DomainError('WEBHOOK_URL_INVALID', `a webhook URL is https://, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new DomainError('WEBHOOK_URL_INVALID', 'a webhook URL carries no user name or password');
  }
  if (url.hash !== '') {
    throw new DomainError('WEBHOOK_URL_INVALID', 'a webhook URL has no #fragment');
  }
  return url;
}

/**
 * Resolves the URL's host and checks every address it has (an attacker's
 * name may resolve to a public and a private one): the address to connect
 * to, or 422 WEBHOOK_URL_NOT_ALLOWED with the reason.
 */
export async function resolveWebhookTarget(policy: WebhookUrlPolicy, text: string): Promise<WebhookTarget> {
  const url = parseWebhookUrl(text);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const namedAllowed = policy.hosts.has(host);
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: familyOf(host) }];
  } else {
    try {
      addresses = await policy.lookup(host);
    } catch {
      throw notAllowed(url.origin, `the host ${host} does not resolve`);
    }
    if (addresses.length === 0) throw notAllowed(url.origin, `the host ${host} does not resolve`);
  }
  const checked = addresses.map(({ address }) => {
    const bare = address.replace(/%.*$/, '');
    return { address: bare, listed: policy.networks.has(bare), internal: FORBIDDEN.has(bare) };
  });
  const internal = checked.find((a) => a.internal && !a.listed);
  if (!namedAllowed && internal) {
    throw notAllowed(
      url.origin,
      `${host} resolves to ${internal.address}, an internal address (allow it with PODPIS_WEBHOOK_ALLOWED_HOSTS)`,
    );
  }
  const allowListed = namedAllowed || checked.every((a) => a.listed);
  if (url.protocol === 'http:' && !allowListed) {
    throw notAllowed(url.origin, 'plain http:// only to a host PODPIS_WEBHOOK_ALLOWED_HOSTS names');
  }
  const { address } = checked[0]!;
  return { url, address, family: familyOf(address) };
}
