// Direct SQL on a test server's store (to inspect what the HTTP layer cannot show: stored
// hashes, audit rows), with the engine's own command-line client.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function sql(jalon, query) {
  const out = jalon.store.databaseUrl
    ? execFileSync('psql', [jalon.store.databaseUrl, '-qAt', '-F', '|', '-c', query], { encoding: 'utf8', stdio: 'pipe' })
    : execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(jalon.store.dataDir, 'jalon.db'), query], { encoding: 'utf8', stdio: 'pipe' });
  return out.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

export function sqlFails(jalon, query) {
  try {
    sql(jalon, query);
    return '';
  } catch (e) {
    return (e.stderr || e.message).toString();
  }
}
