/**
 * `chokepoint serve INPUT... [--port N] [--host H] [--open]`: the viewer and
 * its JSON API (../serve/). This file reads the options and the input,
 * starts the server and prints where it listens.
 */

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { stringOption } from '../command.ts';
import { EXIT, RuntimeFailure, UsageError } from '../errors.ts';
import {
  INPUT_HELP,
  INPUT_OPTIONS,
  readAnalysisInput,
} from '../analysis-input.ts';
import { Progress, PROGRESS_HELP, PROGRESS_OPTIONS } from '../progress.ts';
import { sessionPathFor } from '../serve/session-file.ts';
import { ensureViewerBuilt } from '../serve/viewer-build.ts';
import { isLoopback } from '../serve/request-guard.ts';
import { startViewerServer } from '../serve/viewer-server.ts';
import type { ViewerServer } from '../serve/viewer-server.ts';

const DEFAULT_PORT = 7077;

function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin'
      ? 'open'
      : process.platform === 'win32'
        ? 'cmd'
        : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The URL is printed anyway.
  }
}

export const serveCommand: Command = {
  usage:
    'chokepoint serve INPUT... [--port N] [--host H [--allow-host NAME]] [--open] [--session FILE]',
  help: `${INPUT_HELP}

Options:
      --port N        port to listen on (default ${String(DEFAULT_PORT)}; 0 picks a free one)
      --host H        address to bind (default 127.0.0.1; 0.0.0.0 for every
                      interface). Anything else makes the cluster's attack
                      paths reachable from the network: the viewer then needs
                      a random access token, printed once in the URL
      --allow-host NAME  another name browsers use for this machine (a DNS
                      name in front of --host), accepted in the Host header
      --open          open the viewer in the default browser
      --session FILE  where the viewer saves decisions (default: next to
                      the first INPUT, e.g. cluster.session.json)

The viewer is built with Vite on first use if apps/viewer/dist is missing.

${PROGRESS_HELP}

Example:
  chokepoint serve examples/demo-cluster --open`,
  options: {
    ...INPUT_OPTIONS,
    ...PROGRESS_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    open: { type: 'boolean' },
    session: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length === 0)
      throw new UsageError('serve needs at least one INPUT');
    const portText = stringOption(args, 'port');
    const port = portText === undefined ? DEFAULT_PORT : Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(
        `--port must be a port number (got "${portText ?? ''}")`,
      );
    }
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    const allowHosts = (
      (args.values['allow-host'] as string[] | undefined) ?? []
    ).map(name => name.toLowerCase());
    if (allowHosts.some(name => !/^[a-z0-9.:[\]-]+$/.test(name)))
      throw new UsageError('--allow-host takes a host name or address');
    if (!isLoopback(host)) {
      io.stderr(
        `warning: --host ${host} makes the viewer, and the attack paths of this cluster, reachable from other machines; it answers only requests that carry the access token in the URL below\n`,
      );
    }
    const progress = new Progress(io, 'serve', args);
    progress.phase('viewer');
    // A first-use Vite build prints its own lines.
    progress.clear();
    const dist = await ensureViewerBuilt(io);
    const { snapshot, policy } = await readAnalysisInput(args, io, progress);
    const sessionFile = resolve(
      stringOption(args, 'session') ?? sessionPathFor(args.positionals[0]),
    );
    let server: ViewerServer;
    try {
      server = await startViewerServer({
        snapshot,
        policy,
        inputs: args.positionals,
        dist,
        sessionFile,
        host,
        port,
        allowHosts,
        onProgress: progress.engine,
      });
    } catch (error) {
      progress.end();
      const code = (error as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new RuntimeFailure(
          `port ${String(port)} is in use: choose another with --port N (0 picks a free one)`,
        );
      if (code === 'EADDRNOTAVAIL')
        throw new RuntimeFailure(
          `cannot bind ${host}: not an address of this machine`,
        );
      throw error;
    }
    progress.phase('viewer');
    progress.finish(args, io);
    io.stdout(
      `Analysed ${snapshot.cluster.name}` +
        ` in ${(server.quickMs / 1000).toFixed(1)} s; measuring choke points in the background.\n` +
        `Chokepoint viewer: ${server.url}  (Ctrl-C to stop)\n`,
    );
    void server.full.then(() => {
      io.stdout('Choke points measured.\n');
    });
    if (args.values.open === true) openBrowser(server.url);
    await new Promise<void>(done => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return EXIT.ok;
  },
};
