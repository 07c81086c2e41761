/**
 * The one rule for `metrics.listen`, used by the config schema and by the endpoint, so
 * that `config check` accepts exactly what the session can bind.
 * @module
 */

/**
 * Reads `host:port`, `:port` or a bare port (which binds 127.0.0.1); IPv6 hosts in
 * brackets. Undefined when the text is none of these or the port is above 65535.
 * @example
 * listenAddress('0.0.0.0:9464'); // { host: '0.0.0.0', port: 9464 }
 * listenAddress('9464');         // { host: '127.0.0.1', port: 9464 }
 */
export function listenAddress(text: string): { host: string; port: number } | undefined {
  const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):)?(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65_535) return undefined;
  const host = (match[1] ?? '').replace(/^\[|\]$/g, '');
  return { host: host === '' ? '127.0.0.1' : host, port };
}
