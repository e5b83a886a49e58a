/** An emulator exited or did not answer while starting; `output` is the end of what it printed. */
export class EmulatorStartError extends Error {
  readonly output: string;

  constructor(message: string, output: string) {
    super(output ? `${message}. Its last output:\n${output}` : message);
    this.name = 'EmulatorStartError';
    this.output = output;
  }
}
