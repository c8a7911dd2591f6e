/** The token of an `Authorization: Bearer <token>` header, however the scheme is spelled; null otherwise. */
export function bearerTokenOf(authorization: string | undefined): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? null;
}
