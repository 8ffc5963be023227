import { isIP } from "node:net";

/**
 * Whether a host is this machine only: localhost (and any name under .localhost), 127.0.0.0/8 or ::1, bare or in
 * brackets. `recall serve` listens beyond such an address only with an API key, and a server without one answers only
 * requests addressed to one (a page whose domain rebinds to 127.0.0.1 sends its own name).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) !== 6) return false;
  // ::1 spelled out, and 127.x.y.z mapped into IPv6, as written or as the URL parser normalises it (::ffff:7f00:1).
  return (
    bare === "::1" ||
    bare === "0:0:0:0:0:0:0:1" ||
    bare.startsWith("::ffff:127.") ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(bare)
  );
}
