// Starts CongoDB, the MongoDB wire-protocol server shipped in npm @push.rocks/smartmongo@2.2.0
// (installed by scripts/install-deps.sh into .tmp/congodb), on 127.0.0.1.
// Usage: node congodb-server.mjs PORT [CONGODB_DIR]
// Prints "ready <port>" once listening; stops cleanly on SIGTERM/SIGINT.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number.parseInt(process.argv[2] ?? '', 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node congodb-server.mjs PORT [CONGODB_DIR]');
  process.exit(2);
}
const dir = process.argv[3] ?? process.env.CONGODB_DIR ?? path.resolve(here, '../../.tmp/congodb');
const entry = path.join(dir, 'node_modules/@push.rocks/smartmongo/dist_ts/congodb/index.js');

const { CongoServer } = await import(pathToFileURL(entry).href);
const server = new CongoServer({ port, host: '127.0.0.1' });
await server.start();
console.log(`ready ${port}`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  try {
    await Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, 2000))]);
  } finally {
    console.log(`stopped (${signal})`);
    process.exit(0);
  }
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
