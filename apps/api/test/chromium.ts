// Finds a Chromium for the browser tests: CHROMIUM_PATH, else the first of `chromium`,
// `chromium-browser`, `google-chrome` on PATH (Debian's package installs /usr/bin/chromium; .ci/run
// installs it when missing). playwright-core drives it; its own browser downloads are not used.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const candidates = ['chromium', 'chromium-browser', 'google-chrome'];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The Chromium executable to launch, or the reason there is none. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
): { path: string; reason?: undefined } | { path?: undefined; reason: string } {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    return isExecutableFile(configured)
      ? { path: configured }
      : { reason: `CHROMIUM_PATH=${configured} is not an executable file` };
  }
  const folders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of candidates) {
    for (const folder of folders) {
      const path = join(folder, name);
      if (isExecutableFile(path)) return { path };
    }
  }
  return {
    reason: `no Chromium: CHROMIUM_PATH is unset and none of ${candidates.join(', ')} is on PATH (apt-get install chromium; .ci/run does)`,
  };
}
