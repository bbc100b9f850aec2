/**
 * The token `serve` exchanges: the content of the token file, read again when the file changes (projected
 * tokens rotate; `kubectl create token` is run again) and whenever a request brings a token that differs.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { readClaims, readTokenFile, TokenClaims, TokenFileError } from '../token';

const POLL_INTERVAL_MS = 1000;

function digestOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TokenSource {
  private current: string;
  private digest: string;
  private currentClaims: TokenClaims | undefined;

  constructor(
    readonly path: string,
    private readonly onChange: (message: string) => void,
  ) {
    this.current = readTokenFile(path).token;
    this.digest = digestOf(this.current);
    this.currentClaims = readClaims(this.current);
  }

  get token(): string {
    return this.current;
  }

  /** The claims of the file's token, read once per token. */
  get claims(): TokenClaims | undefined {
    return this.currentClaims;
  }

  /** Watches the file (by polling, which survives the symlink swaps of projected volumes). */
  start(): void {
    fs.watchFile(this.path, { interval: POLL_INTERVAL_MS, persistent: false }, () => this.reload());
  }

  stop(): void {
    fs.unwatchFile(this.path);
  }

  /** Whether `presented` is the file's token; reads the file again before saying no. */
  matches(presented: string): boolean {
    if (this.equals(presented)) return true;
    this.reload();
    return this.equals(presented);
  }

  /** Compares digests, so that the time taken says nothing about the token. */
  private equals(presented: string): boolean {
    return digestOf(presented) === this.digest;
  }

  private reload(): void {
    let next: string;
    try {
      next = readTokenFile(this.path).token;
    } catch (error) {
      // A file being rewritten can be briefly missing or empty: keep the token we have.
      if (error instanceof TokenFileError) return;
      throw error;
    }
    if (next === this.current) return;
    this.current = next;
    this.digest = digestOf(next);
    this.currentClaims = readClaims(next);
    this.onChange(`the token file ${this.path} changed: using the new token`);
  }
}
