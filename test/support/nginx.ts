// nginx from Debian's packages serving a folder, as a CDN or any static host would serve the
// published site: clean addresses resolve to index.html, unknown ones to the site's 404 page.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts one nginx worker on a free port serving `root`; `workDir` holds its config and logs;
 * `include` is a file of server directives (the published copy's security headers).
 */
export async function startNginx(
  root: string,
  workDir: string,
  options: { include?: string } = {},
) {
  const port = await freePort();
  const conf = path.join(workDir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${workDir}/nginx.pid;
error_log ${workDir}/nginx-error.log;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${workDir}/body;
  proxy_temp_path ${workDir}/proxy;
  fastcgi_temp_path ${workDir}/fastcgi;
  uwsgi_temp_path ${workDir}/uwsgi;
  scgi_temp_path ${workDir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    error_page 404 /404.html;
    ${options.include ? `include ${options.include};` : ''}
    location / { try_files $uri $uri/index.html =404; }
    location /cy/ { error_page 404 /cy/404.html; try_files $uri $uri/index.html =404; }
  }
}
`,
  );
  const binary = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const nginx = spawn(binary, ['-c', conf, '-p', workDir], { stdio: 'inherit' });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && nginx.exitCode === null; i++) {
    if ((await fetch(`${origin}/`).catch(() => undefined))?.ok) {
      return {
        origin,
        stop: async () => {
          if (nginx.exitCode !== null) return;
          nginx.kill();
          await new Promise((resolve) => nginx.once('exit', resolve));
        },
      };
    }
    await sleep(100);
  }
  nginx.kill();
  throw new Error(`nginx did not start: ${fs.readFileSync(`${workDir}/nginx-error.log`, 'utf8')}`);
}
