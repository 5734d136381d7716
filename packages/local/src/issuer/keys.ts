import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

interface StoredKey {
  kid: string;
  createdAt: string;
  privateJwk: JWK;
}

async function newKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  return {
    kid,
    createdAt: new Date().toISOString(),
    privateJwk: { ...privateJwk, kid, alg: "RS256", use: "sig" },
  };
}

async function load(stored: StoredKey): Promise<SigningKey> {
  const privateKey = (await importJWK(stored.privateJwk, "RS256")) as CryptoKey;
  const { kty, n, e } = stored.privateJwk;
  return { kid: stored.kid, privateKey, publicJwk: { kty, n, e, kid: stored.kid, alg: "RS256", use: "sig" } };
}

/**
 * The issuer's RS256 keys. They live in a file (`.data/issuer/keys.json`) so tokens survive a
 * restart; `memory` keeps them in memory only (tests). The newest key signs; older ones stay in
 * the JWKS until a rotation drops them, as Cognito does.
 */
export class KeyStore {
  private constructor(
    private readonly file: string | undefined,
    private stored: StoredKey[],
    private loaded: SigningKey[],
  ) {}

  static async open(file: string | "memory"): Promise<KeyStore> {
    const path = file === "memory" ? undefined : file;
    let stored: StoredKey[] = [];
    if (path && existsSync(path))
      stored = (JSON.parse(readFileSync(path, "utf8")) as { keys: StoredKey[] }).keys;
    const store = new KeyStore(path, stored, await Promise.all(stored.map(load)));
    if (stored.length === 0) await store.rotate();
    return store;
  }

  /** Adds a new signing key; keeps the previous one so tokens it signed still verify. */
  async rotate(): Promise<SigningKey> {
    const key = await newKey();
    this.stored = [key, ...this.stored].slice(0, 2);
    this.loaded = await Promise.all(this.stored.map(load));
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify({ keys: this.stored }, null, 2), { mode: 0o600 });
    }
    return this.current;
  }

  get current(): SigningKey {
    const key = this.loaded[0];
    if (!key) throw new Error("The key store has no key");
    return key;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.loaded.map((key) => key.publicJwk) };
  }
}
