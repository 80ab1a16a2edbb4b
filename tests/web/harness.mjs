// The real parts the browser tests run against: a fresh data directory loaded with the
// bundled sample catalog and glossary, tokens made with `datacat token create`, and
// `datacat serve` on a free loopback port; and Debian's chromium driven by playwright-core.
// DATACAT_BINARY and DATACAT_SOURCE_DIR (set by CTest) say where the binary and the
// sources are; they default to this checkout's build/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = process.env.DATACAT_SOURCE_DIR ?? path.resolve(here, '../..');
export const binary = process.env.DATACAT_BINARY ?? path.join(sourceDir, 'build/datacat');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function datacat(args, dataDir) {
  return execFileSync(binary, [...args, '--data-dir', dataDir], { cwd: sourceDir, encoding: 'utf8' });
}

// Starts `datacat serve` with `args` on a free port and waits until /readyz answers 200.
// Resolves to { url, stop() }; stop() fails if the server died in the meantime.
async function startServer(args, dataDir) {
  const port = await freePort();
  const server = spawn(binary, ['serve', ...args, '--listen', '127.0.0.1', '--port', String(port)],
                       { cwd: sourceDir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (i > 100 || server.exitCode !== null) {
      server.kill();
      throw new Error(`datacat serve did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    async stop() {
      // A server that died during the tests is a failure of its own, whatever they said.
      if (server.exitCode !== null || server.signalCode !== null) {
        rmSync(dataDir, { recursive: true, force: true });
        throw new Error(`datacat serve exited during the tests (code ${server.exitCode}, ` +
                        `signal ${server.signalCode}): ${stderr}`);
      }
      server.kill('SIGTERM');
      await new Promise((resolve) => server.exitCode !== null ? resolve() : server.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Starts a read replica (docs/scaling.md) of `primary` (a catalog started with
// { replication: true }) in its own data directory; ready once it has its first copy.
export async function startReplica(primary) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'datacat-web-replica-'));
  return startServer(['--data-dir', dataDir, '--replica-of', primary.url], dataDir);
}

// Starts a catalog server. Tokens: `olga` (sales-analytics: owns the sales_dw tables),
// `fay` (finance-platform: owns the sample "Business" glossary), `mia`
// (DAGlossaryManagers), `root` (admin). With { replication: true } it also serves its
// index to read replicas (startReplica). Call stop() when done.
export async function startCatalog({ replication = false } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'datacat-web-'));
  datacat(['import', path.join(sourceDir, 'config/sample/catalog.ndjson')], dataDir);
  datacat(['glossary', 'import', path.join(sourceDir, 'config/sample/glossary-business.csv'),
           '--label', 'Business', '--owner', 'finance-platform',
           '--description', 'Words the whole company shares.'], dataDir);
  const token = (user, groups, admin = false) =>
    datacat(['token', 'create', '--user', user, '--groups', groups, ...(admin ? ['--admin'] : [])],
            dataDir).trim().split('\n')[0];
  const tokens = {
    olga: token('olga', 'sales-analytics'),
    fay: token('fay', 'finance-platform'),
    mia: token('mia', 'DAGlossaryManagers'),
    root: token('root', 'ops', true),
  };
  const args = ['--data-dir', dataDir];
  if (replication) args.push('--replication-port', String(await freePort()));
  const server = await startServer(args, dataDir);
  return { url: server.url, tokens, dataDir, stop: server.stop };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true,
                           args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
