import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { startCommand, startNodeFlags } from '../bench/lib/start-command';

describe('one way to run the server', () => {
  test('the image runs the command of npm start, Node flags included', () => {
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(readFileSync('Dockerfile', 'utf8'));
    expect(cmd, 'Dockerfile has an exec-form CMD').not.toBeNull();
    expect(JSON.parse(cmd![1])).toEqual(startCommand());
  });

  test('npm start gives the young generation room for a request burst (docs/decisions.md item 23)', () => {
    expect(startNodeFlags().some((f) => /^--max-semi-space-size=\d+$/.test(f))).toBe(true);
  });
});
