// Which peers may tell the server the client's address (X-Forwarded-For): the reverse proxies or
// load balancers in front of it, by address or CIDR. Behind them, request.ip is the address the
// proxy saw, so the sign-in throttle and the logs name the person's address, not the proxy's; a
// peer not on the list is its own client and its header is ignored.
import net from 'node:net';

/** checks each entry (an IPv4/IPv6 address or CIDR); throws naming the first bad one */
export function parseTrustProxy(entries: readonly string[]): string[] {
  return entries.map((raw) => {
    const entry = raw.trim();
    const [address = '', prefix, extra] = entry.split('/');
    const family = net.isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 0 && Number(prefix) <= max);
    if (!family || extra !== undefined || !prefixOk)
      throw new Error(`trustProxy: "${raw}" is not an IP address or CIDR (e.g. 10.0.0.5, 10.0.0.0/24, fd00::/64)`);
    return entry;
  });
}
