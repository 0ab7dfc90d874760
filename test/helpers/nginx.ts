// Debian's nginx running the compose `scale` profile's own configuration (docker/nginx-scale.conf), its three
// upstreams and its port swapped for the servers under test and a free port on loopback.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '../../server/src/db/embedded';

export const NGINX = process.env.MAMORI_TEST_NGINX ?? '/usr/sbin/nginx';

export interface Nginx { url: string; stop(): Promise<void> }

/** The profile's server block with `upstreams` (host:port) for app-1…3 and `port` to listen on. */
export function scaleConfig(upstreams: string[], port: number): string {
  const conf = readFileSync(path.resolve('docker/nginx-scale.conf'), 'utf8');
  const servers = conf.match(/^\s*server app-\d+:4000[^;]*;$/gm) ?? [];
  if (servers.length !== 3 || !/listen 8080;/.test(conf)) throw new Error('docker/nginx-scale.conf no longer has three app-N:4000 upstreams and listen 8080');
  const options = servers[0].replace(/^\s*server app-\d+:4000/, '').replace(/;$/, '');
  return conf
    .replace(servers.join('\n'), upstreams.map((u) => `    server ${u}${options};`).join('\n'))
    .replace('listen 8080;', `listen 127.0.0.1:${port};`);
}

export async function startNginx(upstreams: string[]): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx (or set MAMORI_TEST_NGINX)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'mamori-nginx-'));
  const temp = path.join(dir, 'temp');
  mkdirSync(temp);
  chmodSync(temp, 0o777); // as root, nginx's workers run as an unprivileged user
  const port = await findFreePort();
  const main = [
    `daemon off;`, `worker_processes 1;`, `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log warn;`,
    `events { worker_connections 256; }`,
    `http {`, `  access_log off;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${temp}/${t};`),
    scaleConfig(upstreams, port), `}`,
  ].join('\n');
  writeFileSync(path.join(dir, 'nginx.conf'), main);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (b: Buffer) => { errors += b.toString(); });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 50) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}${existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : ''}`);
    if (await fetch(`${url}/healthz`).then(() => true, () => false)) break;
    if (waited > 10_000) throw new Error(`nginx did not listen on ${port}: ${errors}`);
    await sleep(50);
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT'); // graceful: finishes open requests
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
