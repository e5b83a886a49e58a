import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake received: the operation (X-Amz-Target) and its JSON body. */
export interface SecretsManagerCall {
  operation: string;
  body: Record<string, unknown>;
}

/**
 * A protocol-level stand-in for AWS Secrets Manager (awsJson1_1 over HTTP), for the AWS provider's
 * `endpoints { secretsmanager = ... }`: the operations `aws_secretsmanager_secret_version` and the
 * ephemeral `aws_secretsmanager_random_password` call, with the response fields the provider reads.
 * It keeps each version's SecretString, so a test can see what was written and what is read back.
 */
export async function startFakeSecretsManager() {
  const calls: SecretsManagerCall[] = [];
  const versions = new Map<string, { secretId: string; value: unknown }>();
  let passwords = 0;
  const arnOf = (secretId: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${secretId}-AbCdEf`;
  const respond = (operation: string, body: Record<string, unknown>): Record<string, unknown> => {
    const secretId = String(body.SecretId ?? '');
    switch (operation) {
      case 'GetRandomPassword': {
        passwords += 1;
        const length = Number(body.PasswordLength ?? 32);
        return { RandomPassword: `${passwords}x`.padEnd(length, String.fromCharCode(96 + (passwords % 26))) };
      }
      case 'PutSecretValue': {
        const versionId = String(body.ClientRequestToken);
        versions.set(versionId, { secretId, value: body.SecretString });
        return { ARN: arnOf(secretId), Name: secretId, VersionId: versionId, VersionStages: ['AWSCURRENT'] };
      }
      case 'GetSecretValue': {
        const versionId = String(body.VersionId);
        const version = versions.get(versionId);
        if (!version) throw Object.assign(new Error('no such version'), { code: 'ResourceNotFoundException' });
        return {
          ARN: arnOf(secretId),
          Name: secretId,
          VersionId: versionId,
          SecretString: version.value,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: Date.now() / 1000,
        };
      }
      default:
        throw Object.assign(new Error(`${operation} is not faked`), { code: 'InvalidRequestException' });
    }
  };
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const operation =
        String(request.headers['x-amz-target'] ?? '')
          .split('.')
          .at(-1) ?? '';
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      calls.push({ operation, body });
      let status = 200;
      let payload: Record<string, unknown>;
      try {
        payload = respond(operation, body);
      } catch (error) {
        status = 400;
        payload = { __type: (error as { code?: string }).code, message: (error as Error).message };
      }
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
