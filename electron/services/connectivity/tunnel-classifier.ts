// Which network interfaces are VPN tunnels. Pure: it sees a recorded interface list (and, when the
// monitor has them, the routes), so the same code is tested on Windows, macOS and Linux lists from
// any machine, including the real outputs in test/fixtures/connectivity-corpus/.
//
// An interface is judged by what it does before what it is called: the interface type the OS
// reports (Windows ifType PPP/tunnel/virtual, IFF_POINTOPOINT, the Linux link type), whether it
// carries the route to the office and whether it carries the default route. Names and adapter
// descriptions are hints (they tell which client, and catch adapters whose type says nothing, such
// as TAP drivers that pose as Ethernet). IT's policy rules override everything.
import type {
  OfficeRouteEvidence,
  TunnelBasis,
  TunnelEvidence,
  TunnelKind,
  TunnelRule,
} from '../../../shared/domain/connectivity';

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
  /** Windows adapter description (GetAdaptersAddresses / systeminformation's ifaceName), when known */
  description?: string;
  /** Linux /sys/class/net/IF/type: 65534 = ARPHRD_NONE (tun), 776 = sit, 768 = ipip, 823 = ip6gre ... */
  linkType?: number;
  /** IFF_POINTOPOINT (Linux /sys/class/net/IF/flags, macOS ifconfig flags) */
  pointToPoint?: boolean;
  /**
   * Windows: the IANA ifType (GetAdaptersAddresses, Get-NetAdapter InterfaceType): 6 Ethernet,
   * 23 PPP (every RAS connection: PPPoE, PPTP, L2TP, SSTP, IKEv2), 53 proprietary virtual (Wintun,
   * WireGuard), 71 Wi-Fi, 131 tunnel (Teredo, ISATAP, IP-HTTPS), 243/244 mobile broadband.
   */
  ifType?: number;
  /** Windows: Get-NetAdapter MediaType ("802.3", "Native 802.11", "Wireless WAN", "WAN", "Tunnel", ...) */
  mediaType?: string;
  /** Windows: Get-NetAdapter HardwareInterface (true: a physical adapter) */
  hardware?: boolean;
}

/** What the routing table says about the interfaces, when the monitor looked. */
export interface RouteContext {
  /** the interface the route to the office leaves through */
  officeInterface?: string;
  /** the interfaces that carry a default route */
  defaultInterfaces?: readonly string[];
  /**
   * whether some other interface could carry a VPN (a LAN or Wi-Fi with a routable address);
   * classifyTunnels works it out from the whole list
   */
  otherUplink?: boolean;
}

interface BuiltinRule {
  name?: RegExp;
  description?: RegExp;
  kind: TunnelKind;
  /**
   * generic: the pattern names a kind of interface, not a VPN client (macOS utun, a bare PPP link):
   * then an interface that does nothing (no routable address, no route) or that is the ISP's own
   * link is not taken for a VPN.
   */
  generic?: true;
}

// Order matters: the first match wins, so specific names come before generic ones (cscotun before tun).
const BUILTIN_RULES: readonly BuiltinRule[] = [
  { name: /^cscotun\d*$/i, kind: 'anyconnect' },
  { name: /^gpd\d*$/i, kind: 'globalprotect' },
  { name: /^(fortissl|fctvpn|fortinet)/i, kind: 'fortinet' },
  { name: /^(jnprtun|pulse|pulsevpn)/i, kind: 'pulse' },
  { name: /^(wg[\w-]*|nordlynx|wgpia\d*)$/i, kind: 'wireguard' },
  { name: /^(tun|tap)\d*$/i, kind: 'openvpn' },
  { name: /^(ipsec|xfrm|vti|ip_vti)\d*/i, kind: 'ipsec' },
  { name: /^ppp\d*$/i, kind: 'ppp', generic: true },
  { name: /^utun\d+$/i, kind: 'utun', generic: true },
  // Windows adapter descriptions of the common clients.
  { description: /anyconnect|cisco secure client|cisco systems vpn/i, kind: 'anyconnect' },
  { description: /^pangp virtual/i, kind: 'globalprotect' },
  { description: /fortinet|forticlient/i, kind: 'fortinet' },
  { description: /juniper networks virtual|pulse secure|ivanti secure/i, kind: 'pulse' },
  { description: /wireguard tunnel|nordlynx|mullvad tunnel/i, kind: 'wireguard' },
  // TAP-Windows and its vendor builds ("TAP-ProtonVPN Windows Adapter V9", "TAP-NordVPN ...",
  // "TAP-Windows Adapter V9 for OpenVPN Connect"), OpenVPN's DCO driver, and vendors that renamed
  // the TAP driver outright.
  {
    description: /^tap-|\btap[- ]?adapter\b|tap-windows|openvpn|private internet access network adapter/i,
    kind: 'openvpn',
  },
  // Wintun is WireGuard's driver, also used by other clients ("sing-tun Tunnel" names it after itself).
  { description: /wintun|\bsing-tun\b/i, kind: 'wireguard' },
  { description: /wan miniport \((ikev2|l2tp|ipsec)\)|\bikev2\b/i, kind: 'ipsec' },
  { description: /wan miniport \((pptp|pppoe|sstp)\)/i, kind: 'ppp', generic: true },
  { description: /\b(l2tp|pptp|sstp)\b/i, kind: 'ppp' },
  // Other VPN and overlay clients' adapters, named by their vendors.
  {
    description:
      /\bvpn\b|tunnel|check point virtual network adapter|sonicwall|netextender|zscaler|zerotier|hamachi|f5 networks|array networks|barracuda|softether|windscribe|expressvpn|surfshark|cloudflare warp|tailscale/i,
    kind: 'unknown',
  },
  { name: /vpn|tunnel|^tailscale\d*$|^zt[0-9a-z]{8,}$|^ham\d+$/i, kind: 'unknown' },
];

// Interfaces that are virtual but never a VPN (containers, VMs, bridges): skipped by the heuristics.
const NOT_TUNNEL =
  /^(lo\d*$|docker\d*|br-|virbr|veth|vboxnet|vmnet|cni|flannel|cali|podman|awdl|llw|bridge|anpi|ap\d|teredo|isatap|6to4|loopback|vethernet|gif\d|stf\d|wwan|wwp|rmnet|ccmni)/i;
const MOBILE_BROADBAND = /^(wwan|wwp|rmnet|ccmni)/i;
const NOT_TUNNEL_DESCRIPTION =
  /teredo|isatap|6to4|ip-https|loopback|hyper-v|virtualbox|vmware|wi-fi direct|kernel debug|bluetooth|wsl/i;

/** Linux link types that are layer-3 tunnels (ARPHRD_*): none, ipip, sit, ip6tnl, ipgre, ip6gre, ppp. */
const TUNNEL_LINK_TYPES = new Set([65534, 768, 769, 776, 778, 823, 512]);

/** Windows ifTypes of connections that are not a LAN card: PPP (RAS), proprietary virtual, tunnel. */
const IFTYPE_PPP = 23;
const TUNNEL_IFTYPES = new Set([IFTYPE_PPP, 53, 131]);

const ZERO_MAC = /^(00[:-]){5}00$/;

export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export function isLinkLocal(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/.test(a);
}

/** RFC 1918 and unique-local (fc00::/7) addresses: what a VPN hands out, not what an ISP does. */
export function isPrivateAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (/^fd|^fc/.test(a)) return true;
  const m = /^(\d+)\.(\d+)\./.exec(a);
  if (!m) return false;
  const [o1, o2] = [Number(m[1]), Number(m[2])];
  return o1 === 10 || (o1 === 172 && o2 >= 16 && o2 <= 31) || (o1 === 192 && o2 === 168);
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

/** A tunnel, with what gave it away. */
export interface TunnelVerdict {
  kind: TunnelKind;
  basis: TunnelBasis;
}

/** What the interface type says, when the OS said anything: 'ppp', 'tunnel' or nothing. */
function typeSays(iface: InterfaceRecord): 'ppp' | 'tunnel' | null {
  if (iface.ifType === IFTYPE_PPP) return 'ppp';
  if (iface.ifType !== undefined && TUNNEL_IFTYPES.has(iface.ifType)) return 'tunnel';
  // NDIS media types of tunnels and RAS links; not "Wireless WAN" (a mobile broadband modem)
  if (iface.mediaType !== undefined && /^(tunnel|wan|cowan)$/i.test(iface.mediaType.trim())) return 'tunnel';
  if (iface.linkType === 512) return 'ppp';
  if (iface.linkType !== undefined && TUNNEL_LINK_TYPES.has(iface.linkType)) return 'tunnel';
  if (iface.pointToPoint === true) return 'tunnel';
  return null;
}

/**
 * The tunnel kind of one interface and why, or null when it is not a tunnel. `routes` is what the
 * routing table says; without it only the interface itself is judged.
 */
export function judgeInterface(
  iface: InterfaceRecord,
  policy: readonly CompiledRule[] = [],
  routes: RouteContext = {},
): TunnelVerdict | null {
  if (iface.addresses.length > 0 && iface.addresses.every((a) => a.internal)) return null;
  for (const rule of policy) {
    if (ruleMatches(rule, iface)) return rule.ignore ? null : { kind: rule.kind, basis: 'policy' };
  }
  // Virtual machines' and containers' adapters, bridges, IPv6 transition tunnels: never the VPN,
  // even when the office route leaves through them (a Hyper-V external switch at the office).
  if (NOT_TUNNEL.test(iface.name)) return null;
  if (iface.description !== undefined && NOT_TUNNEL_DESCRIPTION.test(iface.description)) return null;

  const external = iface.addresses.filter((a) => !a.internal).map((a) => a.address);
  const routable = external.some((a) => !isLinkLocal(a));
  const carriesOffice = routes.officeInterface !== undefined && routes.officeInterface === iface.name;
  const carriesDefault = routes.defaultInterfaces?.includes(iface.name) === true;
  const type = typeSays(iface);

  let verdict: TunnelVerdict | null = null;
  let generic = false;
  const rule = BUILTIN_RULES.find((r) => ruleMatches(r, iface));
  if (rule) {
    // A PPP link named after a VPN protocol ("Windscribe IKEv2") is that VPN: the type alone would only say PPP.
    verdict = { kind: rule.kind, basis: rule.description ? 'description' : 'name' };
    generic = rule.generic === true;
  } else if (type !== null) {
    verdict = { kind: type === 'ppp' ? 'ppp' : 'unknown', basis: 'type' };
    generic = true;
  } else if (
    iface.mac !== undefined &&
    ZERO_MAC.test(iface.mac) &&
    iface.linkType === undefined &&
    iface.ifType === undefined
  ) {
    // Windows without type details: a RAS connection has no hardware address.
    verdict = { kind: 'unknown', basis: 'mac' };
    generic = true;
  } else if (carriesOffice && !carriesDefault && routable && iface.hardware !== true && iface.ifType !== 71) {
    // The office is routed through an interface that is neither the way to the internet nor a
    // physical adapter: a split tunnel of some client no rule names.
    return { kind: 'unknown', basis: 'office-route' };
  }
  if (verdict === null || !generic) return verdict;

  // Generic tunnels (macOS utun, a PPP link, a type flag): judged by what they carry.
  // An ISP's PPPoE/L2TP link carries the default route (and so the office route too, through the
  // default) and is how this machine reaches the internet, not the office's VPN. It shows by a
  // public (or carrier-NAT) address, or by there being no other link a VPN could run over.
  if (carriesDefault && (verdict.kind === 'ppp' || verdict.kind === 'unknown')) {
    const publicAddress = external.some((a) => !isLinkLocal(a) && !isPrivateAddress(a));
    if (publicAddress || routes.otherUplink === false) return null;
  }
  if (carriesOffice) return verdict;
  // macOS keeps utun0..n for system services (iCloud Private Relay, Back to My Mac, ...): link-local
  // addresses only, no route of ours through them. They are not a VPN that dropped.
  if (!routable) return null;
  return verdict;
}

/** Whether an interface could be the link a VPN runs over: a plain LAN/Wi-Fi/mobile interface with a routable address. */
function isUplink(iface: InterfaceRecord): boolean {
  if (!iface.addresses.some((a) => !a.internal && !isLinkLocal(a.address))) return false;
  if (MOBILE_BROADBAND.test(iface.name)) return true;
  if (
    NOT_TUNNEL.test(iface.name) ||
    (iface.description !== undefined && NOT_TUNNEL_DESCRIPTION.test(iface.description))
  )
    return false;
  if (typeSays(iface) !== null || BUILTIN_RULES.some((r) => ruleMatches(r, iface))) return false;
  return !(
    iface.mac !== undefined &&
    ZERO_MAC.test(iface.mac) &&
    iface.ifType === undefined &&
    iface.linkType === undefined
  );
}

/** The tunnel kind of one interface, or null when it is not a tunnel. */
export function classifyInterface(
  iface: InterfaceRecord,
  policy: readonly CompiledRule[] = [],
  routes: RouteContext = {},
): TunnelKind | null {
  return judgeInterface(iface, policy, routes)?.kind ?? null;
}

/** The tunnels among the interfaces, with the addresses that tell whether they can carry traffic. */
export function classifyTunnels(
  interfaces: readonly InterfaceRecord[],
  rules: readonly TunnelRule[] = [],
  routes: RouteContext = {},
): TunnelEvidence[] {
  const policy = compileRules(rules);
  const tunnels: TunnelEvidence[] = [];
  for (const iface of interfaces) {
    const otherUplink = interfaces.some((other) => other !== iface && isUplink(other));
    const verdict = judgeInterface(iface, policy, { ...routes, otherUplink });
    if (verdict === null) continue;
    const addresses = iface.addresses.filter((a) => !a.internal).map((a) => a.address);
    tunnels.push({
      name: iface.name,
      kind: verdict.kind,
      basis: verdict.basis,
      ...(iface.description !== undefined ? { description: iface.description } : {}),
      addresses,
      // Some IPsec clients keep their interface with only a link-local address after the tunnel
      // dropped: an interface alone is not proof that the tunnel carries traffic.
      routable: addresses.some((a) => !isLinkLocal(a)),
    });
  }
  return tunnels;
}

/** Where the route to the office leaves, in the evidence's terms. */
export function officeRouteVia(
  route: { interface?: string; gateway?: string; unreachable: boolean },
  address: string,
  tunnels: readonly TunnelEvidence[],
): OfficeRouteEvidence {
  if (route.unreachable || route.interface === undefined) return { via: 'none', address };
  return {
    via: tunnels.some((t) => t.name === route.interface) ? 'tunnel' : 'lan',
    interface: route.interface,
    ...(route.gateway ? { gateway: route.gateway } : {}),
    address,
  };
}
