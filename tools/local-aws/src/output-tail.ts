/** Keeps the last lines a child process printed, for error messages, without echoing them. */
export class OutputTail {
  readonly #maxLines: number;
  readonly #lines: string[] = [];
  #partial = '';

  constructor(maxLines = 50) {
    this.#maxLines = maxLines;
  }

  /** Adds a chunk of output; returns the complete lines it finished. */
  push(chunk: string): string[] {
    const parts = (this.#partial + chunk).split(/\r?\n/);
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#lines.push(line);
    this.#lines.splice(0, Math.max(0, this.#lines.length - this.#maxLines));
    return parts;
  }

  /** The kept lines (and any unfinished last line), joined with newlines. */
  text(): string {
    return [...this.#lines, ...(this.#partial ? [this.#partial] : [])].join('\n');
  }
}
