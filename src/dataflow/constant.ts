/** A value known at analysis time, in any language front-end (strings, numbers, booleans, null, sequences). */
export type Constant = string | number | boolean | null | readonly Constant[];
