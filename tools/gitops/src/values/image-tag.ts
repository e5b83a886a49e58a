import { Composer, CST, isScalar, Parser, type Document } from 'yaml';
import { ValuesFileFormatError } from '../errors.ts';

const tagPath = ['image', 'tag'] as const;

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

function tagNode(document: Document.Parsed, file: string) {
  const node = document.getIn(tagPath, true);
  if (!isScalar(node) || !node.srcToken) {
    throw new ValuesFileFormatError(`${file} has no image.tag scalar: the values layout puts it on its own line.`);
  }
  return { value: node.value, token: node.srcToken };
}

/** The value of image.tag in a values file ('' when it is empty). */
export function readImageTag(text: string, file: string): string {
  const { value } = tagNode(parse(text, file).document, file);
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Sets image.tag, single-quoted, by editing that one scalar in the YAML concrete syntax tree: every
 * other byte of the file (comments, order, quoting, blank lines) stays as it was.
 */
export function setImageTag(text: string, tag: string, file: string): string {
  const { tokens, document } = parse(text, file);
  CST.setScalarValue(tagNode(document, file).token, tag, { type: 'QUOTE_SINGLE' });
  const edited = tokens.map((token) => CST.stringify(token)).join('');
  if (readImageTag(edited, file) !== tag) {
    throw new ValuesFileFormatError(`Setting image.tag in ${file} did not read back as ${tag}.`);
  }
  return edited;
}
