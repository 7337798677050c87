/**
 * The import rules of src/ (docs/ARCHITECTURE.md, "Import rules"), checked in `npm test` by
 * test/infra/import-rules.spec.ts. Why: a context changes behind its surface without breaking
 * others, the stream and read-model bundles load only what they use, and the core, pricing and
 * the HTTP/auth primitives stay reusable by the contexts still to come.
 *
 * A context (`src/modules/<context>/`) is entered through:
 * - `index.ts`: its domain surface (services, entity keys and types, constants, ports);
 * - `<context>.module.ts`: its Nest module, for other Nest modules' `imports` and src/app;
 * - `http.ts`: its routes' module and the DTOs other contexts' controllers and DTOs reuse.
 * The module and HTTP files are apart from index.ts because the bundles are tsc's CommonJS
 * output, which esbuild cannot tree-shake: a barrel that exported Nest modules or controllers
 * would pull whole contexts into the stream and read-model functions.
 */
const SURFACE = '^src/modules/([^/]+)/(index|http|\\1\\.module)\\.ts$';
const HTTP_SIDE = ['^src/app/', '^src/modules/[^/]+/(dto/.+|.+\\.controller|.+\\.http\\.module|http)\\.ts$'];

/**
 * The one documented exception: the read model's consumer (src/app/projection.feed.ts, and the
 * rebuild beside it) may take entity types from a context's `*.keys.ts`. The read-model Lambda
 * runs it without Nest; the order, cart, catalog and tenant index.ts files would load those
 * contexts' services into it (their projections come through index.ts like everything else).
 */
const DEEP_IMPORTERS = ['^src/app/projection\\.feed\\.ts$', '^src/app/rebuild\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'context-internals',
      severity: 'error',
      comment: "Another context is entered through its index.ts, <context>.module.ts or http.ts, never its other files.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', SURFACE] },
    },
    {
      name: 'context-internals-from-outside',
      severity: 'error',
      comment: 'Outside src/modules, a context is entered through its surface too (the feed and rebuild excepted, see DEEP_IMPORTERS).',
      from: { path: '^src/', pathNot: ['^src/modules/', ...DEEP_IMPORTERS] },
      to: { path: '^src/modules/', pathNot: SURFACE },
    },
    {
      name: 'feed-deep-imports-keys-only',
      severity: 'error',
      comment: "The read model's consumer may skip a context's index.ts for its keys file only (see DEEP_IMPORTERS).",
      from: { path: DEEP_IMPORTERS },
      to: { path: '^src/modules/', pathNot: [SURFACE, '^src/modules/[^/]+/[^/]+\\.keys\\.ts$'] },
    },
    {
      name: 'nest-modules-from-modules',
      severity: 'error',
      comment: "A context's Nest module is for other Nest modules' imports and the composition only (services come from index.ts).",
      from: { path: '^src/', pathNot: ['\\.module\\.ts$', '^src/app/'] },
      to: { path: '^src/modules/([^/]+)/\\1\\.module\\.ts$' },
    },
    {
      name: 'http-surface-from-http-side',
      severity: 'error',
      comment: "A context's http.ts is for controllers, DTOs, HTTP modules and the composition: the stream functions never load it.",
      from: { path: '^src/', pathNot: HTTP_SIDE },
      to: { path: '^src/modules/[^/]+/http\\.ts$' },
    },
    {
      name: 'notification-only-by-events',
      severity: 'error',
      comment: 'Contexts publish what happened (core/events.ts) and notification decides what to mail: nothing but the composition (src/app) imports notification, so no context reaches its outbox.',
      from: { path: '^src/', pathNot: ['^src/modules/notification/', '^src/app/'] },
      to: { path: '^src/modules/notification/' },
    },
    {
      name: 'core-imports-no-context',
      severity: 'error',
      comment: 'src/core is the base everything stands on: it imports nothing of src/ outside itself but config.ts.',
      from: { path: '^src/core/' },
      to: { path: '^src/(modules|app|handlers|read-model|auth|http)/' },
    },
    {
      name: 'pricing-imports-no-context',
      severity: 'error',
      comment: 'Pricing is pure: the one pricing of carts and orders, fed by its callers.',
      from: { path: '^src/modules/pricing/' },
      to: { path: '^src/', pathNot: '^src/modules/pricing/' },
    },
    {
      name: 'primitives-import-no-context',
      severity: 'error',
      comment: 'The HTTP and auth primitives serve every context, so they import none, nor the read model (auth reaches tenants through ports wired in src/app).',
      from: { path: '^src/(http|auth)/' },
      to: { path: '^src/(modules|app|handlers|read-model)/' },
    },
    {
      name: 'read-model-imports-no-context',
      severity: 'error',
      comment: 'The read model (database, schema, scopes, failures) serves the projections of every context; their dispatch is composition (src/app).',
      from: { path: '^src/read-model/' },
      to: { path: '^src/(modules|app|handlers)/' },
    },
    {
      name: 'composition-on-top',
      severity: 'error',
      comment: 'src/app composes everything; only the Lambda entry points import it.',
      from: { path: '^src/', pathNot: '^src/(app|handlers)/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'No cycle between folders (contexts, core, primitives): each depends on the ones below it only.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|dist-lambda)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
