import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { normalizeAddress } from '../config/authThrottleConfig.js';

/**
 * The client address of a request: the socket's peer, or, only when that peer is one of
 * `trustedProxies` (normalized), the right-most X-Forwarded-For entry that is not itself a
 * trusted proxy. Each proxy appends the address it saw, so entries left of that one may be
 * forged by the client and are never used.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizeAddress(req.socket.remoteAddress ?? '');
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(hopAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (trustedProxies.has(hop)) continue;
    // Garbage where the proxy should have written an address: count it against the proxy.
    return isIP(hop) ? hop : peer;
  }
  return peer;
}

/** One X-Forwarded-For entry without the port some proxies add (`1.2.3.4:5678`, `[::1]:80`). */
function hopAddress(entry: string): string {
  const e = entry.trim();
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(e);
  if (v6) return normalizeAddress(v6[1]!);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(e);
  return normalizeAddress(v4 ? v4[1]! : e);
}
