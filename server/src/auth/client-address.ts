import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** A setting that cannot be used: the server refuses to start, naming it. */
export class SettingError extends Error {}

/**
 * The proxies whose X-Forwarded-For is believed (MAMORI_TRUSTED_PROXIES: CIDR blocks or single addresses,
 * IPv4 and IPv6, separated by commas or spaces). Empty: the header is never believed.
 */
export class TrustedProxies {
  private constructor(private readonly list: BlockList | null, readonly blocks: readonly string[]) {}

  static none(): TrustedProxies {
    return new TrustedProxies(null, []);
  }

  static parse(value: string | undefined, setting = 'MAMORI_TRUSTED_PROXIES'): TrustedProxies {
    const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
    if (!entries.length) return TrustedProxies.none();
    const list = new BlockList();
    for (const entry of entries) {
      const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
      const address = m ? normalise(m[1]) : null;
      const family = address ? isIP(address) : 0;
      const prefix = m?.[2] === undefined ? (family === 6 ? 128 : 32) : Number(m[2]);
      if (!address || !family || prefix > (family === 6 ? 128 : 32)) {
        throw new SettingError(`${setting}: "${entry}" is not an IPv4 or IPv6 address or CIDR block (e.g. 10.0.0.0/8, fd00::/8)`);
      }
      list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
    }
    return new TrustedProxies(list, entries);
  }

  trusts(address: string): boolean {
    const family = isIP(address);
    return !!this.list && !!family && this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /**
   * The client's address: the TCP peer, unless the peer is a trusted proxy; then X-Forwarded-For is walked
   * from the right (the hop our proxy appended) to the left, and the first address not trusted is the
   * client. A hop that is not an address stops the walk at the last trusted one, so a client cannot choose
   * what is recorded by writing garbage into the header.
   */
  clientAddress(peer: string | undefined, forwardedFor: string | undefined): string {
    let client = normalise(peer ?? '') ?? 'unknown';
    if (!forwardedFor || !this.trusts(client)) return client;
    const hops = forwardedFor.split(',').map((h) => h.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalise(hops[i]);
      if (!hop) return client;
      client = hop;
      if (!this.trusts(hop)) return client;
    }
    return client;
  }
}

/**
 * An address as recorded: IPv4-mapped IPv6 as plain IPv4, no brackets, port or zone; null when it is not
 * an IP address at all.
 */
export function normalise(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1];
  return isIP(a) ? a.toLowerCase() : null;
}

/** Warned once per process: X-Forwarded-For arrived from a peer that is not trusted (likely a missing setting). */
let warnedUntrustedForwarder = false;

/**
 * The peer's address as recorded, by connection: a keep-alive connection's requests share one peer, and
 * normalising it runs five regular expressions. Weak: a closed connection leaves with its entry.
 */
const peers = new WeakMap<object, string>();

export function clientAddressOf(req: IncomingMessage, proxies: TrustedProxies): string {
  const header = req.headers['x-forwarded-for'];
  const forwardedFor = Array.isArray(header) ? header.join(',') : header;
  const peer = req.socket.remoteAddress;
  if (!forwardedFor && peer !== undefined) {
    let address = peers.get(req.socket);
    if (address === undefined) peers.set(req.socket, (address = proxies.clientAddress(peer, undefined)));
    return address;
  }
  if (forwardedFor && !warnedUntrustedForwarder && !proxies.trusts(normalise(peer ?? '') ?? '')) {
    warnedUntrustedForwarder = true;
    console.warn(`X-Forwarded-For from ${peer}, which MAMORI_TRUSTED_PROXIES does not name: the header is ignored. `
      + 'Behind a TLS proxy, name it there, or every client has the proxy\'s address.');
  }
  return proxies.clientAddress(peer, forwardedFor);
}
