import type { Confidence } from '../../../../core/finding.js';
import type { FrameworkSpec } from '../../../../dataflow/spec.js';
import type { SourceKind } from '../../../../dataflow/taint.js';

/**
 * A call that writes untrusted data into memory its caller passes (`fgets(buf, …)`,
 * `read(fd, buf, n)`, `scanf("%d", &n)`): the C way of returning input.
 */
export interface OutArgSource {
  readonly call: readonly string[];
  /** Indexes of the arguments written; `fromFormat` means every argument after the format at that index. */
  readonly args?: readonly number[];
  readonly fromFormat?: number;
  readonly kind: SourceKind;
  readonly label: string;
  readonly confidence: Confidence;
}

/** Sources, sinks and sanitizers of one C/C++ library, in the shared spec format plus out-argument sources. */
export interface CppLibrarySpec extends FrameworkSpec {
  readonly outArgs?: readonly OutArgSource[];
}
