import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { freeStackPorts, isolatedStackEnv, StackPorts } from '../../scripts/lib/local-stack';
import { listeningTcpPorts, processTree, signalTree } from '../../scripts/lib/process-tree';
import { forStack, runBlocks, walkthroughBlocks } from '../support/readme-doctest';

const repo = join(__dirname, '..', '..');

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

async function eventually<T>(probe: () => Promise<T | undefined>, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `npm run <script>` without blocking the event loop: a blocked loop misses the API closing an
 * idle keep-alive socket (after 5 s), and the next fetch reuses it ("other side closed").
 */
async function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return promisify(execFile)('npm', ['run', '--silent', script, '--', ...args], { cwd: repo, env }).then(
    ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ status: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/**
 * The whole local stack as a user runs it: `npm start` (DynamoDB Local, serverless-offline,
 * the stream plugin), the README's walkthroughs pasted into a shell, a token from
 * `npm run token`, HTTP calls, then Ctrl-C. One stack for all of it: starting one takes ~40 s here.
 */
describe('npm start (serverless-offline + DynamoDB Local stream)', () => {
  let stack: ChildProcess;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'shopstream-e2e-'));
  let ports: StackPorts;
  const env = () => isolatedStackEnv(ports, dataDir);

  beforeAll(async () => {
    ports = await freeStackPorts();
    stack = spawn('npm', ['start'], { cwd: repo, env: env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    stack.stdout!.on('data', (chunk) => (output += chunk));
    stack.stderr!.on('data', (chunk) => (output += chunk));
    // The banner is written line by line after "ready": wait for its last line too.
    await eventually(async () => (output.includes('[shopstream] ready in') && output.includes('[shopstream] Mail') ? true : undefined), 150).catch((error) => {
      throw new Error(`${error.message}\n${output}`);
    });
  }, 180_000);

  /** The UNIX socket serverless-offline says its Lambda invoke server listens on. */
  const invokeSocket = () => {
    const path = /Offline \[http for lambda\] listening on http:\/\/[^:]*:(\/\S+)/.exec(output)?.[1];
    if (!path) throw new Error(`no invoke socket in the output:\n${output}`);
    return path;
  };

  afterAll(() => {
    // The whole tree: serverless-offline runs in a session of its own. Nothing is left when the
    // stack stopped by itself, as it should.
    signalTree(stack.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  // First, on the fresh stack the README assumes (its walkthroughs name ORD-000001 and friends).
  it("runs every shell block of the README and docs/ as pasted, in order, in one shell (the doc test)", async () => {
    const state = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8'));
    expect(state).toMatchObject({
      pid: expect.any(Number),
      api: `http://127.0.0.1:${ports.api}`,
      dynamodbEndpoint: `http://127.0.0.1:${ports.dynamo}`,
      cognito: { endpoint: `http://127.0.0.1:${ports.cognito}`, userPoolId: expect.stringMatching(/^local_/), clients: { admin: { clientId: expect.any(String) }, storefront: { clientId: expect.any(String) } } },
      mailViewer: `http://127.0.0.1:${ports.mailViewer}`,
      dataDir,
    });
    const blocks = walkthroughBlocks(repo);
    const run = blocks.filter((block) => !block.skipped);
    expect(run.length).toBeGreaterThan(5);
    // The user's shell knows no ports: `npm run pay` must find the stack by itself (stack.json in DATA_DIR).
    const { API_PORT, DYNAMODB_PORT, LAMBDA_PORT, ...shellEnv } = env();
    const runs = await runBlocks(run, { cwd: repo, env: shellEnv, rewrite: (text) => forStack(text, { apiPort: ports.api, dataDir }), timeoutSeconds: 240 });
    expect(runs.map((r) => r.block.where)).toEqual(run.map((block) => block.where));
    process.stdout.write(`README doc test: ${run.length} blocks (${blocks.length - run.length} skipped) in ${runs.reduce((sum, r) => sum + r.seconds, 0).toFixed(1)} s: ${runs.map((r) => `${r.block.where} ${r.seconds.toFixed(1)} s`).join(', ')}\n`);
    // What the walkthroughs' comments say they print: the third order, paid, captured in two shipments.
    const money = runs.find((r) => r.block.text.includes('npm run pay --'))!.output;
    expect(money).toMatch(/^ORD-000003$/m);
    expect(money).toContain('ORD-000003-P1 payment.authorized: 200');
    const shipped = JSON.parse(money.trim().split('\n').pop()!) as { attributes: { status: string; shipments: { amount: { amount: number } }[] } };
    expect(shipped.attributes).toMatchObject({ status: 'shipped', shipments: [{ amount: { amount: 2744 } }, { amount: { amount: 2145 } }] });
    expect(readdirSync(join(dataDir, 'mail', 'demo'))).toEqual(expect.arrayContaining(['ORD-000001.v2.txt']));
  }, 300_000);

  it('npm run pay says what is wrong when it cannot find or reach the stack, and pays nothing', async () => {
    const { API_PORT, DYNAMODB_PORT, LAMBDA_PORT, ...base } = env();
    const pay = async (extra: NodeJS.ProcessEnv) => {
      const { status, stderr } = await npmRun('pay', ['ORD-000003', '--tenant', 'demo'], { ...base, ...extra });
      return { status, stderr };
    };
    const elsewhere = mkdtempSync(join(tmpdir(), 'shopstream-nostack-'));
    try {
      const [none, onlyDynamo, apiDown] = await Promise.all([
        pay({ DATA_DIR: elsewhere }),
        // Only DynamoDB named: the API is not guessed (it was 3000, and the webhook was lost with a bare "fetch failed").
        pay({ DATA_DIR: elsewhere, DYNAMODB_PORT: String(ports.dynamo) }),
        // The stack.json is there, but the API named instead is not listening.
        pay({ API_PORT: String(ports.lambda) }),
      ]);
      expect(none).toEqual({ status: 1, stderr: expect.stringContaining(`no running npm start found: ${join(elsewhere, 'stack.json')} is missing or stale`) });
      expect(onlyDynamo).toEqual({ status: 1, stderr: expect.stringContaining('name it: API_PORT (or --api <url>)') });
      expect(apiDown).toEqual({ status: 1, stderr: expect.stringMatching(/cannot reach the API at http:\/\/127\.0\.0\.1:\d+ \(API_PORT, .*stack\.json\): ECONNREFUSED\. Is npm start running\? Nothing was paid\./) });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 60_000);

  it('prints the demo owner and customer sign-ins; they sign in through /auth and their tokens work', async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const { demoUsers } = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as { demoUsers: { email: string; password: string; client: string; role: string }[] };
    expect(demoUsers.map((u) => [u.role, u.client])).toEqual([['owner', 'admin'], ['customer', 'storefront']]);
    for (const user of demoUsers) expect(output).toContain(`"email":"${user.email}","password":"${user.password}","client":"${user.client}"`);
    const signIn = async (user: (typeof demoUsers)[number]) => {
      const reply = await fetch(`${api}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'demo', email: user.email, password: user.password, client: user.client }) });
      expect(reply.status).toBe(200);
      return ((await reply.json()) as { idToken: string }).idToken;
    };
    const [owner, customer] = [await signIn(demoUsers[0]), await signIn(demoUsers[1])];
    const invited = await fetch(`${api}/staff/invitations`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'packer@demo.example', roles: ['fulfilment'] }) });
    expect(invited.status).toBe(201);
    const me = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${customer}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: demoUsers[1].email, emailVerified: true });
  });

  it('serves the API and docs, and a created product becomes readable once the stream synced it', async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    expect(output).toContain(`API   ${api}`);
    expect(output).toContain(`Docs  ${api}/docs`);
    expect(output).toContain(`Mail  http://127.0.0.1:${ports.mailViewer}`);
    expect(output).toContain(`S3    http://127.0.0.1:${ports.s3}`);
    expect(output).toMatch(new RegExp(`Cognito emulator on http://127\\.0\\.0\\.1:${ports.cognito}, user pool local_\\w+ \\(created;`));
    expect((await fetch(`${api}/health`)).status).toBe(200);
    const openapi = (await (await fetch(`${api}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/products', '/products/{code}', '/tenants']));

    // CORS is the app's alone (as in AWS, where the HTTP API's is the same): `*` never comes with
    // credentials, which browsers refuse, on a preflight or on an answer.
    const origin = 'https://shop.example';
    const preflight = await fetch(`${api}/carts`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-publishable-key,content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-publishable-key');
    const simple = await fetch(`${api}/health`, { headers: { origin } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await fetch(`${api}/products`, { headers: { origin } });
    expect(refused.status).toBe(401);
    for (const reply of [preflight, simple, refused]) expect(reply.headers.get('access-control-allow-credentials')).toBeNull();

    const token = (await npmRun('token', ['--tenant', 'demo', '--role', 'tenant-admin'], env())).stdout.trim();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/products`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ code: 'E2E-1', name: 'Kettle', sku: 'KET-1', price: { amount: 4500, currency: 'USD' } }),
    });
    expect(created.status).toBe(201);

    const product = await eventually(async () => {
      const reply = await fetch(`${api}/products/E2E-1`, { headers });
      return reply.status === 200 ? reply.json() : undefined;
    }, 30);
    expect(product).toMatchObject({ code: 'E2E-1', version: 1, attributes: { sku: 'KET-1', price: { amount: 4500, currency: 'USD' } } });

    // An order through the stream functions: reserved, confirmed, and mailed to a file.
    const stocked = await fetch(`${api}/inventory/E2E-1`, { method: 'PATCH', headers, body: JSON.stringify({ expectedVersion: 0, onHand: 3, reason: 'restock' }) });
    expect(stocked.status).toBe(200);

    // The read model's own stream function (readModelSync) feeds search: the product, in stock.
    const publishable = (await (await fetch(`${api}/publishable-keys`, { method: 'POST', headers, body: JSON.stringify({ label: 'e2e' }) })).json()) as { key: string };
    const found = await eventually(async () => {
      const reply = await fetch(`${api}/search/products?q=kettl&inStock=true`, { headers: { 'x-publishable-key': publishable.key } });
      const body = reply.status === 200 ? ((await reply.json()) as { items: unknown[] }) : undefined;
      return body?.items.length ? body : undefined;
    }, 30);
    expect(found.items).toEqual([expect.objectContaining({ code: 'E2E-1', inStock: true, price: { amount: 4500, currency: 'USD' } })]);
    expect(((await (await fetch(`${api}/health`)).json()) as { readModel: unknown }).readModel).toMatchObject({ reachable: true, lastAppliedAt: expect.any(String) });
    const customer = (await npmRun('token', ['--tenant', 'demo', '--role', 'customer', '--user', 'e2e-buyer', '--email', 'buyer@e2e.example'], env())).stdout.trim();
    const buyer = { authorization: `Bearer ${customer}`, 'content-type': 'application/json' };
    const placed = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: buyer,
      body: JSON.stringify({ items: [{ productCode: 'E2E-1', quantity: 2 }], shippingAddress: { name: 'E', line1: '1 St', city: 'C', postalCode: '1', country: 'JP' }, paymentMethod: 'card' }),
    });
    expect(placed.status).toBe(201);
    const { code } = (await placed.json()) as { code: string };
    const confirmed = await eventually(async () => {
      const reply = await fetch(`${api}/orders/${code}`, { headers: buyer });
      const order = reply.status === 200 ? ((await reply.json()) as { attributes: { status: string } }) : undefined;
      return order?.attributes.status === 'confirmed' ? order : undefined;
    }, 30);
    expect(confirmed).toMatchObject({ version: 2 });
    const mail = await eventually(async () => {
      try {
        return readFileSync(join(dataDir, 'mail', 'demo', `${code}.v2.txt`), 'utf8');
      } catch {
        return undefined;
      }
    }, 15);
    expect(mail).toContain('To: buyer@e2e.example');
    expect(mail).toContain(`Subject: Your order ${code} is confirmed`);
  });

  it('serves the admin app: index.html on any route of the app, its runtime config naming the API, its assets', async () => {
    const admin = `http://127.0.0.1:${ports.admin}`;
    expect(output).toContain(`Admin  ${admin}/`);
    const page = await fetch(`${admin}/orders/ORD-000001?x=1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    expect(await (await fetch(`${admin}/config.json`)).json()).toEqual({ apiUrl: `http://127.0.0.1:${ports.api}` });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect((await fetch(`${admin}${script}`)).headers.get('content-type')).toContain('text/javascript');
    // Outside the folder, or an asset that is not there: 404, never index.html.
    expect((await fetch(`${admin}/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${admin}/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('serves the storefront: index.html on any of its routes, its runtime config naming the API and the default shop', async () => {
    const store = `http://127.0.0.1:${ports.store}`;
    expect(output).toContain(`Store  ${store}/`);
    const page = await fetch(`${store}/cart`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(await (await fetch(`${store}/config.json`)).json()).toEqual({ apiUrl: `http://127.0.0.1:${ports.api}`, defaultShop: 'demo' });
  });

  it("shows an order's mail in the mail viewer, a product named <script> as inert text", async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const viewer = `http://127.0.0.1:${ports.mailViewer}`;
    const token = (await npmRun('token', ['--tenant', 'demo', '--role', 'tenant-admin'], env())).stdout.trim();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const name = '<script>alert("mail")</script> Mug';
    expect((await fetch(`${api}/products`, { method: 'POST', headers, body: JSON.stringify({ code: 'E2E-XSS', name, sku: 'XSS-1', price: { amount: 900, currency: 'USD' } }) })).status).toBe(201);
    await eventually(async () => ((await fetch(`${api}/products/E2E-XSS`, { headers })).status === 200 ? true : undefined), 30);
    expect((await fetch(`${api}/inventory/E2E-XSS`, { method: 'PATCH', headers, body: JSON.stringify({ expectedVersion: 0, onHand: 2, reason: 'restock' }) })).status).toBe(200);
    const customer = (await npmRun('token', ['--tenant', 'demo', '--role', 'customer', '--user', 'e2e-viewer', '--email', 'viewer@e2e.example'], env())).stdout.trim();
    const placed = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ productCode: 'E2E-XSS', quantity: 1 }], shippingAddress: { name: 'V', line1: '1 St', city: 'C', postalCode: '1', country: 'JP' }, paymentMethod: 'card' }),
    });
    expect(placed.status).toBe(201);
    const { code } = (await placed.json()) as { code: string };
    const page = await eventually(async () => {
      const html = await (await fetch(`${viewer}/?shop=demo&to=viewer%40e2e.example`)).text();
      return html.includes(`Your order ${code} is confirmed`) ? html : undefined;
    }, 30);
    expect(page).toContain('1 x &lt;script&gt;alert(&quot;mail&quot;)&lt;/script&gt; Mug (XSS-1)');
    expect(page).not.toMatch(/<script/i);
    // Only this recipient's mails: the other buyer's are filtered out.
    expect(page).not.toContain('buyer@e2e.example');
  });

  it('offers no Lambda invoke endpoint over TCP: a forged stream record cannot be posted', async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const forged = {
      Records: [{ eventName: 'INSERT', dynamodb: { NewImage: { pk: { S: 'TENANT#demo' }, sk: { S: 'PRODUCT#FORGED@1' }, entitySk: { S: 'PRODUCT#FORGED' }, type: { S: 'PRODUCT' }, code: { S: 'FORGED' }, version: { N: '1' } } } }],
    };
    // The port the endpoint had before (LAMBDA_PORT is still set, to this free port) is closed.
    for (const port of [ports.lambda]) {
      const attempt = await fetch(`http://127.0.0.1:${port}/2015-03-31/functions/shopstream-local-commandSync/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(forged),
      }).then(
        (reply) => reply.status,
        () => 'refused',
      );
      expect(attempt).toBe('refused');
    }
    // No process of the stack listens on any TCP port but the API's, DynamoDB Local's, the Cognito emulator's, the mail viewer's, the local S3's, the admin app's and the storefront's.
    expect(listeningTcpPorts(processTree(stack.pid!))).toEqual([ports.api, ports.dynamo, ports.cognito, ports.mailViewer, ports.s3, ports.admin, ports.store].sort((a, b) => a - b));
    // serverless-offline took the socket path: its invoke server answers there, in a folder only this user may enter.
    const socket = invokeSocket();
    expect(statSync(dirname(socket)).mode & 0o777).toBe(0o700);
    expect(await new Promise((done, fail) => request({ socketPath: socket, path: '/nothing-here' }, (reply) => (reply.resume(), done(reply.statusCode))).on('error', fail).end())).toBe(404);
    const token = (await npmRun('token', ['--tenant', 'demo', '--role', 'tenant-admin'], env())).stdout.trim();
    expect((await fetch(`${api}/products/FORGED`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('stops everything it started on Ctrl-C', async () => {
    const socket = invokeSocket();
    const exited = new Promise<number | null>((done) => stack.once('exit', done));
    process.kill(-stack.pid!, 'SIGINT');
    await exited;
    await eventually(async () => ((await portOpen(ports.dynamo)) ? undefined : true), 15);
    await eventually(async () => ((await portOpen(ports.api)) ? undefined : true), 15);
    await eventually(async () => ((await portOpen(ports.cognito)) ? undefined : true), 15);
    expect(await portOpen(ports.mailViewer)).toBe(false);
    expect(await portOpen(ports.admin)).toBe(false);
    expect(await portOpen(ports.store)).toBe(false);
    // npm may exit before the last line its child wrote has come through the pipe.
    await eventually(async () => (output.includes('[shopstream] stopped') ? true : undefined), 10);
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);
    expect(existsSync(dirname(socket))).toBe(false);
  });
});
