import { appendFile } from 'node:fs/promises';
import { UsageError } from '../errors.ts';

/** Appends `name=value` lines to the file GitHub Actions reads step outputs from. */
export async function writeGithubOutputs(file: string | undefined, outputs: Record<string, string>): Promise<void> {
  if (!file) throw new UsageError('--github-output needs the GITHUB_OUTPUT variable (set by GitHub Actions).');
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (value.includes('\n')) throw new Error(`The output ${name} must be one line.`);
    return `${name}=${value}\n`;
  });
  await appendFile(file, lines.join(''));
}
