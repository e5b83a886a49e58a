import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const terraformOnPath = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;

export interface ProviderMirror {
  root: string;
  awsVersion: string;
}

const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
const wellKnownMirrors = [
  '/opt/tf-plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];
const byVersion = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * A filesystem mirror holding an unpacked hashicorp/aws for this platform, with its newest version:
 * the one TF_PROVIDER_MIRROR names, else the first well-known plugin directory that has one.
 */
export function findAwsMirror(): ProviderMirror | string {
  const override = process.env.TF_PROVIDER_MIRROR;
  for (const root of override ? [override] : wellKnownMirrors) {
    const aws = join(root, 'registry.terraform.io', 'hashicorp', 'aws');
    const versions = existsSync(aws)
      ? readdirSync(aws).filter((version) => existsSync(join(aws, version, platform)))
      : [];
    const awsVersion = versions.sort(byVersion).at(-1);
    if (awsVersion) return { root, awsVersion };
  }
  return override
    ? `TF_PROVIDER_MIRROR=${override} holds no registry.terraform.io/hashicorp/aws/<version>/${platform}`
    : `no hashicorp/aws for ${platform} in ${wellKnownMirrors.join(', ')} (set TF_PROVIDER_MIRROR)`;
}

/** Writes a CLI config (into `dir`) that installs hashicorp/aws from the mirror and nothing from the network. */
export function writeCliConfig(dir: string, mirror?: ProviderMirror): string {
  const file = join(dir, 'terraformrc');
  const installation = mirror
    ? `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror.root)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`
    : '';
  writeFileSync(file, installation);
  return file;
}

/** The environment for a terraform run: no inherited TF_* settings, this CLI config, quiet and offline. */
export function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('TF_'));
  return {
    ...Object.fromEntries(inherited),
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

export interface TerraformRun {
  ok: boolean;
  output: string;
}

export function runTerraform(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<TerraformRun> {
  return new Promise((resolve) => {
    execFile('terraform', [...args, '-no-color'], { cwd, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

/** Runs at most `size` of the given jobs at once: terraform init and validate each start a large provider binary. */
export function pool(size: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running < size) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      // A finished job hands its slot to the next waiting one, if any.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
