/**
 * NATS_URL (one URL, or a cluster's comma-separated list) may carry the app's own user and password
 * (`nats://orders:secret@host:4222`), which nats.js does not read from a URL: they are taken out and
 * passed as user and pass.
 */
export function natsServerOf(natsUrl: string): { servers: string[]; user?: string; pass?: string } {
  let credentials: { user?: string; pass?: string } = {};
  const servers = natsUrl.split(',').map((entry) => {
    const match = /^([a-z]+:\/\/)([^@/]*)@(.*)$/i.exec(entry.trim());
    if (!match) return entry.trim();
    const [, scheme, userInfo, rest] = match;
    const colon = userInfo.indexOf(':');
    credentials = {
      user: decodeURIComponent(colon < 0 ? userInfo : userInfo.slice(0, colon)),
      ...(colon < 0 ? {} : { pass: decodeURIComponent(userInfo.slice(colon + 1)) }),
    };
    return `${scheme}${rest}`;
  });
  return { servers, ...credentials };
}
