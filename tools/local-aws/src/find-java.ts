import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const MINIMUM_MAJOR = 17;
const INSTALL_HINT =
  'Install a Java 17+ runtime: sudo apt-get install openjdk-17-jre-headless, or brew install openjdk@17 ' +
  '(or point JAVA_HOME at one)';

/** A usable Java runtime: the executable to run and its version. */
export type JavaLookup = { ok: true; version: string; command: string } | { ok: false; message: string };

/**
 * Checks that Java 17+ (needed by DynamoDB Local) is available: `$JAVA_HOME/bin/java` if JAVA_HOME
 * is set, else `java` on PATH. On failure, `message` says what to install.
 */
export async function findJava(): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  const java = await locateJava();
  return java.ok ? { ok: true, version: java.version } : java;
}

/** Like findJava, plus the command to run it with. */
export async function locateJava(): Promise<JavaLookup> {
  const fromHome = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : undefined;
  const command = fromHome && existsSync(fromHome) ? fromHome : 'java';
  let output: string;
  try {
    output = await new Promise<string>((resolve, reject) => {
      // `java -version` prints to stderr.
      execFile(command, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) =>
        error ? reject(error) : resolve(`${stderr}${stdout}`),
      );
    });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error);
    return { ok: false, message: `No Java runtime (${command}: ${reason}). ${INSTALL_HINT}.` };
  }
  const version = /version "([^"]+)"/.exec(output)?.[1];
  if (!version)
    return { ok: false, message: `Cannot tell the version of ${command} from: ${output.trim()}. ${INSTALL_HINT}.` };
  const [first = '', second = ''] = version.split(/[.+-]/);
  const major = Number(first === '1' ? second : first); // "1.8.0_412" is Java 8
  if (!(major >= MINIMUM_MAJOR)) {
    return {
      ok: false,
      message: `${command} is Java ${version}; DynamoDB Local needs ${MINIMUM_MAJOR}+. ${INSTALL_HINT}.`,
    };
  }
  return { ok: true, version, command };
}
