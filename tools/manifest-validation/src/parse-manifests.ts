import { parseAllDocuments } from 'yaml';
import type { Manifest } from './manifest.js';

/** Every non-empty YAML document of a stream (helm template output, a manifests file). */
export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map((e) => e.message).join('; '));
      return document.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null && typeof manifest === 'object');
}
