export interface GatewayResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** API Gateway's own answers, byte for byte: `{"message":"…"}`. */
export function gatewayAnswer(
  status: number,
  message: string,
  headers: [string, string][] = [],
): GatewayResponse {
  return {
    status,
    headers: [["content-type", "application/json"], ...headers],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/**
 * Maps a Lambda result to an HTTP response by payload format 2.0's rules: a result with
 * `statusCode` is used as given (`cookies` become `set-cookie` headers, `isBase64Encoded` bodies
 * are decoded); any other valid JSON is a 200 `application/json` response with that JSON as body.
 */
export function fromLambdaResult(result: unknown): GatewayResponse {
  if (result === undefined) return gatewayAnswer(500, "Internal Server Error");
  if (result !== null && typeof result === "object" && "statusCode" in result) {
    const structured = result as {
      statusCode: number;
      headers?: Record<string, string | number | boolean>;
      cookies?: string[];
      body?: string;
      isBase64Encoded?: boolean;
    };
    const headers: [string, string][] = Object.entries(structured.headers ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      String(value),
    ]);
    for (const cookie of structured.cookies ?? []) headers.push(["set-cookie", cookie]);
    const body = Buffer.from(structured.body ?? "", structured.isBase64Encoded ? "base64" : "utf8");
    return { status: structured.statusCode, headers, body };
  }
  const body = typeof result === "string" ? result : JSON.stringify(result);
  return { status: 200, headers: [["content-type", "application/json"]], body: Buffer.from(body) };
}
