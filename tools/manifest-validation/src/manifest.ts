/** A Kubernetes-style object as rendered or written in YAML. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** One thing wrong with one object: which object, where in it, and what. */
export interface Violation {
  readonly object: string;
  readonly message: string;
}

export const describeManifest = (m: Manifest) => `${m.kind}/${m.metadata?.name ?? '<unnamed>'}`;
