/** A path as a terminal can show it: quoted and escaped when it holds control characters (a newline…). */
export function displayPath(p: string): string {
  return /[\u0000-\u001f\u007f]/.test(p) ? JSON.stringify(p) : p;
}
