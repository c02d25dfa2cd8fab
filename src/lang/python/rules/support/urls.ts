import type { StringShape } from './string-parts.js';

/** What the code fixes about a URL: its scheme and, when the text shows all of it, its host. */
export interface KnownUrl {
  readonly scheme: string;
  /** Lower-case host without port or brackets; undefined when a run-time value is part of it. */
  readonly host: string | undefined;
}

/** The scheme and host a URL expression is known to have, from its constant prefix. */
export function knownUrl(shape: StringShape): KnownUrl | undefined {
  const first = shape.parts[0];
  if (!first || !('text' in first)) return undefined;
  const complete = shape.parts.length === 1;
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(first.text);
  if (!match?.[1]) return undefined;
  const authority = match[2] ?? '';
  // A run-time value right after the authority is taken to be a path or port ("http://api.example.com" + path),
  // unless the constant text visibly stops in the middle of a name ("http://10.0.0." + n).
  const hostComplete = complete || first.text.length > match[0].length || /[a-z0-9\]]$/i.test(authority);
  return { scheme: match[1].toLowerCase(), host: hostComplete ? hostOf(authority) : undefined };
}

function hostOf(authority: string): string {
  const withoutUser = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (withoutUser.startsWith('[')) return withoutUser.slice(1, withoutUser.indexOf(']'));
  const colon = withoutUser.indexOf(':');
  return colon === -1 ? withoutUser : withoutUser.slice(0, colon);
}

/**
 * Hosts whose traffic does not leave the machine or its private link: loopback, the
 * link-local metadata service, Docker's host alias, and single-label names (container,
 * Kubernetes service or /etc/hosts names on the deployment's own network).
 */
export function isLocalHost(host: string): boolean {
  const h = host.replace(/\.$/, '');
  if (h === '' || h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === '0.0.0.0' || /^169\.254\.\d+\.\d+$/.test(h)) return true;
  if (h === 'host.docker.internal' || h === 'metadata.google.internal') return true;
  return !h.includes('.') && !h.includes(':');
}

/** Names reserved for documentation and tests (RFC 2606, RFC 6761): placeholders, not real peers. */
export function isReservedExampleHost(host: string): boolean {
  const h = host.replace(/\.$/, '');
  return /(?:^|\.)example\.(?:com|net|org)$/.test(h) || /\.(?:example|test|invalid)$/.test(h);
}
