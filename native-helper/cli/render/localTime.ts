/** A time as this machine's clock shows it, to the second: what `restore --version` reads when given no zone. */
export function localTime(iso: string): string {
  const t = new Date(iso);
  const two = (x: number): string => String(x).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
}
