/** Where a values change goes. */
export type Delivery =
  /** A commit on the current branch of the working tree; nothing is pushed. */
  | { readonly kind: 'local' }
  /** A commit on the remote branch's newest head, pushed; re-applied and retried when the push is rejected. */
  | { readonly kind: 'push'; readonly remote: string; readonly branch: string; readonly attempts: number }
  /** A commit on the remote base branch's head, pushed as a new branch (for a pull request). */
  | {
      readonly kind: 'pull-request-branch';
      readonly remote: string;
      readonly baseBranch: string;
      readonly branch: string;
    };
