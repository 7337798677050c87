/**
 * The local mail viewer: a page `npm start` serves on its own port (MAIL_VIEWER_PORT, loopback
 * only) listing the mails the local mailer captured (`FileMailer`, src/modules/notification/
 * mailer.ts: `<MAIL_DIR>/<shop>/<message id>.txt`, headers then the text body; an HTML body,
 * when a mail has one, beside it as `<message id>.html`). Newest first, filtered per shop and
 * recipient. Its own port rather than a route of the local API: the API is the same code as in
 * AWS, and a route that exists only locally would need an "if local" in it; this file is never
 * part of a Lambda bundle (infra/ bundles src/handlers only).
 *
 * Everything a mail holds is escaped; its HTML is shown in an iframe with an empty `sandbox`
 * (no scripts, no forms, no navigation), and the page's Content-Security-Policy allows no script
 * at all, so a product named `<script>` stays text.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest this many mails matching the filters are shown: a page's cost stays bounded. */
export const MAIL_VIEWER_PAGE = 100;

export interface CapturedMail {
  shop: string;
  id: string;
  at: Date;
  headers: Record<string, string>;
  text: string;
  html?: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The mails of `mailDir` matching the filters, newest first, at most `limit`; and how many matched. */
export function readMails(mailDir: string, filter: { shop?: string; to?: string }, limit = MAIL_VIEWER_PAGE): { mails: CapturedMail[]; matched: number; shops: string[] } {
  const shops = listDir(mailDir).filter((name) => !name.startsWith('.')).sort();
  const files = shops
    .filter((shop) => !filter.shop || shop === filter.shop)
    .flatMap((shop) => listDir(join(mailDir, shop)).filter((name) => name.endsWith('.txt')).map((name) => ({ shop, name, file: join(mailDir, shop, name) })))
    .map((entry) => ({ ...entry, at: statSync(entry.file).mtime }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.name.localeCompare(a.name));
  const wanted = filter.to?.trim().toLowerCase();
  const mails: CapturedMail[] = [];
  let matched = 0;
  for (const entry of files) {
    const mail = parseMail(entry.shop, entry.name.slice(0, -'.txt'.length), entry.at, readFileSync(entry.file, 'utf8'));
    if (wanted && !(mail.headers.to ?? '').toLowerCase().includes(wanted)) continue;
    matched++;
    if (mails.length < limit) {
      try {
        mail.html = readFileSync(join(mailDir, entry.shop, `${mail.id}.html`), 'utf8');
      } catch {
        // a text-only mail
      }
      mails.push(mail);
    }
  }
  return { mails, matched, shops };
}

function parseMail(shop: string, id: string, at: Date, raw: string): CapturedMail {
  const split = raw.indexOf('\n\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const headers: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { shop, id, at, headers, text: split < 0 ? '' : raw.slice(split + 2).replace(/\n$/, '') };
}

export function renderMailPage(mailDir: string, filter: { shop?: string; to?: string }): string {
  const { mails, matched, shops } = readMails(mailDir, filter);
  const option = (shop: string) => `<option value="${escapeHtml(shop)}"${shop === filter.shop ? ' selected' : ''}>${escapeHtml(shop)}</option>`;
  const rows = mails.map((mail) => {
    const html = mail.html === undefined ? '' : `<h3>HTML</h3><iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="${escapeHtml(mail.html)}"></iframe>`;
    return `<article class="mail">
<details>
<summary><time datetime="${mail.at.toISOString()}">${escapeHtml(mail.at.toISOString().replace('T', ' ').slice(0, 19))}</time> <span class="shop">${escapeHtml(mail.shop)}</span> <span class="to">${escapeHtml(mail.headers.to ?? '')}</span> <strong class="subject">${escapeHtml(mail.headers.subject ?? '(no subject)')}</strong></summary>
<dl>${['from', 'to', 'subject', 'message-id'].map((h) => `<dt>${h}</dt><dd>${escapeHtml(mail.headers[h] ?? '')}</dd>`).join('')}</dl>
${html}<h3>Text</h3><pre class="text">${escapeHtml(mail.text)}</pre>
</details>
</article>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shopstream mail</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;max-width:70rem}summary{cursor:pointer;padding:.3rem 0}.shop{color:#666}pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem}iframe{width:100%;height:24rem;border:1px solid #ccc}dl{display:grid;grid-template-columns:7rem 1fr;margin:.3rem 0}dd{margin:0}</style></head>
<body><h1>Captured mail</h1>
<form method="get"><label>Shop <select name="shop"><option value="">all</option>${shops.map(option).join('')}</select></label>
<label>Recipient <input name="to" value="${escapeHtml(filter.to ?? '')}"></label> <button>Filter</button></form>
<p class="count">${matched === 0 ? 'No mail yet.' : `${matched} mail${matched === 1 ? '' : 's'}${matched > mails.length ? `, the newest ${mails.length} shown` : ''}, newest first.`}</p>
${rows.join('\n')}
</body></html>
`;
}

/** Serves the page on 127.0.0.1:`port` (GET / only). */
export function startMailViewer(port: number, mailDir: string): Promise<Server> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const security = {
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action 'self'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    };
    if ((request.method !== 'GET' && request.method !== 'HEAD') || url.pathname !== '/') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...security }).end('not found\n');
      return;
    }
    const filter = { shop: url.searchParams.get('shop') || undefined, to: url.searchParams.get('to') || undefined };
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...security }).end(request.method === 'HEAD' ? undefined : renderMailPage(mailDir, filter));
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}
