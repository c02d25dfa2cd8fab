import type { ReviewResult } from '../core/result.js';

/**
 * Reviews the change a patch describes (the CLI runs `review --patch` on it), or says why it
 * could not run (a bad configuration or baseline). Injected, so the integrations do not depend
 * on how a review is put together.
 */
export type PatchReview = (patch: Uint8Array) => Promise<{ readonly ok: true; readonly result: ReviewResult } | { readonly ok: false; readonly message: string }>;
