// Runs one of the server's command-line tools (server/src/cli/<script>) as an operator would, in its own
// process: its exit code and everything it printed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function runCli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec('npx', ['tsx', `server/src/cli/${script}`, ...args], { env: { ...process.env, ...env }, timeout: 90_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, out: stdout + stderr };
  }
}
