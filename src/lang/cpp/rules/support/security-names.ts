/** Names that say a value protects something: keys, tokens, passwords, nonces, signatures. */
export const SECURITY_NAME = /(?:pass(?:wd|word|phrase)?|pwd|secret|token|session|nonce|salt|(?:^|_)iv(?:$|_)|otp|pin(?:$|_)|auth|cookie|csrf|signature|sign(?:$|_)|hmac|credential|api_?key|private|crypt|(?:^|_)key(?:$|_|s)|challenge|verif)/i;

/** Names that say a value is only for integrity, caching or display, not for security. */
export const NON_SECURITY_NAME = /(?:checksum|etag|cache|fingerprint_?for_?display|dedup|hash_?table|bucket|shuffle|jitter|color|colour|dice|game|sample|test|mock|demo)/i;
