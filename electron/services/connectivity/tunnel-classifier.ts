// Which network interfaces are VPN tunnels. Pure: it sees a recorded interface list, so the same
// code is unit-tested on Windows, macOS and Linux lists from any machine.
// Name patterns, Windows adapter descriptions, the all-zero MAC and (on Linux) the link type
// identify tunnels better than systeminformation's `virtual`/`type` fields, which only guess.
import type { TunnelEvidence, TunnelKind, TunnelRule } from '../../../shared/domain/connectivity';

export interface InterfaceAddress {
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

/** One interface as the OS reports it (os.networkInterfaces plus optional details). */
export interface InterfaceRecord {
  name: string;
  addresses: InterfaceAddress[];
  mac?: string;
  /** Windows adapter description (systeminformation's ifaceName), when known */
  description?: string;
  /** Linux /sys/class/net/IF/type: 65534 = ARPHRD_NONE (tun), 776 = sit, 768 = ipip, 823 = ip6gre ... */
  linkType?: number;
}

interface BuiltinRule {
  name?: RegExp;
  description?: RegExp;
  kind: TunnelKind;
}

// Order matters: the first match wins, so specific names come before generic ones (cscotun before tun).
const BUILTIN_RULES: readonly BuiltinRule[] = [
  { name: /^cscotun\d*$/i, kind: 'anyconnect' },
  { name: /^gpd\d*$/i, kind: 'globalprotect' },
  { name: /^(fortissl|fctvpn|fortinet)/i, kind: 'fortinet' },
  { name: /^(jnprtun|pulse|pulsevpn)/i, kind: 'pulse' },
  { name: /^wg[\w-]*$/i, kind: 'wireguard' },
  { name: /^(tun|tap)\d*$/i, kind: 'openvpn' },
  { name: /^(ipsec|xfrm|vti|ip_vti)\d*/i, kind: 'ipsec' },
  { name: /^ppp\d*$/i, kind: 'ppp' },
  { name: /^utun\d+$/i, kind: 'utun' },
  // Windows adapter descriptions of the common clients.
  { description: /anyconnect|cisco secure client|cisco systems vpn/i, kind: 'anyconnect' },
  { description: /^pangp virtual/i, kind: 'globalprotect' },
  { description: /fortinet|forticlient/i, kind: 'fortinet' },
  { description: /juniper networks virtual|pulse secure|ivanti secure/i, kind: 'pulse' },
  { description: /wireguard tunnel/i, kind: 'wireguard' },
  { description: /tap-windows|openvpn/i, kind: 'openvpn' },
  // Wintun is WireGuard's driver, also used by other clients: name it after its origin.
  { description: /wintun/i, kind: 'wireguard' },
  { description: /wan miniport \((ikev2|l2tp|ipsec)\)/i, kind: 'ipsec' },
  { description: /wan miniport \((pptp|pppoe|sstp)\)/i, kind: 'ppp' },
];

// Interfaces that are virtual but never a VPN (containers, VMs, bridges): skipped by the heuristics.
const NOT_TUNNEL = /^(lo\d*|docker\d*|br-|virbr|veth|vboxnet|vmnet|cni|flannel|cali|podman|awdl|llw|bridge|anpi|ap\d|teredo|isatap|6to4|loopback)/i;
const NOT_TUNNEL_DESCRIPTION = /teredo|isatap|6to4|loopback|hyper-v|virtualbox|vmware/i;

/** Linux link types that are layer-3 tunnels (ARPHRD_*): none, ipip, sit, ip6tnl, ipgre, ip6gre. */
const TUNNEL_LINK_TYPES = new Set([65534, 768, 769, 776, 778, 823]);

const ZERO_MAC = /^(00:){5}00$/;

export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export function isLinkLocal(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/.test(a);
}

interface CompiledRule {
  name?: RegExp;
  description?: RegExp;
  kind: TunnelKind;
  ignore: boolean;
}

export function compileRules(rules: readonly TunnelRule[] = []): CompiledRule[] {
  return rules.map((r) => ({
    ...(r.name !== undefined ? { name: globToRegExp(r.name) } : {}),
    ...(r.description !== undefined ? { description: globToRegExp(r.description) } : {}),
    kind: r.kind ?? 'policy',
    ignore: r.ignore === true,
  }));
}

function ruleMatches(rule: { name?: RegExp; description?: RegExp }, iface: InterfaceRecord): boolean {
  if (rule.name && !rule.name.test(iface.name)) return false;
  if (rule.description && !(iface.description !== undefined && rule.description.test(iface.description))) return false;
  return rule.name !== undefined || rule.description !== undefined;
}

/** The tunnel kind of one interface, or null when it is not a tunnel. */
export function classifyInterface(iface: InterfaceRecord, policy: readonly CompiledRule[] = []): TunnelKind | null {
  if (iface.addresses.length > 0 && iface.addresses.every((a) => a.internal)) return null;
  for (const rule of policy) {
    if (ruleMatches(rule, iface)) return rule.ignore ? null : rule.kind;
  }
  for (const rule of BUILTIN_RULES) {
    if (ruleMatches(rule, iface)) return rule.kind;
  }
  if (NOT_TUNNEL.test(iface.name)) return null;
  if (iface.description !== undefined && NOT_TUNNEL_DESCRIPTION.test(iface.description)) return null;
  // A layer-3 device without a hardware address that no rule names: some tunnel we do not know.
  if (iface.linkType !== undefined && TUNNEL_LINK_TYPES.has(iface.linkType)) return 'unknown';
  if (iface.mac !== undefined && ZERO_MAC.test(iface.mac) && iface.linkType === undefined) return 'unknown';
  return null;
}

/** The tunnels among the interfaces, with the addresses that tell whether they can carry traffic. */
export function classifyTunnels(interfaces: readonly InterfaceRecord[], rules: readonly TunnelRule[] = []): TunnelEvidence[] {
  const policy = compileRules(rules);
  const tunnels: TunnelEvidence[] = [];
  for (const iface of interfaces) {
    const kind = classifyInterface(iface, policy);
    if (kind === null) continue;
    const addresses = iface.addresses.filter((a) => !a.internal).map((a) => a.address);
    tunnels.push({
      name: iface.name,
      kind,
      ...(iface.description !== undefined ? { description: iface.description } : {}),
      addresses,
      // Some IPsec clients keep their interface with only a link-local address after the tunnel
      // dropped: an interface alone is not proof that the tunnel carries traffic.
      routable: addresses.some((a) => !isLinkLocal(a)),
    });
  }
  return tunnels;
}

