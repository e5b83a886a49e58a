import { Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpProblem } from './problem.js';

function malformed(error: Error): HttpProblem {
  const problem = new HttpProblem(400, 'Bad Request', `The multipart body is malformed: ${error.message}`, {
    headers: { Connection: 'close' },
    code: 'REQUEST.MALFORMED',
  });
  problem.cause = error;
  return problem;
}

/** The text fields that came before the file field, and the file as it streams (absent if none came). */
export interface StreamedForm {
  readonly fields: Readonly<Record<string, string>>;
  readonly file?: AsyncIterable<Uint8Array>;
}

/**
 * Reads a multipart/form-data body as it arrives (busboy), up to the part named `fileField`, whose
 * content is handed over as a stream; nothing of the file is held. Fields after the file are not
 * seen, so a form must put its text fields first (browsers and curl send them in form order).
 * A malformed body (or a client that goes away) fails the file stream, and the promise, with a 400 problem.
 */
export function streamForm(
  contentType: string,
  body: AsyncIterable<Uint8Array>,
  fileField: string,
): Promise<StreamedForm> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { fields: 10, fieldSize: 1024, files: 1, parts: 12 },
    });
  } catch (error) {
    return Promise.reject(malformed(error as Error));
  }
  const source = body instanceof Readable ? body : Readable.from(body, { objectMode: false });
  const fields: Record<string, string> = {};
  let file: Readable | undefined;
  return new Promise<StreamedForm>((resolve, reject) => {
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== fileField || file) return void stream.resume();
      file = stream;
      resolve({ fields: { ...fields }, file: stream });
    });
    parser.on('close', () => resolve({ fields }));
    parser.on('error', (error: Error) => {
      // A client that went away is told apart by its request's signal (499); the rest is malformed.
      const problem = malformed(error);
      file?.destroy(problem);
      reject(problem);
    });
    source.on('error', (error) => parser.destroy(error));
    source.pipe(parser);
  });
}
