import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailViewer } from '../../scripts/lib/mail-viewer';

/**
 * The local mail viewer `npm start` serves (scripts/lib/mail-viewer.ts) over mails laid out as
 * the local mailer writes them (`<MAIL_DIR>/<shop>/<message id>.txt`). The real order mail on the
 * real stack is in npm-start.spec.ts.
 */
describe('the local mail viewer', () => {
  const mailDir = mkdtempSync(join(tmpdir(), 'shopstream-mailview-'));
  let server: Server;
  let base: string;

  function mail(shop: string, id: string, minute: number, to: string, subject: string, body: string, html?: string) {
    mkdirSync(join(mailDir, shop), { recursive: true });
    const file = join(mailDir, shop, `${id}.txt`);
    writeFileSync(file, [`From: orders@shopstream.local`, `To: ${to}`, `Subject: ${subject}`, `Message-Id: ${id}`, '', body, ''].join('\n'));
    if (html !== undefined) writeFileSync(join(mailDir, shop, `${id}.html`), html);
    const at = new Date(Date.UTC(2026, 11, 6, 8, minute));
    utimesSync(file, at, at);
  }

  beforeAll(async () => {
    mail('demo', 'ORD-000001.v2', 1, 'ann@example.com', 'Your order ORD-000001 is confirmed', '  1 x Mug (MUG-1)  $12.00');
    mail('demo', 'ORD-000002.v2', 3, 'bob@example.com', 'Your order ORD-000002 is confirmed', '  1 x <script>alert("x")</script> Cup (CUP-1)  $9.00', '<p>Hello <b>Bob</b></p><script>parent.document.title="owned"</script>');
    mail('other', 'ORD-000001.v2', 2, 'ann@example.com', 'Your order ORD-000001 is confirmed', 'other shop');
    server = await startMailViewer(0, mailDir);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(mailDir, { recursive: true, force: true });
  });

  const page = async (query = '') => {
    const reply = await fetch(`${base}/${query}`);
    return { reply, html: await reply.text() };
  };
  const order = (html: string) => [...html.matchAll(/<span class="shop">([^<]*)<\/span> <span class="to">([^<]*)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);

  it('lists every captured mail, newest first, on loopback only', async () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    const { reply, html } = await page();
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(order(html)).toEqual(['demo bob@example.com', 'other ann@example.com', 'demo ann@example.com']);
    expect(html).toContain('3 mails, newest first.');
    expect(html).toContain('<pre class="text">  1 x Mug (MUG-1)  $12.00</pre>');
  });

  it('filters per shop and per recipient', async () => {
    expect(order((await page('?shop=demo')).html)).toEqual(['demo bob@example.com', 'demo ann@example.com']);
    expect(order((await page('?to=ANN@example.com')).html)).toEqual(['other ann@example.com', 'demo ann@example.com']);
    expect(order((await page('?shop=other&to=bob')).html)).toEqual([]);
    expect((await page('?shop=other&to=bob')).html).toContain('No mail yet.');
    expect((await page('?shop=../..')).html).toContain('No mail yet.');
  });

  it('renders everything a mail holds inert: text escaped, HTML in a sandboxed frame, no script allowed by the page', async () => {
    const { reply, html } = await page('?to=bob');
    // Nothing from the mail becomes markup: the only tags are the page's own.
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('1 x &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Cup (CUP-1)');
    expect(html).toContain(
      '<iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="&lt;p&gt;Hello &lt;b&gt;Bob&lt;/b&gt;&lt;/p&gt;&lt;script&gt;parent.document.title=&quot;owned&quot;&lt;/script&gt;"></iframe>',
    );
    const csp = reply.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    // A filter value is escaped where the page repeats it.
    expect((await page(`?to=${encodeURIComponent('"><script>x</script>')}`)).html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });

  it('serves the page only', async () => {
    expect((await fetch(`${base}/ORD-000001.v2.txt`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(404);
  });
});
