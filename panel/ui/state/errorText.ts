/** What an error says, for the view that shows it (the helper's messages are written for editors). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
