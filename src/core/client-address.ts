import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/** Where a caller's address could not be told (never seen in practice): they all share one counter. */
export const UNKNOWN_CLIENT = 'unknown';

/** CloudFront's header with the viewer's address and port (`198.51.100.10:46532`), sent only when the origin request policy adds it. */
export const CLOUDFRONT_VIEWER_ADDRESS = 'cloudfront-viewer-address';

export interface ClientRequest {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string } | null;
}

/**
 * Who a guest is as far as limits go: the network address the request came from, as a key
 * part. In AWS that is the HTTP API's `requestContext.http.sourceIp` (serverless-express makes
 * it the request's socket address; locally the real socket's, so every local client is
 * 127.0.0.1). Behind CloudFront (`behindCloudFront`: BEHIND_CLOUDFRONT=true) the source is
 * CloudFront itself, and the viewer's address is the `CloudFront-Viewer-Address` header
 * CloudFront sets. X-Forwarded-For is never read: any client can write it. An IPv6 client
 * counts by its /64 (what one subscriber is usually given), so walking through one's own
 * prefix gains nothing.
 */
export function clientAddressOf(request: ClientRequest, behindCloudFront: boolean): string {
  const viewer = behindCloudFront ? viewerAddress(request.headers[CLOUDFRONT_VIEWER_ADDRESS]) : undefined;
  return clientKeyPart(viewer ?? request.socket?.remoteAddress);
}

/** An address as a key part: IPv4 as is (an IPv4-mapped IPv6 address too), IPv6 as its /64 (`2001:db8:0:1`). */
export function clientKeyPart(address: string | undefined): string {
  if (!address) return UNKNOWN_CLIENT;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  switch (isIP(address)) {
    case 4:
      return address;
    case 6:
      return ipv6Groups(address).slice(0, 4).join(':');
    default:
      return UNKNOWN_CLIENT;
  }
}

/**
 * What an order keeps of the client that checked it out (for the held-units cap per client):
 * a digest, not the address itself.
 */
export function clientDigest(client: string): string {
  return createHash('sha256').update(client).digest('hex').slice(0, 32);
}

/** `ip:port` (IPv6 unbracketed, as CloudFront sends it, or bracketed): the ip, if it is one. */
function viewerAddress(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const value = header.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return isIP(bracketed[1]) ? bracketed[1] : undefined;
  const lastColon = value.lastIndexOf(':');
  const host = lastColon > 0 && /^\d+$/.test(value.slice(lastColon + 1)) ? value.slice(0, lastColon) : value;
  if (isIP(host)) return host;
  return isIP(value) ? value : undefined;
}

/** The eight groups of an IPv6 address, lower-case, without leading zeros (`::` expanded). */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.toLowerCase().split('::');
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const left = part(head);
  const right = part(tail);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16)));
}
