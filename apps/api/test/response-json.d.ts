// In tests, response bodies are read as loosely typed JSON and checked with expect().
declare global {
  interface Response {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    json(): Promise<any>;
  }
}
export {};
