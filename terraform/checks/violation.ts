/** One broken rule: a stable rule id (what tests match on), where it broke, and what is wrong. */
export interface Violation {
  rule: string;
  where: string;
  message: string;
}

export const violation = (rule: string, where: string, message: string): Violation => ({ rule, where, message });

/** One line per violation, for assertion messages. */
export const describeViolations = (violations: readonly Violation[]) =>
  violations.map(({ rule, where, message }) => `[${rule}] ${where}: ${message}`).join('\n');
