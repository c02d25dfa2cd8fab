// Paths as review sites name files.

/** Repository-relative path with forward slashes, as Gerrit and GitHub name files. */
export function sitePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
