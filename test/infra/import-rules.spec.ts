import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The import rules of docs/ARCHITECTURE.md, as .dependency-cruiser.cjs states them, run by the
// dependency-cruiser CLI (an ES module: jest's CommonJS cannot import it in-process).
const REPO = join(__dirname, '..', '..');
const CRUISER = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const RULES = join(REPO, '.dependency-cruiser.cjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Every violation of the rules in `root`'s src/ (paths relative to `root`). */
function violations(root: string): Violation[] {
  const run = spawnSync(process.execPath, [CRUISER, '--config', RULES, '--output-type', 'json', 'src'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`dependency-cruiser did not run: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

const readable = (found: Violation[]) => found.map((v) => `${v.rule}: ${v.from} -> ${v.to}`);

/** A scratch folder with src/ files (path -> content) and the repository's tsconfig. */
function scratch(files: Record<string, string>, copySrc = false): string {
  const root = mkdtempSync(join(tmpdir(), 'import-rules-'));
  cpSync(join(REPO, 'tsconfig.json'), join(root, 'tsconfig.json'));
  if (copySrc) cpSync(join(REPO, 'src'), join(root, 'src'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('import rules (.dependency-cruiser.cjs)', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('src/ keeps them: contexts entered through their surfaces, no upward import, no cycle between folders', () => {
    expect(readable(violations(REPO))).toEqual([]);
  });

  it("catches a file that imports another context's internals, in a copy of src/", () => {
    const root = scratch({ 'src/modules/cart/peek.ts': "import { ORDER_ENTITY } from '../order/order.keys';\nexport const peek = ORDER_ENTITY;\n" }, true);
    made.push(root);
    expect(readable(violations(root))).toEqual(['context-internals: src/modules/cart/peek.ts -> src/modules/order/order.keys.ts']);
  });

  it("catches a context that reaches notification (its outbox, or its surface) instead of publishing an event, in a copy of src/", () => {
    const root = scratch({
      'src/modules/catalog/tell.ts': "import { NotificationOutbox } from '../notification/notification.outbox';\nexport const tell = NotificationOutbox;\n",
      'src/modules/promotion/tell.ts': "import { LowStockMail } from '../notification';\nexport const tell = LowStockMail;\n",
    }, true);
    made.push(root);
    expect(readable(violations(root).filter((v) => v.rule !== 'no-folder-cycles')).sort()).toEqual([
      'context-internals: src/modules/catalog/tell.ts -> src/modules/notification/notification.outbox.ts',
      'notification-only-by-events: src/modules/catalog/tell.ts -> src/modules/notification/notification.outbox.ts',
      'notification-only-by-events: src/modules/promotion/tell.ts -> src/modules/notification/index.ts',
    ]);
  });

  it('catches upward imports and folder cycles, and lets surfaces through', () => {
    const root = scratch({
      'src/modules/a/index.ts': "export { A } from './a.service';\n",
      'src/modules/a/a.service.ts': "import { B } from '../b';\nexport class A { b = B; }\n",
      'src/modules/a/a.module.ts': 'export class AModule {}\n',
      'src/modules/b/index.ts': "export { B } from './b.service';\n",
      // b -> a through a's surfaces only, a -> b through b's: allowed imports, but a cycle.
      'src/modules/b/b.service.ts': "import { A } from '../a';\nexport class B { a = A; }\n",
      'src/modules/b/b.module.ts': "import { AModule } from '../a/a.module';\nexport class BModule { a = AModule; }\n",
      'src/modules/pricing/price.ts': "import { A } from '../a';\nexport const price = A;\n",
      'src/core/base.ts': "import { A } from '../modules/a';\nexport const base = A;\n",
      'src/auth/guard.ts': "import { A } from '../modules/a';\nexport const guard = A;\n",
      'src/http/start.ts': "import { app } from '../app/app';\nexport const start = app;\n",
      'src/app/app.ts': "import { A } from '../modules/a';\nexport const app = A;\n",
    });
    made.push(root);
    const found = violations(root);
    expect(readable(found.filter((v) => v.rule !== 'no-folder-cycles')).sort()).toEqual([
      'composition-on-top: src/http/start.ts -> src/app/app.ts',
      'core-imports-no-context: src/core/base.ts -> src/modules/a/index.ts',
      'pricing-imports-no-context: src/modules/pricing/price.ts -> src/modules/a/index.ts',
      'primitives-import-no-context: src/auth/guard.ts -> src/modules/a/index.ts',
      'primitives-import-no-context: src/http/start.ts -> src/app/app.ts',
    ]);
    expect(found.filter((v) => v.rule === 'no-folder-cycles').map((v) => `${v.from} -> ${v.to}`).sort()).toEqual(['src/modules/a -> src/modules/b', 'src/modules/b -> src/modules/a']);
  });
});
