/** An action that is not allowed now; the message says why, in words for a complaints officer. */
export class ActionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionRefusedError';
  }
}
