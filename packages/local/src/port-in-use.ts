/** A port the offline stack needs is taken; the message names the variable that moves it. */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(`Port ${port} is taken: stop what uses it, or set ${variable} to another port in .env`);
  }
}
