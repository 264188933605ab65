import { lookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';

const lookupAll = promisify(lookup);

/**
 * Only plain public unicast addresses may receive webhooks by default: loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local, multicast and reserved
 * ranges would let an admin's URL reach inside the network (SSRF).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** Why a target is refused, or null. Every address the host resolves to must be public. */
export async function refusalOf(url: URL): Promise<string | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host)
      ? [host]
      : (await lookupAll(host, { all: true, verbatim: true })).map((entry: LookupAddress) => entry.address);
  } catch {
    return `the host ${host} does not resolve`;
  }
  const blocked = addresses.find((address) => !isPublicAddress(address));
  return blocked
    ? `${host} resolves to ${blocked}, a loopback, private or link-local address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow)`
    : null;
}

/**
 * A `lookup` for http.request that refuses non-public answers at connection time, so a name that
 * resolved to a public address at registration cannot be re-pointed inside the network later.
 */
export function publicOnlyLookup(
  hostname: string,
  options: { family?: number | string; all?: boolean },
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  lookup(hostname, { ...options, all: true } as { all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked)
      return callback(
        Object.assign(new Error(`${hostname} resolves to ${blocked.address}, which is not a public address`), {
          code: 'EPRIVATEADDRESS',
        }),
        '',
      );
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
