import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';
import { HttpProblem } from './problem.js';

const targetNames: Record<string, string> = {
  json: 'body',
  form: 'form',
  query: 'query',
  param: 'path',
  header: 'header',
};

/** Every validation failure of every route becomes one 400 problem that lists each invalid field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const where = targetNames[result.target] ?? result.target;
  const errors = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new HttpProblem(400, 'Bad Request', `The request has ${errors.length} invalid field(s).`, {
    errors,
    code: 'REQUEST.INVALID',
  });
};
