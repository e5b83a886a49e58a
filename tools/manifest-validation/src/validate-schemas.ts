import { describeManifest, type Manifest, type Violation } from './manifest.js';
import { modelModule } from './model-modules.js';

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/**
 * Checks each object against its API's OpenAPI schema (types, required fields, enums, formats),
 * through the generated models. Kinds with no model are violations too: nothing goes unchecked.
 */
export async function validateSchemas(manifests: readonly Manifest[]): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const manifest of manifests) {
    const object = describeManifest(manifest);
    const modulePath = modelModule(manifest.apiVersion);
    const Model = modulePath
      ? ((await import(modulePath).catch(() => ({}))) as Record<string, ModelClass | undefined>)[manifest.kind]
      : undefined;
    if (!Model) {
      violations.push({ object, message: `no schema for ${manifest.apiVersion} ${manifest.kind}` });
      continue;
    }
    try {
      new Model(manifest).validate();
    } catch (error) {
      violations.push({ object, message: (error as Error).message });
    }
  }
  return violations;
}
