/**
 * A real Prometheus (Debian's `prometheus` package) for tests: started on loopback with
 * a scrape config of the test's targets and its own data folder, queried over its HTTP API.
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closedPort } from '@moex-bot/framework/testing';

export interface RunningPrometheus {
  readonly url: string;
  /** The value of an instant query's single result, or undefined when it has none. */
  query(expression: string): Promise<number | undefined>;
  /** The health of the scrape target, as `/api/v1/targets` reports it. */
  targetHealth(): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `target` (host:port) every second. */
export async function startPrometheus(target: string): Promise<RunningPrometheus> {
  try {
    execFileSync('prometheus', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('prometheus not found on PATH: apt-get install prometheus (CI installs it)');
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'moexbot-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: moex-bot',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  // A port nobody listens on, for a process that cannot be told to pick one itself.
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${output.join('')}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready within 20 s: ${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as {
        status: string;
        data?: { result: { value: [number, string] }[] };
        error?: string;
      };
      if (body.status !== 'success') throw new Error(`query ${expression} failed: ${body.error}`);
      const first = body.data?.result[0];
      return first === undefined ? undefined : Number(first.value[1]);
    },
    async targetHealth() {
      const response = await fetch(`${url}/api/v1/targets`);
      const body = (await response.json()) as {
        data: { activeTargets: { health: string; lastError: string }[] };
      };
      return body.data.activeTargets[0]?.health;
    },
    stop,
  };
}
