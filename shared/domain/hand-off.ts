// Hand-offs to other programs (the phone, the softphone, the mail program): each scheme has its own
// shape, and only that shape leaves the app. The OS handler receives what is returned here, never the
// text as a profile or a message had it: a sip: value with quotes, spaces or `;transport=` parameters,
// or a mailto: link with `attach=`, `bcc=` or `cc=` parts, is refused or reduced.
import type { HandOffScheme } from './policy';

// RFC 3261's user part, without escapes or parameters; a host name or IPv4 address, an optional port
const SIP_USER = /^[A-Za-z0-9._+-]{1,64}$/;
const HOST =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const PORT = /^[0-9]{1,5}$/;
// a plain mail address (no quoted local parts, no comments, no display names)
const MAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;
const MAX_TEXT = 2000;

function hasControl(text: string): boolean {
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return true;
  }
  return false;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** +62 21-555 0101 → tel:+62215550101; null when no digits are left or there are too many */
export function cleanTel(value: string): string | null {
  const digits = value.replace(/^tel:/i, '').replace(/[^\d+]/g, '');
  const number = digits.startsWith('+') ? `+${digits.slice(1).replace(/\+/g, '')}` : digits.replace(/\+/g, '');
  return /^\+?\d{3,20}$/.test(number) ? `tel:${number}` : null;
}

/** budi@pbx.example.com (with or without sip:) → sip:budi@pbx.example.com; anything else is null */
export function cleanSip(value: string): string | null {
  const address = value.replace(/^sip:/i, '');
  const at = address.indexOf('@');
  if (at <= 0 || address.indexOf('@', at + 1) !== -1) return null;
  const user = address.slice(0, at);
  const hostPort = address.slice(at + 1);
  const colon = hostPort.lastIndexOf(':');
  const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
  const port = colon === -1 ? null : hostPort.slice(colon + 1);
  if (!SIP_USER.test(user) || !HOST.test(host)) return null;
  if (port !== null && (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535)) return null;
  return `sip:${user}@${host.toLowerCase()}${port !== null ? `:${port}` : ''}`;
}

/** A mail address, or a mailto: link: only the addresses, the subject and the body are kept. */
export function cleanMailto(value: string): string | null {
  const raw = /^mailto:/i.test(value) ? value.slice('mailto:'.length) : value;
  const q = raw.indexOf('?');
  const to = decode(q === -1 ? raw : raw.slice(0, q));
  if (to === null) return null;
  const addresses = to
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (addresses.length === 0 || addresses.length > 10 || !addresses.every((a) => MAIL.test(a))) return null;
  const kept = new URLSearchParams();
  if (q !== -1) {
    // URLSearchParams decodes; a malformed escape makes the whole link unusable rather than guessed at
    for (const part of raw.slice(q + 1).split('&')) {
      const eq = part.indexOf('=');
      const name = decode(eq === -1 ? part : part.slice(0, eq))?.toLowerCase();
      const text = decode((eq === -1 ? '' : part.slice(eq + 1)).replace(/\+/g, '%20'));
      if (name === undefined || text === null) return null;
      if ((name === 'subject' || name === 'body') && !kept.has(name)) {
        if (text.length > MAX_TEXT || (name === 'subject' && hasControl(text))) return null;
        kept.set(name, text);
      }
    }
  }
  const query = [...kept].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `mailto:${addresses.map((a) => encodeURIComponent(a).replace(/%40/g, '@')).join(',')}${query ? `?${query}` : ''}`;
}

/** The hand-off as it may leave the app, or null when it does not have its scheme's shape. */
export function cleanHandOff(url: string): { scheme: HandOffScheme; url: string } | null {
  if (url.length > 4096) return null;
  const colon = url.indexOf(':');
  const scheme = url.slice(0, colon).toLowerCase();
  switch (scheme) {
    case 'tel': {
      const clean = cleanTel(url);
      return clean ? { scheme, url: clean } : null;
    }
    case 'sip': {
      const clean = cleanSip(url);
      return clean ? { scheme, url: clean } : null;
    }
    case 'mailto': {
      const clean = cleanMailto(url);
      return clean ? { scheme, url: clean } : null;
    }
    default:
      return null;
  }
}
