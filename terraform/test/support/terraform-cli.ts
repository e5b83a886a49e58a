import { execFile, spawn, spawnSync } from 'node:child_process';
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

/**
 * The inherited environment without TF_* settings, for Terraform and the provider: both are Go programs
 * that live seconds and spend much of it collecting garbage while (de)coding the provider's schema; a
 * quarter as many collections saves a fifth of their CPU (measured) for about 150 MB more each.
 */
const goEnvironment = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TF_'))),
  GOGC: '400',
});

/**
 * The environment for a terraform run: no inherited TF_* settings, this CLI config, quiet and offline,
 * and the providers of `attached` (a SharedProvider's `env`) instead of ones Terraform would start.
 */
export function terraformEnv(cliConfig: string, attached: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...goEnvironment(),
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...attached,
  };
}

/** A provider process that many Terraform runs attach to; `env` attaches a run, `stop` ends the process. */
export interface SharedProvider {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the mirror's hashicorp/aws once, for every Terraform run to attach to (TF_REATTACH_PROVIDERS,
 * Terraform's hook for debugging providers). Otherwise `validate` starts the provider twice and
 * `terraform test` twice per run block plus once, and `init` hashes the 700 MB binary: with 5.100.0,
 * 3 to 5 s of CPU per command (measured). Attached, a command costs under 2 s (Terraform still asks
 * for the whole schema, once per command), and `init` only records the local modules: Terraform
 * neither installs nor locks an attached provider (the copy pins the mirror's version anyway).
 * Validation and tests make the same calls to the same provider binary.
 */
export function startSharedProvider(mirror: ProviderMirror, timeoutMs = 60_000): Promise<SharedProvider> {
  const dir = join(mirror.root, 'registry.terraform.io', 'hashicorp', 'aws', mirror.awsVersion, platform);
  const binary = readdirSync(dir).find((name) => name.startsWith('terraform-provider-aws'));
  if (!binary) return Promise.reject(new Error(`no terraform-provider-aws binary in ${dir}`));
  // The shell ends the provider (which otherwise serves until interrupted) once its stdin closes: when
  // stop() closes it, or when this process dies without stopping it.
  const child = spawn('sh', ['-c', '"$0" -debug & read -r line; kill $!; wait', join(dir, binary)], {
    env: goEnvironment(),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    child.stdin.end();
    const stopped = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
    ]);
    // Its own process group (detached): the shell and the provider, nothing else.
    if (!stopped && child.pid) process.kill(-child.pid, 'SIGKILL');
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const settle = () => {
      clearTimeout(timer);
      child.off('error', failed).off('exit', exited);
      child.stdout.off('data', read);
      child.stdout.resume();
    };
    const fail = (why: string) => {
      settle();
      void stop();
      reject(new Error(`${binary} -debug ${why}:\n${stdout}${stderr}`.trim()));
    };
    const failed = (error: Error) => fail(`could not start: ${error.message}`);
    const exited = (code: number | null) => fail(`exited (${code}) before it was ready`);
    const read = (chunk: Buffer) => {
      stdout = `${stdout}${chunk}`;
      const reattach = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(stdout)?.[1];
      if (!reattach) return;
      settle();
      resolve({ env: { TF_REATTACH_PROVIDERS: reattach }, stop });
    };
    const timer = setTimeout(() => fail(`printed no TF_REATTACH_PROVIDERS within ${timeoutMs} ms`), timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr = `${stderr}${chunk}`.slice(-4096)));
    child.stdout.on('data', read);
    child.once('error', failed).once('exit', exited);
  });
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
