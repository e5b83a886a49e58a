import { Composer, CST, isScalar, Parser, type Document } from 'yaml';
import { ValuesFileFormatError } from '../errors.ts';

/** A key path in a values file, e.g. ['image', 'tag']. */
export type ScalarPath = readonly string[];

function parse(text: string, file: string) {
  const tokens = [...new Parser().parse(text)];
  const documents: Document.Parsed[] = [...new Composer({ keepSourceTokens: true }).compose(tokens)];
  const [document] = documents;
  if (!document || documents.length !== 1) {
    throw new ValuesFileFormatError(`${file} must hold exactly one YAML document.`);
  }
  if (document.errors.length > 0) {
    throw new ValuesFileFormatError(`${file} is not valid YAML: ${document.errors[0]?.message}`);
  }
  return { tokens, document };
}

function scalarNode(document: Document.Parsed, path: ScalarPath, file: string) {
  const node = document.getIn(path, true);
  if (!isScalar(node) || !node.srcToken) {
    throw new ValuesFileFormatError(
      `${file} has no ${path.join('.')} scalar: the values layout puts it on its own line.`,
    );
  }
  return { value: node.value, token: node.srcToken };
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** The value of a scalar ('' when it is empty); a ValuesFileFormatError when the file has no such scalar. */
export function readScalar(text: string, path: ScalarPath, file: string): string {
  return asText(scalarNode(parse(text, file).document, path, file).value);
}

/** The value of a scalar, or undefined when the file has none at that path (old history, say). */
export function readOptionalScalar(text: string, path: ScalarPath, file: string): string | undefined {
  const node = parse(text, file).document.getIn(path, true);
  return isScalar(node) ? asText(node.value) : undefined;
}

/**
 * Sets scalars, single-quoted, by editing only those scalars in the YAML concrete syntax tree: every
 * other byte of the file (comments, order, quoting, blank lines) stays as it was. Each path must
 * already hold a scalar.
 */
export function setScalars(text: string, values: ReadonlyMap<ScalarPath, string>, file: string): string {
  const { tokens, document } = parse(text, file);
  const nodes = [...values].map(([path, value]) => ({ path, value, node: scalarNode(document, path, file) }));
  for (const { value, node } of nodes) CST.setScalarValue(node.token, value, { type: 'QUOTE_SINGLE' });
  const edited = tokens.map((token) => CST.stringify(token)).join('');
  for (const { path, value } of nodes) {
    if (readScalar(edited, path, file) !== value) {
      throw new ValuesFileFormatError(`Setting ${path.join('.')} in ${file} did not read back as ${value}.`);
    }
  }
  return edited;
}
